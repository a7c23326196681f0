"""POST compliance-checks with an AI service configured (the local OpenAI-compatible fake
server): the job runs the rule check and the AI review, and the report carries both; a
failing or malformed reply fails the review, not the check."""

import pytest
from rest_framework.test import APIClient

from marketplace.compliance.models import ComplianceCheckJob, ComplianceReport
from marketplace.compliance.tasks import run_check
from tests.marketplace.ai.conftest import FAKE_KEY, fake_openai  # noqa: F401
from tests.marketplace.ai.fake_openai import FAKE_MODEL
from tests.marketplace.compliance_review.review_fixtures import (
    EACH_KIND,
    make_listing,
    push_findings,
)


@pytest.fixture
def ai_on(settings, fake_openai):  # noqa: F811
    settings.AI_API_KEY = FAKE_KEY
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = FAKE_MODEL
    settings.AI_MAX_RETRIES = 0
    return fake_openai


@pytest.fixture
def speaker(packs, member, supplier):
    """A Bluetooth speaker claiming CE and FDA approval (the review app's own fixture text)."""
    return make_listing(supplier)


def queue_and_run(member, listing) -> ComplianceReport:
    client = APIClient()
    client.force_authenticate(member)
    response = client.post(f"/api/v1/listings/{listing.pk}/compliance-checks/",
                           {"region": "eu"}, format="json")
    assert response.status_code == 202 and response.json()["with_ai"] is True
    job = ComplianceCheckJob.objects.get(pk=response.json()["job"])
    assert run_check(job.pk) == "done"
    job.refresh_from_db()
    return job.report


def test_the_report_carries_rule_and_ai_findings(ai_on, member, speaker):
    push_findings(ai_on, EACH_KIND)

    report = queue_and_run(member, speaker)

    assert report.ai_status == "completed"
    ai = {f["code"]: f["severity"] for f in report.findings if f["code"].startswith("ai.")}
    assert ai == {"ai.unbacked_certification_claim": "warning",
                  "ai.medical_or_safety_claim": "warning",
                  "ai.missing_mandatory_warning": "warning",
                  "ai.category_mismatch": "warning"}
    assert "certificate_missing" in report.codes  # the rules ran too
    assert ComplianceReport.objects.filter(listing=speaker, is_latest=True).count() == 1


def test_a_server_error_fails_the_review_and_the_check_still_completes(ai_on, member, speaker):
    ai_on.push_error(500, "upstream exploded")

    report = queue_and_run(member, speaker)

    assert report.ai_status == "failed"
    [failed] = [f for f in report.findings if f["code"] == "ai_review_failed"]
    assert failed["severity"] == "warning"
    assert "certificate_missing" in report.codes


def test_a_malformed_reply_fails_the_review_without_findings(ai_on, member, speaker):
    ai_on.push_content("this is not JSON <b>at all</b>")

    report = queue_and_run(member, speaker)

    assert report.ai_status == "failed"
    assert not [f for f in report.findings if f["code"].startswith("ai.")]


def test_without_a_key_the_job_skips_the_ai_review(settings, member, speaker):
    settings.AI_API_KEY = ""
    client = APIClient()
    client.force_authenticate(member)
    response = client.post(f"/api/v1/listings/{speaker.pk}/compliance-checks/",
                           {"region": "eu"}, format="json")
    job = ComplianceCheckJob.objects.get(pk=response.json()["job"])
    run_check(job.pk)
    job.refresh_from_db()

    assert response.json()["with_ai"] is False
    assert job.report.ai_status == "skipped"
    assert "ai_review_skipped" in job.report.codes
