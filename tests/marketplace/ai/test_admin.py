"""The usage ledger in the admin: read-only, filterable, with totals of what the rows cost."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.ai.models import UsageRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    common = {"model": "gpt-4o-mini", "latency_ms": 800}
    UsageRecord.objects.create(
        purpose="translation", outcome="ok", prompt_tokens=1000, completion_tokens=200,
        cost=Decimal("0.27"), **common,
    )  # fmt: skip
    UsageRecord.objects.create(
        purpose="translation", outcome="bad_output", prompt_tokens=500, completion_tokens=100,
        cost=Decimal("0.135"), **common,
    )  # fmt: skip
    UsageRecord.objects.create(
        purpose="compliance_review", outcome="ok", prompt_tokens=10, completion_tokens=1,
        cost=Decimal("0.01"), **common,
    )  # fmt: skip


def test_the_changelist_totals_follow_the_filters(records, admin_client):
    url = reverse("admin:ai_usagerecord_changelist")

    response = admin_client.get(url, {"purpose": "translation"})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2
    assert response.context["usage_totals"] == {
        "prompt_tokens": 1500,
        "completion_tokens": 300,
        "cost": Decimal("0.405"),
    }
    assert b"1500</strong> input tokens" in response.content


def test_the_ledger_cannot_be_edited_in_the_admin(records, admin_client):
    record = UsageRecord.objects.first()

    add = admin_client.get(reverse("admin:ai_usagerecord_add"))
    change = admin_client.post(
        reverse("admin:ai_usagerecord_change", args=[record.pk]), {"cost": "0"}
    )
    view = admin_client.get(reverse("admin:ai_usagerecord_change", args=[record.pk]))

    assert add.status_code == 403
    assert change.status_code == 403
    assert view.status_code == 200  # viewing stays possible
    record.refresh_from_db()
    assert record.cost != 0
