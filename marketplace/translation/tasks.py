"""The Celery front door of `pipeline.run_job`: thin, takes an id, safe to run twice."""

from __future__ import annotations

import math

from celery import Task, shared_task
from celery.exceptions import MaxRetriesExceededError
from django.utils import timezone

from marketplace.ops.dispatch import JobKind, register_job_kind, send_on_commit
from marketplace.translation.models import JobStatus, TranslationJob
from marketplace.translation.pipeline import run_job

# A job stopped by a temporary failure (after the client's own retries) is tried again this
# many times; each try continues where the last stopped, so nothing is paid for twice.
MAX_RESCHEDULES = 5
# Without a Retry-After: 30 s, 1 min, 2 min, ... capped, so an outage of an hour or so is
# ridden out without a person, and a longer one leaves the job failed and resumable.
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 30 * 60


def backoff(retries: int) -> int:
    """Seconds before reschedule number `retries` + 1."""
    return min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** retries)


def reschedule_countdown(run, retries: int) -> int | None:
    """Seconds until a leased AI run (a translation job, a claim review) should be tried
    again, or None when it is settled: after a temporary failure, the server's Retry-After or
    a backoff; while another live run holds it, until its lease would have expired."""
    if run.status == "failed" and run.resumable:
        return run.retry_after or backoff(retries)
    if run.status == "running" and run.lease_expires_at is not None:
        # A redelivery while the first worker still works, or a dead worker whose lease has
        # not expired yet. Come back when it would have.
        remaining = (run.lease_expires_at - timezone.now()).total_seconds()
        return max(1, math.ceil(remaining) + 1)
    return None


@shared_task(bind=True, name="translation.translate_job", acks_late=True)
def translate_job(self: Task, job_id: int) -> str:
    """Run the job's pending items; a done or cancelled job is left alone, and a job whose
    worker died continues with the items still pending (acks_late redelivers it).

    Reschedules itself when the run stopped on a temporary failure (honouring the server's
    Retry-After) or when another live run holds the job (until its lease expires); a
    configuration error ends the job without a retry."""
    job = run_job(job_id)
    countdown = reschedule_countdown(job, self.request.retries)
    if countdown is None:
        return job.status
    try:
        raise self.retry(countdown=countdown, max_retries=MAX_RESCHEDULES)
    except MaxRetriesExceededError:
        # The job stays failed and resumable: a person (or the admin action) runs it again.
        return job.status


def enqueue_job(job: TranslationJob) -> None:
    """Send the job to a worker once the transaction that created it has committed, so the
    worker can see its rows (a broker outage leaves it queued for the sweeper)."""
    send_on_commit(lambda: translate_job.delay(job.pk), f"translation job {job.pk}")


register_job_kind(JobKind(
    "translation", lambda: TranslationJob.objects.filter(status=JobStatus.QUEUED),
    lambda job: translate_job.delay(job.pk),
    running=lambda: TranslationJob.objects.filter(status=JobStatus.RUNNING)))
