"""A compliance check whose worker died during its AI review: the check's next run (the
sweeper re-sends it once its lease expired) resumes that review, so the listing ends with one
completed review for the check, never a second one beside a half-written first."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from marketplace.compliance.models import ComplianceCheckJob, JobStatus
from marketplace.compliance.tasks import run_check
from marketplace.compliance_review.models import ClaimReview, ReviewStatus
from marketplace.compliance_review.services import create_review, run_check_review
from marketplace.ops import dispatch
from tests.marketplace.compliance_review.review_fixtures import EACH_KIND, push_findings

pytestmark = pytest.mark.django_db

DEAD = "killed-host:1:abc"


def killed_during_review(speaker, region, *, review_lease: timedelta) -> tuple:
    """What a SIGKILLed worker leaves: the check running under its expired lease, and its
    review running under the dead run's lease (`review_lease` from now: negative, expired)."""
    now = timezone.now()
    check = ComplianceCheckJob.objects.create(
        listing=speaker, region=region, with_ai=True, status=JobStatus.RUNNING,
        claimed_by=DEAD, lease_expires_at=now - timedelta(seconds=1))
    review = ClaimReview.objects.create(
        listing=speaker, region=region, check_job=check, status=ReviewStatus.RUNNING,
        claimed_by=DEAD, started_at=now - timedelta(minutes=15),
        lease_expires_at=now + review_lease, source_hash=speaker.source_hash,
        languages=["en"])
    return check, review


@pytest.mark.parametrize("review_lease", [timedelta(seconds=-1), timedelta(minutes=5)],
                         ids=["review-lease-expired", "review-lease-still-live"])
def test_the_checks_next_run_resumes_its_half_written_review(ai_settings, fake_openai, speaker,
                                                             packs, review_lease):
    # Given a check killed half way through its AI review
    check, review = killed_during_review(speaker, packs["eu"], review_lease=review_lease)
    push_findings(fake_openai, EACH_KIND)

    # When the check runs again
    assert run_check(check.pk) == JobStatus.DONE

    # Then that review was finished, with one request, and no other review was made
    assert list(ClaimReview.objects.values_list("pk", "status", "check_job")) == [
        (review.pk, ReviewStatus.COMPLETED, check.pk)]
    assert len(fake_openai.requests) == 1
    review.refresh_from_db()
    assert review.claimed_by != DEAD
    assert (review.findings.count(), review.lease_expires_at) == (4, None)
    check.refresh_from_db()
    assert check.report.ai_status == "completed"
    assert sorted(f["code"] for f in check.report.findings if f["code"].startswith("ai.")) == [
        "ai.category_mismatch", "ai.medical_or_safety_claim", "ai.missing_mandatory_warning",
        "ai.unbacked_certification_claim"]
    # A redelivery of the dead worker's message changes nothing
    assert run_check(check.pk) == JobStatus.DONE
    assert (ClaimReview.objects.count(), len(fake_openai.requests)) == (1, 1)


def test_a_review_the_dead_run_had_finished_is_kept_with_no_new_request(ai_settings,
                                                                         fake_openai, speaker,
                                                                         packs):
    # Given a check killed after its review completed, before the check itself was done
    check, review = killed_during_review(speaker, packs["eu"],
                                         review_lease=timedelta(seconds=-1))
    ClaimReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.COMPLETED, lease_expires_at=None, finished_at=timezone.now(),
        message="0 finding(s).")

    assert run_check(check.pk) == JobStatus.DONE

    assert list(ClaimReview.objects.values_list("pk", "status")) == [
        (review.pk, ReviewStatus.COMPLETED)]
    assert fake_openai.requests == []
    check.refresh_from_db()
    assert (check.report.ai_status, check.message) == ("completed", "AI review completed: "
                                                                    "0 finding(s).")


def test_each_check_has_a_review_of_its_own(ai_settings, fake_openai, speaker, packs):
    first = ComplianceCheckJob.objects.create(listing=speaker, region=packs["eu"], with_ai=True)
    second = ComplianceCheckJob.objects.create(listing=speaker, region=packs["eu"],
                                               with_ai=True)
    push_findings(fake_openai, [])
    push_findings(fake_openai, [])

    assert (run_check(first.pk), run_check(second.pk)) == (JobStatus.DONE, JobStatus.DONE)
    # Running the first check's review again finds it finished
    again = run_check_review(speaker, packs["eu"], first)

    assert sorted(ClaimReview.objects.values_list("check_job", "status")) == [
        (first.pk, ReviewStatus.COMPLETED), (second.pk, ReviewStatus.COMPLETED)]
    assert again.check_job_id == first.pk
    assert len(fake_openai.requests) == 2


@pytest.fixture
def deliveries(monkeypatch, settings):
    """The real check and review kinds; a check's message is delivered to a worker in this
    process at once, a review's is only recorded: what the sweeper sends, and to whom."""
    settings.JOBS_RESEND_AFTER_SECONDS = 600
    cache.clear()
    import marketplace.compliance_review.tasks  # noqa: F401 (registers claim_review)

    sent: list[tuple[str, int, str]] = []
    check, review = dispatch._KINDS["compliance_check"], dispatch._KINDS["claim_review"]
    monkeypatch.setattr(dispatch, "_KINDS", {
        check.name: dispatch.JobKind(
            check.name, check.queued,
            lambda job: sent.append((check.name, job.pk, run_check(job.pk))), check.running),
        review.name: dispatch.JobKind(
            review.name, review.queued, lambda job: sent.append((review.name, job.pk, "")),
            review.running)})
    yield sent
    cache.clear()


def test_the_sweeper_re_sends_the_check_and_leaves_its_review_to_it(ai_settings, fake_openai,
                                                                    speaker, packs,
                                                                    deliveries):
    check, review = killed_during_review(speaker, packs["eu"],
                                         review_lease=timedelta(seconds=-1))
    push_findings(fake_openai, [])

    assert dispatch.resend_queued_jobs() == 1
    assert deliveries == [("compliance_check", check.pk, JobStatus.DONE)]
    assert dispatch.resend_queued_jobs() == 0  # nothing half-written is left to re-send

    assert list(ClaimReview.objects.values_list("pk", "status")) == [
        (review.pk, ReviewStatus.COMPLETED)]
    assert len(fake_openai.requests) == 1


def test_reviews_the_sweeper_finishes_on_their_own(speaker, packs, deliveries):
    # A review asked for on its own and one an already finished check left behind are
    # orphans of the claim_review kind; the review of a check still unfinished is not.
    expired = timezone.now() - timedelta(seconds=1)
    own = create_review(speaker, packs["eu"])
    finished_check = ComplianceCheckJob.objects.create(listing=speaker, region=packs["eu"],
                                                       status=JobStatus.DONE)
    left = ClaimReview.objects.create(listing=speaker, region=packs["eu"],
                                      check_job=finished_check)
    unfinished_check = ComplianceCheckJob.objects.create(
        listing=speaker, region=packs["eu"], status=JobStatus.RUNNING, claimed_by=DEAD,
        lease_expires_at=timezone.now() + timedelta(minutes=5))
    ClaimReview.objects.create(listing=speaker, region=packs["eu"], check_job=unfinished_check)
    ClaimReview.objects.update(status=ReviewStatus.RUNNING, claimed_by=DEAD,
                               lease_expires_at=expired)

    assert dispatch.resend_queued_jobs() == 2
    assert sorted(deliveries) == [("claim_review", own.pk, ""), ("claim_review", left.pk, "")]
