"""review_claims: runs the reviews and prints findings per kind and the ledger's cost."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.compliance_review.models import ClaimReview
from tests.marketplace.compliance_review.review_fixtures import (
    EACH_KIND,
    finding,
    make_listing,
    push_findings,
)

pytestmark = pytest.mark.django_db


def review_claims(*args: str) -> str:
    out = StringIO()
    call_command("review_claims", *args, stdout=out)
    return out.getvalue()


def test_prints_counts_per_kind_and_the_cost(ai_settings, fake_openai, speaker, supplier,
                                             packs):
    other = make_listing(supplier, title="Wireless Bluetooth speaker BT200")
    push_findings(fake_openai, EACH_KIND)
    push_findings(fake_openai, [finding("category_mismatch", "Wireless Bluetooth speaker"),
                                finding("category_mismatch", "not in the text")])

    output = review_claims("--region", "eu", "--listing", str(speaker.pk), str(other.pk))

    lines = output.splitlines()
    assert lines[0] == f"[1/2] listing {speaker.pk}: completed – 4 finding(s)."
    assert lines[1:] == [
        f"[2/2] listing {other.pk}: completed – 1 finding(s); 1 dropped (evidence not in the "
        "listing text: 1).",
        "Reviews: completed 2.",
        "Findings by kind:",
        "  ai.unbacked_certification_claim: 1",
        "  ai.medical_or_safety_claim: 1",
        "  ai.missing_mandatory_warning: 1",
        "  ai.category_mismatch: 2",
        # 2 × (120 × 0.15 + 30 × 0.60) / 1000
        "Requests: 2; tokens: 240 prompt + 60 completion; cost: 0.0720.",
    ]


def test_without_an_api_key_every_review_is_skipped(settings, fake_openai, speaker, packs):
    settings.AI_API_KEY = ""

    output = review_claims("--region", "eu")

    assert "Reviews: skipped 1." in output
    assert "Requests: 0; tokens: 0 prompt + 0 completion; cost: 0.0000." in output
    assert output.rstrip().endswith("AI review is off: no AI_API_KEY configured (set "
                                    "AI_API_KEY, and AI_BASE_URL for a self-hosted server).")
    assert fake_openai.requests == []


def test_an_unknown_region_or_listing_is_refused(speaker, packs):
    with pytest.raises(CommandError, match="No region “mars”"):
        review_claims("--region", "mars")
    with pytest.raises(CommandError, match=f"No listing with id {speaker.pk + 99}"):
        review_claims("--region", "eu", "--listing", str(speaker.pk + 99))
    assert ClaimReview.objects.count() == 0


def three_listings(speaker, supplier):
    return [speaker, *(make_listing(supplier, title=f"Wireless Bluetooth speaker BT{n}")
                       for n in (200, 300))]


def test_a_rejected_key_stops_the_run_at_once_with_one_message(ai_settings, fake_openai,
                                                               speaker, supplier, packs):
    listings = three_listings(speaker, supplier)
    fake_openai.push_error(401, "Incorrect API key", code="invalid_api_key")
    out = StringIO()

    with pytest.raises(CommandError) as stopped:
        call_command("review_claims", "--region", "eu", stdout=out)

    assert len(fake_openai.requests) == 1
    message = str(stopped.value)
    assert message.startswith(f"Stopped at listing {speaker.pk}: AI review failed: the AI "
                              "settings need fixing. The server rejected the API key (HTTP 401)")
    assert message.endswith("Nothing more was sent. Fix the settings, then run: manage.py "
                            "review_claims --region eu --listing "
                            + " ".join(str(x.pk) for x in listings))
    assert "HTTP 401" not in out.getvalue()  # said once, not per listing
    assert "Reviews: failed 1." in out.getvalue()
    assert list(ClaimReview.objects.values_list("listing", "status")) == [
        (speaker.pk, "failed")]


def test_an_unknown_model_stops_the_run_at_once(ai_settings, fake_openai, speaker, supplier,
                                                packs):
    three_listings(speaker, supplier)
    fake_openai.push_error(404, "The model `gpt-9` does not exist", code="model_not_found")

    with pytest.raises(CommandError, match=r"Not found \(HTTP 404\).*check AI_MODEL"):
        review_claims("--region", "eu")

    assert len(fake_openai.requests) == 1


def test_persistent_429_trips_the_breaker_and_says_how_to_resume(ai_settings, fake_openai,
                                                                  speaker, supplier, packs):
    ai_settings.AI_MAX_RETRIES = 2
    listings = three_listings(speaker, supplier)
    for _ in range(10):
        fake_openai.push_error(429, "Rate limit reached", retry_after="0")

    with pytest.raises(CommandError) as stopped:
        review_claims("--region", "eu")

    # One listing's request and the client's 2 retries, then nothing more.
    assert len(fake_openai.requests) == 3
    message = str(stopped.value)
    assert message.startswith(f"Stopped at listing {speaker.pk} after repeated temporary "
                              "failures: AI review failed after a temporary error")
    assert "HTTP 429" in message
    assert message.endswith("3 listing(s) were not reviewed; to continue where it stopped, "
                            "run later: manage.py review_claims --region eu --listing "
                            + " ".join(str(x.pk) for x in listings))


def test_a_bad_reply_fails_that_listing_only_and_the_run_goes_on(ai_settings, fake_openai,
                                                                 speaker, supplier, packs):
    other = make_listing(supplier, title="Wireless Bluetooth speaker BT200")
    fake_openai.push_content("this is not JSON")
    push_findings(fake_openai, [finding("category_mismatch", "Wireless Bluetooth speaker")])

    output = review_claims("--region", "eu", "--listing", str(speaker.pk), str(other.pk))

    assert "Reviews: completed 1, failed 1." in output
    assert len(fake_openai.requests) == 2


def test_new_findings_reach_the_stored_report_at_once(ai_settings, fake_openai, speaker,
                                                      packs):
    from marketplace.compliance.models import ComplianceReport

    push_findings(fake_openai, EACH_KIND)

    review_claims("--region", "eu", "--listing", str(speaker.pk))

    report = ComplianceReport.objects.get(listing=speaker, region=packs["eu"], is_latest=True)
    assert (report.trigger, report.ai_status) == ("ai_review", "completed")
    assert {f["code"] for f in report.findings if f["code"].startswith("ai.")} == {
        "ai.unbacked_certification_claim", "ai.medical_or_safety_claim",
        "ai.missing_mandatory_warning", "ai.category_mismatch"}
