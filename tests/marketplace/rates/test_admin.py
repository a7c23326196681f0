"""The admin lists the rates to anyone allowed to view them; only superusers edit."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from marketplace.rates.models import ExchangeRate
from tests.marketplace.rates.samples import OCT_30

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client):
    user = get_user_model().objects.create_user("rates-viewer", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="rates", codename="view_exchangerate")
    )
    client.force_login(user)
    return client


def test_the_list_filters_by_currency_and_date(ecb_rates, admin_client):
    url = reverse("admin:rates_exchangerate_changelist")

    response = admin_client.get(url, {"currency": "CNY", "as_of__year": "2026"})

    assert response.status_code == 200
    assert [str(rate) for rate in response.context["cl"].result_list] == [
        "1 EUR = 7.4326 CNY on 2026-10-30",
        "1 EUR = 7.4144 CNY on 2026-10-29",
    ]


def test_a_superuser_corrects_a_rate(ecb_rates, admin_client):
    rate = ExchangeRate.objects.get(currency="USD", as_of=OCT_30)
    url = reverse("admin:rates_exchangerate_change", args=[rate.pk])

    response = admin_client.post(url, {
        "currency": "USD", "rate": "1.1173", "as_of": "2026-10-30", "source": "manual",
    })

    assert response.status_code == 302
    rate.refresh_from_db()
    assert (str(rate.rate), rate.source) == ("1.11730000", "manual")


def test_staff_who_may_view_cannot_add_change_or_delete(ecb_rates, viewer):
    rate = ExchangeRate.objects.get(currency="USD", as_of=OCT_30)
    change = reverse("admin:rates_exchangerate_change", args=[rate.pk])

    assert viewer.get(reverse("admin:rates_exchangerate_changelist")).status_code == 200
    assert viewer.get(reverse("admin:rates_exchangerate_add")).status_code == 403
    assert viewer.post(change, {
        "currency": "USD", "rate": "9", "as_of": "2026-10-30", "source": "x",
    }).status_code == 403
    assert viewer.post(reverse("admin:rates_exchangerate_delete", args=[rate.pk]),
                       {"post": "yes"}).status_code == 403
    rate.refresh_from_db()
    assert str(rate.rate) == "1.11720000"
