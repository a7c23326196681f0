"""Jobs whose message survives a broker outage: send on commit, and re-send what was lost.

A job row (translation job, compliance check, claim review) is committed first and its
message sent once the transaction commits, so a worker always finds the row. When the broker
is down at that moment, the request still succeeds: the job stays queued, one log line says
so, and the sweeper (`resend_queued_jobs`, every few minutes from beat) sends it again once
the broker is back. A message delivered twice is harmless: every job is taken under a lease
(marketplace.ops.leases), so the second delivery finds it held or finished.

The same sweep re-sends the jobs of dead workers: running, with a lease that expired (a worker
SIGKILLed, a machine lost). Their message may be gone (a broker restart) or come back only
after the visibility timeout, or have been consumed by a redelivery that found the lease still
live; the new run takes the job over where it stopped (marketplace.ops.job_timing has the
clocks).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from marketplace.ops.job_timing import visibility_timeout

logger = logging.getLogger(__name__)

# How long a re-sent job waits before it may be re-sent again, when the broker has no
# visibility timeout of its own (the filesystem broker).
RESEND_HOLD_SECONDS = 1800


def send_on_commit(send: Callable[[], object], what: str) -> None:
    """Call `send` (a task's `.delay(...)`) once the current transaction commits; a broker
    outage is logged, not raised: the sweeper sends the job later."""

    def send_now() -> None:
        try:
            send()
        except BrokerError as exc:
            logger.error("broker unavailable: %s stays queued and will be re-sent (%s)",
                         what, exc)

    transaction.on_commit(send_now)


@dataclass(frozen=True)
class JobKind:
    name: str
    queued: Callable[[], QuerySet]  # jobs waiting for a worker, with `created_at`
    send: Callable[[object], object]  # sends one job's message
    # Jobs a run holds (or held, until it died), with the lease fields: the sweeper re-sends
    # those whose lease expired.
    running: Callable[[], QuerySet] | None = None


_KINDS: dict[str, JobKind] = {}


def register_job_kind(kind: JobKind) -> None:
    """Each app's tasks module registers its jobs (imported by Celery's autodiscovery)."""
    _KINDS[kind.name] = kind


@shared_task(name="ops.resend_queued_jobs")
def resend_queued_jobs() -> int:
    """Send again every job still queued after JOBS_RESEND_AFTER_SECONDS (its message was lost
    to a broker outage or a broker restart without persistence, or is waiting behind others),
    and every job whose run died (running with an expired lease). A queued job is re-sent at
    most once per visibility timeout, so a long queue is not flooded with copies; an orphan
    once per expired lease. Returns how many were sent."""
    now = timezone.now()
    older_than = now - timedelta(seconds=settings.JOBS_RESEND_AFTER_SECONDS)
    hold = visibility_timeout() or RESEND_HOLD_SECONDS
    sent = 0
    for kind in _KINDS.values():
        queued = kind.queued().filter(created_at__lt=older_than)
        due = [(job, f"ops:resent:{kind.name}:{job.pk}") for job in queued.order_by("pk")[:1000]]
        if kind.running is not None:
            # A live run renews its lease; an expired one means the run died.
            orphans = kind.running().filter(lease_expires_at__lte=now).order_by("pk")[:1000]
            due += [(job, f"ops:orphan:{kind.name}:{job.pk}:{job.lease_expires_at.timestamp()}")
                    for job in orphans]
        for job, key in due:
            if not cache.add(key, 1, timeout=hold):
                continue
            try:
                kind.send(job)
            except BrokerError as exc:
                cache.delete(key)
                logger.error("broker unavailable: re-sending queued jobs stopped (%s)", exc)
                return sent
            sent += 1
    if sent:
        logger.warning("re-sent %s queued or orphaned job(s) whose message may have been lost",
                       sent)
    return sent
