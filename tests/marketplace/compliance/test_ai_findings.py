"""AI review findings in the compliance report: open → warning, confirmed → blocker, dismissed
→ left out; a skipped or failed review is said so; AI text is escaped where shown as HTML."""

from django.utils import timezone

from marketplace.compliance.services import record_reports, summary_from_report
from marketplace.compliance_review.models import ClaimFinding, ClaimReview
from regions.compliance.messages import render_html
from regions.core.market import resolve_market_context


def review(listing, region, status="completed", message=""):
    return ClaimReview.objects.create(listing=listing, region=region, status=status,
                                      message=message, finished_at=timezone.now())


def claim(done, kind, evidence, status="open"):
    return ClaimFinding.objects.create(
        review=done, listing=done.listing, region=done.region, kind=kind, evidence=evidence,
        explanation="No certificate of this kind is on record.", status=status)


def ai_findings(report):
    return {f["code"]: f["severity"] for f in report.findings if f["code"].startswith("ai")}


def test_open_is_a_warning_confirmed_a_blocker_dismissed_left_out(packs, listing):
    done = review(listing, packs["eu"])
    claim(done, "unbacked_certification_claim", "CE certified")
    claim(done, "medical_or_safety_claim", "cures tinnitus", status="confirmed")
    claim(done, "category_mismatch", "wireless", status="dismissed")

    [report] = record_reports([listing], packs["eu"], trigger="api")

    assert ai_findings(report) == {"ai.unbacked_certification_claim": "warning",
                                   "ai.medical_or_safety_claim": "blocker"}
    assert report.ai_status == "completed"


def test_a_confirmed_ai_finding_blocks_at_the_gate(packs, supplier, listing):
    done = review(listing, packs["eu"])
    claim(done, "medical_or_safety_claim", "cures tinnitus", status="confirmed")
    [report] = record_reports([listing], packs["eu"], trigger="api")

    summary = summary_from_report(report, resolve_market_context(region="eu", country="FR",
                                                                 buyer="business"))
    [finding] = [f for f in summary.findings if f.code.startswith("ai.")]
    assert finding.severity == "blocker" and not summary.sellable
    assert "“cures tinnitus”" in finding.message


def test_a_skipped_review_is_said_so(packs, listing):
    review(listing, packs["eu"], status="skipped", message="AI review is off: no AI_API_KEY.")

    [report] = record_reports([listing], packs["eu"], trigger="api")

    assert ai_findings(report) == {"ai_review_skipped": "info"}
    assert report.ai_status == "skipped"


def test_a_failed_review_is_a_warning_and_the_rules_still_count(packs, listing):
    review(listing, packs["eu"], status="failed", message="The model's reply was unusable.")

    [report] = record_reports([listing], packs["eu"], trigger="api")

    assert ai_findings(report) == {"ai_review_failed": "warning"}
    assert "certificate_missing" in report.codes


def test_ai_text_is_escaped_in_html(packs, listing):
    done = review(listing, packs["eu"])
    claim(done, "unbacked_certification_claim", '<img src=x onerror="alert(1)">')
    [report] = record_reports([listing], packs["eu"], trigger="api")
    [finding] = [f for f in report.findings if f["code"].startswith("ai.")]

    html = render_html(finding["code"], finding["params"])

    assert "<img" not in html and "&lt;img" in html
