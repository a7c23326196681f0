"""Celery front doors of the compliance checks: thin, take ids, safe to run twice.

- `run_check(job_id)`: a check asked for through the API: rules first (stored at once), then
  the AI review when a key is configured, then the report again with its findings.
- `recheck_due()`: the daily beat task (see marketplace/celery.py).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from marketplace.compliance import findings_sources
from marketplace.compliance.models import ComplianceCheckJob, JobStatus
from marketplace.compliance.recheck import recheck_and_notify
from marketplace.compliance.services import record_reports
from marketplace.ops.dispatch import JobKind, register_job_kind, send_on_commit
from marketplace.ops.job_timing import lease_duration
from marketplace.ops.leases import Lease, worker_name

logger = logging.getLogger(__name__)

@shared_task(name="compliance.run_check", acks_late=True)
def run_check(job_id: int) -> str:
    """Run a queued check job; a finished job is left alone (a redelivery changes nothing)."""
    # COMPLIANCE_CHECK_LEASE_SECONDS: longer than a check with its AI review takes (the
    # review's requests are bounded by the client's timeouts and retries); a dead worker's
    # job is taken over after it.
    lease = Lease(ComplianceCheckJob, job_id, worker_name(), lease_duration("compliance_check"))
    claimed = lease.claim(Q(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)),
                          status=JobStatus.RUNNING)
    job = (ComplianceCheckJob.objects.select_related("listing", "region")
           .filter(pk=job_id).first())
    if job is None or not claimed:
        # Finished, or another live run holds it (a message delivered twice).
        return job.status if job is not None else "missing"
    try:
        [report] = record_reports([job.listing], job.region, trigger="api")
        message = ""
        if job.with_ai:
            message = _run_sources(job)
            [report] = record_reports([job.listing], job.region, trigger="api")
        _finish(job, JobStatus.DONE, message, report)
    except Exception as error:
        logger.exception("Compliance check job %s failed", job_id)
        _finish(job, JobStatus.FAILED, f"The check stopped with an internal error: "
                                      f"{type(error).__name__}.", None)
        raise
    return JobStatus.DONE


def _run_sources(job: ComplianceCheckJob) -> str:
    """Run every findings source that can run (the AI review), synchronously inside this task:
    the report that follows must include its findings. Returns what they said."""
    said = []
    for source in findings_sources.registered():
        if source.can_run():
            result = source.run(job.listing, job.region, check=job)
            said.append(f"{source.label} {result.status}: {result.message}".strip())
    return " ".join(said)


def _finish(job: ComplianceCheckJob, status: str, message: str, report) -> None:
    ComplianceCheckJob.objects.filter(pk=job.pk).update(
        status=status, message=message, report=report, finished_at=timezone.now(),
        lease_expires_at=None)


def enqueue_check(job: ComplianceCheckJob) -> None:
    """Send the job once the transaction that created it has committed (a broker outage
    leaves it queued for the sweeper)."""
    send_on_commit(lambda: run_check.delay(job.pk), f"compliance check {job.pk}")


register_job_kind(JobKind(
    "compliance_check", lambda: ComplianceCheckJob.objects.filter(status=JobStatus.QUEUED),
    lambda job: run_check.delay(job.pk),
    running=lambda: ComplianceCheckJob.objects.filter(status=JobStatus.RUNNING)))


def create_check_job(listing, region, user=None) -> tuple[ComplianceCheckJob, bool]:
    """A queued check, and whether it is new. A check of the same listing and region still
    waiting to run is returned instead: asking twice queues (and pays for) one run. The AI
    review joins when it can run (the app is there, a key is set)."""
    waiting = ComplianceCheckJob.objects.filter(listing=listing, region=region,
                                                status=JobStatus.QUEUED).first()
    if waiting is not None:
        return waiting, False
    with_ai = any(source.can_run() for source in findings_sources.registered())
    return ComplianceCheckJob.objects.create(listing=listing, region=region, requested_by=user,
                                             with_ai=with_ai), True


@shared_task(name="compliance.recheck_due")
def recheck_due() -> dict[str, int]:
    """Re-check listings whose certificates expire soon or whose region's rules changed since
    their last report, and tell their suppliers (see recheck.py)."""
    return recheck_and_notify()
