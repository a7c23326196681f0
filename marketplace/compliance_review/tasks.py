"""The Celery front door of `services.run_review`: thin, takes ids, safe to run twice."""

from __future__ import annotations

from celery import Task, shared_task
from celery.exceptions import MaxRetriesExceededError
from django.db.models import Q, QuerySet

from marketplace.catalog.models import Listing
from marketplace.compliance.models import JobStatus
from marketplace.compliance_review.models import ClaimReview, ReviewStatus
from marketplace.compliance_review.services import create_review, run_review
from marketplace.ops.dispatch import JobKind, register_job_kind, send_on_commit
from marketplace.translation.tasks import MAX_RESCHEDULES, reschedule_countdown
from regions.core.models import Region

# The reschedule policy (MAX_RESCHEDULES, backoff) is the translation task's: a model outage
# is the same outage whichever feature meets it.
MISSING = "missing"


@shared_task(bind=True, name="compliance_review.review_listing", acks_late=True)
def review_listing(self: Task, listing_id: int, region_code: str,
                   review_id: int | None = None) -> str:
    """Run the AI review of a listing for a region; returns the review's status.

    With `review_id` (what `enqueue_review` sends) that review is run, so a redelivered
    message finds it finished and sends nothing. Without it, an unfinished review of the pair
    is picked up before a new one is made. Reschedules itself after a temporary failure
    (honouring Retry-After) and while another live run holds the review."""
    listing = Listing.objects.filter(pk=listing_id).first()
    region = Region.objects.filter(code=region_code).first()
    if listing is None or region is None:
        return MISSING  # deleted since it was queued: nothing to review
    review = _review_to_run(listing, region, review_id)
    if review is None:
        return MISSING
    review = run_review(listing, region, review=review)
    countdown = reschedule_countdown(review, self.request.retries)
    if countdown is None:
        return review.status
    try:
        raise self.retry(args=(listing_id, region_code), kwargs={"review_id": review.pk},
                         countdown=countdown, max_retries=MAX_RESCHEDULES)
    except MaxRetriesExceededError:
        # The review stays failed and resumable: running the task (or the command) again
        # picks it up.
        return review.status


def _review_to_run(listing: Listing, region: Region, review_id: int | None) -> ClaimReview | None:
    reviews = ClaimReview.objects.filter(listing=listing, region=region)
    if review_id is not None:
        return reviews.filter(pk=review_id).first()
    reviews = standalone(reviews)
    unfinished = (reviews.filter(status__in=(ReviewStatus.QUEUED, ReviewStatus.RUNNING))
                  | reviews.filter(status=ReviewStatus.FAILED, resumable=True))
    return unfinished.order_by("-created_at", "-pk").first() or create_review(listing, region)


def standalone(reviews: QuerySet) -> QuerySet:
    """The reviews this task may pick up: those asked for on their own, and those a compliance
    check left unfinished once that check is over. The review of an unfinished check is the
    check's: its next run resumes it (services.run_check_review), and a second runner here
    would only pay for the same request twice."""
    return reviews.filter(Q(check_job__isnull=True)
                          | Q(check_job__status__in=(JobStatus.DONE, JobStatus.FAILED)))


def enqueue_review(listing: Listing, region: Region) -> ClaimReview:
    """A queued review, sent to a worker once the transaction that created it commits."""
    review = create_review(listing, region)
    send_on_commit(lambda: _send(review), f"claim review {review.pk}")
    return review


def _send(review: ClaimReview) -> None:
    review_listing.delay(review.listing_id, review.region.code, review_id=review.pk)


# A check's review is swept with its check (the compliance_check kind), not here.
register_job_kind(JobKind(
    "claim_review", lambda: standalone(ClaimReview.objects.filter(status=ReviewStatus.QUEUED))
    .select_related("region"), _send,
    running=lambda: standalone(ClaimReview.objects.filter(status=ReviewStatus.RUNNING))
    .select_related("region")))
