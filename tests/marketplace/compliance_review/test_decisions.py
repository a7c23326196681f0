"""decide(), decisions kept across re-runs, and the read side the compliance engine uses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.compliance.models import ComplianceReport
from marketplace.compliance_review.models import ClaimFinding, ClaimReview, ReviewStatus
from marketplace.compliance_review.services import (
    decide,
    findings_for,
    latest_reviews,
    run_review,
)
from tests.marketplace.compliance_review.review_fixtures import (
    EACH_KIND,
    finding,
    make_listing,
    push_findings,
)
from tests.region_fixtures import operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(fake_openai, make_client, speaker, packs) -> ClaimReview:
    """A completed EU review of the speaker with one finding of each kind."""
    push_findings(fake_openai, EACH_KIND)
    return run_review(speaker, packs["eu"], client=make_client())


def by_code(review: ClaimReview) -> dict[str, ClaimFinding]:
    return {f.code: f for f in review.findings.all()}


# -- decide ---------------------------------------------------------------------------------


def test_confirm_records_who_and_when(reviewed, eu_ops):
    target = by_code(reviewed)["ai.unbacked_certification_claim"]

    decided = decide(target, "confirmed", "", eu_ops)

    target.refresh_from_db()
    assert (target.status, target.decided_by, target.decision_reason) == (
        "confirmed", eu_ops, "")
    assert target.decided_at is not None and decided.decided_at == target.decided_at
    # And the history has the finding as the review made it, then the decision and who took it
    assert [(h.history_type, h.status, h.history_user) for h in target.history.all()] == [
        ("~", "confirmed", eu_ops), ("+", "open", None)]
    assert [(h.history_type, h.status) for h in reviewed.history.all()] == [
        ("~", "completed"), ("~", "running"), ("+", "queued")]


def test_a_decision_reaches_the_sales_gate_at_once(reviewed, eu_ops, packs):
    target = by_code(reviewed)["ai.unbacked_certification_claim"]
    stored = ComplianceReport.objects.filter(listing=reviewed.listing, region=packs["eu"])

    decide(target, "confirmed", "", eu_ops)

    report = stored.latest("checked_at")
    assert report.trigger == "ai_decision"
    assert " ai.unbacked_certification_claim " in report.finding_codes
    confirmed = [f for f in report.findings if f["code"] == "ai.unbacked_certification_claim"]
    assert [f["severity"] for f in confirmed] == ["blocker"]

    decide(target, "dismissed", "The CE DoC was uploaded after the review.", eu_ops)

    assert " ai.unbacked_certification_claim " not in stored.latest("checked_at").finding_codes


def test_dismiss_without_a_reason_is_refused_and_changes_nothing(reviewed, eu_ops):
    target = by_code(reviewed)["ai.medical_or_safety_claim"]

    with pytest.raises(ValidationError) as refused:
        decide(target, "dismissed", "   ", eu_ops)

    assert refused.value.message_dict == {
        "decision_reason": ["Say why the finding is dismissed."]}
    target.refresh_from_db()
    assert (target.status, target.decided_by, target.decided_at) == ("open", None, None)


def test_a_user_of_another_region_cannot_decide(reviewed, packs):
    us_ops = operator("us-operator", "us")
    target = by_code(reviewed)["ai.category_mismatch"]

    with pytest.raises(PermissionDenied):
        decide(target, "confirmed", "", us_ops)

    target.refresh_from_db()
    assert target.status == "open"


def test_an_unknown_decision_is_refused(reviewed, eu_ops):
    with pytest.raises(ValidationError):
        decide(by_code(reviewed)["ai.category_mismatch"], "open", "changed my mind", eu_ops)


# -- re-running keeps what people decided ------------------------------------------------------


def test_decisions_are_carried_over_when_the_review_runs_again(fake_openai, make_client,
                                                              reviewed, speaker, packs, eu_ops):
    # Given one finding confirmed and one dismissed
    first = by_code(reviewed)
    decide(first["ai.unbacked_certification_claim"], "confirmed", "No DoC uploaded", eu_ops)
    decide(first["ai.medical_or_safety_claim"], "dismissed", "Marketing, not medical", eu_ops)
    # When the model finds the same problems again (quoted a little differently) and a new one
    push_findings(fake_openai, [
        finding("unbacked_certification_claim", "ce   Certified"),
        finding("medical_or_safety_claim", "Relieves stress and improves sleep"),
        finding("category_mismatch", "Wireless Bluetooth speaker"),
        finding("unbacked_certification_claim", "FDA approved"),
    ])

    second = run_review(speaker, packs["eu"], client=make_client())

    # Then the decided ones keep their decisions, the others are open
    rows = {(f.kind, f.evidence): f for f in second.findings.all()}
    confirmed = rows[("unbacked_certification_claim", "ce   Certified")]
    dismissed = rows[("medical_or_safety_claim", "Relieves stress and improves sleep")]
    assert (confirmed.status, confirmed.decision_reason, confirmed.decided_by) == (
        "confirmed", "No DoC uploaded", eu_ops)
    assert confirmed.carried_from_id == first["ai.unbacked_certification_claim"].pk
    assert (dismissed.status, dismissed.decision_reason) == ("dismissed",
                                                             "Marketing, not medical")
    assert rows[("category_mismatch", "Wireless Bluetooth speaker")].status == "open"
    assert rows[("unbacked_certification_claim", "FDA approved")].status == "open"
    assert second.message == "4 finding(s), 2 keeping an earlier decision."
    # And the first review's findings are untouched
    assert {f.status for f in reviewed.findings.all()} == {"confirmed", "dismissed", "open"}


def test_a_decision_in_one_region_is_not_carried_into_another(fake_openai, make_client,
                                                             reviewed, speaker, packs, eu_ops):
    decide(by_code(reviewed)["ai.unbacked_certification_claim"], "confirmed", "", eu_ops)
    push_findings(fake_openai, [EACH_KIND[0]])

    us_review = run_review(speaker, packs["us"], client=make_client())

    assert us_review.findings.get().status == "open"


# -- the read side ---------------------------------------------------------------------------------


def test_findings_for_returns_the_latest_completed_review_in_one_query(
        fake_openai, make_client, reviewed, speaker, supplier, packs):
    # Given a second, newer review of the speaker with one finding, then a failed one, and a
    # listing reviewed in the US only
    push_findings(fake_openai, [EACH_KIND[3]])
    newer = run_review(speaker, packs["eu"], client=make_client())
    fake_openai.push_error(400, "bad request")
    failed = run_review(speaker, packs["eu"], client=make_client())
    other = make_listing(supplier, title="Wireless Bluetooth speaker BT200")
    push_findings(fake_openai, [EACH_KIND[0]])
    run_review(other, packs["us"], client=make_client())
    unreviewed = make_listing(supplier, title="Speaker BT300")

    with CaptureQueriesContext(connection) as queries:
        found = findings_for([speaker.pk, other.pk, unreviewed.pk], packs["eu"].pk)

    assert len(queries) == 1
    assert list(found) == [speaker.pk]
    assert [(f.review_id, f.code) for f in found[speaker.pk]] == [
        (newer.pk, "ai.category_mismatch")]
    assert failed.status == ReviewStatus.FAILED


def test_latest_reviews_returns_the_newest_of_any_status_in_one_query(
        fake_openai, make_client, reviewed, speaker, supplier, packs, settings):
    settings.AI_API_KEY = ""
    skipped = run_review(speaker, packs["eu"])
    unreviewed = make_listing(supplier, title="Speaker BT300")

    with CaptureQueriesContext(connection) as queries:
        latest = latest_reviews([speaker.pk, unreviewed.pk], packs["eu"].pk)

    assert len(queries) == 1
    assert {pk: (r.pk, r.status) for pk, r in latest.items()} == {
        speaker.pk: (skipped.pk, "skipped")}
    assert latest_reviews([speaker.pk], packs["us"].pk) == {}
