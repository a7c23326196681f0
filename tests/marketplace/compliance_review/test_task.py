"""The Celery task: runs a review once, reschedules itself after temporary failures."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from marketplace.compliance_review.models import ClaimReview, ReviewStatus
from marketplace.compliance_review.services import create_review
from marketplace.compliance_review.tasks import enqueue_review, review_listing
from marketplace.ops import dispatch
from marketplace.translation.tasks import MAX_RESCHEDULES, backoff
from tests.marketplace.compliance_review.review_fixtures import EACH_KIND, push_findings

pytestmark = pytest.mark.django_db


@pytest.fixture
def countdowns(monkeypatch) -> list[dict[str, Any]]:
    """The keyword arguments of every `self.retry` the task made (it still retries)."""
    calls: list[dict[str, Any]] = []
    real = review_listing.retry

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(review_listing, "retry", spy)
    return calls


def run_task(*args: Any, **kwargs: Any) -> str:
    # Eager: a retry runs at once, in this process, whatever its countdown
    return review_listing.apply(args=args, kwargs=kwargs).get()


def test_the_task_runs_a_review_once(ai_settings, fake_openai, speaker, packs):
    review = create_review(speaker, packs["eu"])
    push_findings(fake_openai, EACH_KIND)

    assert run_task(speaker.pk, "eu", review_id=review.pk) == ReviewStatus.COMPLETED
    # A redelivered message finds the review finished and sends nothing
    assert run_task(speaker.pk, "eu", review_id=review.pk) == ReviewStatus.COMPLETED

    assert len(fake_openai.requests) == 1
    review.refresh_from_db()
    assert (review.status, review.findings.count()) == ("completed", 4)


def test_without_a_review_id_an_unfinished_review_is_picked_up(ai_settings, fake_openai,
                                                              speaker, packs):
    queued = create_review(speaker, packs["eu"])
    push_findings(fake_openai, [])

    assert run_task(speaker.pk, "eu") == ReviewStatus.COMPLETED

    assert list(ClaimReview.objects.values_list("pk", "status")) == [(queued.pk, "completed")]


def test_the_task_reschedules_after_a_429_honouring_retry_after(ai_settings, fake_openai,
                                                               speaker, packs, countdowns):
    fake_openai.push_error(429, "slow down", retry_after="7")
    push_findings(fake_openai, EACH_KIND[:1])

    assert run_task(speaker.pk, "eu") == ReviewStatus.COMPLETED

    [review] = ClaimReview.objects.all()
    assert countdowns == [{"args": (speaker.pk, "eu"), "kwargs": {"review_id": review.pk},
                           "countdown": 7, "max_retries": MAX_RESCHEDULES}]
    assert (review.status, review.requests, review.retry_after, review.resumable) == (
        "completed", 2, None, False)
    assert review.findings.count() == 1


def test_the_task_backs_off_without_retry_after(ai_settings, fake_openai, speaker, packs,
                                                countdowns):
    fake_openai.push_error(500, "oops")
    fake_openai.push_error(503, "overloaded")
    push_findings(fake_openai, [])

    assert run_task(speaker.pk, "eu") == ReviewStatus.COMPLETED

    assert [call["countdown"] for call in countdowns] == [backoff(0), backoff(1)] == [30, 60]
    assert ClaimReview.objects.count() == 1


def test_the_task_gives_up_after_max_reschedules_leaving_the_review_resumable(
        ai_settings, fake_openai, speaker, packs, countdowns):
    for _ in range(MAX_RESCHEDULES + 1):
        fake_openai.push_error(503, "overloaded")

    assert run_task(speaker.pk, "eu") == ReviewStatus.FAILED

    review = ClaimReview.objects.get()
    assert (review.status, review.resumable, review.findings.count()) == ("failed", True, 0)
    assert len(fake_openai.requests) == MAX_RESCHEDULES + 1


def test_the_task_does_not_retry_a_bad_reply(ai_settings, fake_openai, speaker, packs,
                                             countdowns):
    fake_openai.push_content("Sure! Here are the findings: none.")

    assert run_task(speaker.pk, "eu") == ReviewStatus.FAILED

    assert (countdowns, len(fake_openai.requests)) == ([], 1)
    assert ClaimReview.objects.get().resumable is False


def test_the_task_skips_without_an_api_key(settings, fake_openai, speaker, packs):
    settings.AI_API_KEY = ""

    assert run_task(speaker.pk, "eu") == ReviewStatus.SKIPPED

    assert fake_openai.requests == []


def test_a_review_held_by_a_live_run_is_left_alone_until_its_lease_expires(
        ai_settings, fake_openai, speaker, packs, monkeypatch):
    review = create_review(speaker, packs["eu"])
    ClaimReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.RUNNING, claimed_by="other-host:1:abc",
        lease_expires_at=timezone.now() + timedelta(seconds=40))
    push_findings(fake_openai, [])
    calls: list[dict[str, Any]] = []
    real = review_listing.retry

    def expire_then_retry(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        ClaimReview.objects.filter(pk=review.pk).update(lease_expires_at=timezone.now())
        return real(*args, **kwargs)

    monkeypatch.setattr(review_listing, "retry", expire_then_retry)

    assert run_task(speaker.pk, "eu", review_id=review.pk) == ReviewStatus.COMPLETED

    [call] = calls
    assert call["countdown"] in (41, 42)
    assert len(fake_openai.requests) == 1


def test_a_deleted_listing_or_unknown_region_is_nothing_to_do(ai_settings, fake_openai,
                                                              speaker, packs):
    assert run_task(speaker.pk + 1000, "eu") == "missing"
    assert run_task(speaker.pk, "mars") == "missing"
    assert (fake_openai.requests, ClaimReview.objects.count()) == ([], 0)


def test_enqueue_sends_the_review_after_commit(speaker, packs, monkeypatch,
                                               django_capture_on_commit_callbacks):
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(review_listing, "delay", lambda *a, **kw: sent.append((a, kw)))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = enqueue_review(speaker, packs["eu"])
        assert sent == []
    for callback in callbacks:
        callback()

    assert review.status == ReviewStatus.QUEUED
    assert sent == [((speaker.pk, "eu"), {"review_id": review.pk})]


# -- a worker killed mid-review -------------------------------------------------------------


@pytest.fixture
def worker_runs(monkeypatch, ai_settings):
    """The real review kind, its message run at once by a worker in this process: what each
    delivery answered."""
    cache.clear()
    answers: list[str] = []
    kind = dispatch._KINDS["claim_review"]
    monkeypatch.setattr(dispatch, "_KINDS", {kind.name: dispatch.JobKind(
        kind.name, kind.queued,
        lambda review: answers.append(run_task(review.listing_id, review.region.code,
                                               review_id=review.pk)),
        kind.running)})
    yield answers
    cache.clear()


def test_a_killed_workers_review_is_re_sent_once_its_lease_expired_and_done_once(
        worker_runs, fake_openai, speaker, packs):
    review = create_review(speaker, packs["eu"])
    ClaimReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.RUNNING, claimed_by="killed-host:1:abc",
        lease_expires_at=timezone.now() - timedelta(seconds=1))
    push_findings(fake_openai, EACH_KIND)

    assert dispatch.resend_queued_jobs() == 1
    # The dead worker's message, redelivered by the broker, then a later sweep: nothing
    assert run_task(speaker.pk, "eu", review_id=review.pk) == ReviewStatus.COMPLETED
    assert dispatch.resend_queued_jobs() == 0

    assert worker_runs == [ReviewStatus.COMPLETED]
    assert len(fake_openai.requests) == 1
    review.refresh_from_db()
    assert (review.status, review.findings.count(), review.lease_expires_at) == (
        "completed", 4, None)
