"""One lease mechanism for every background job (translation jobs, claim reviews, compliance
check jobs): a run takes a job with one conditional UPDATE, so two runs racing for it (an
acks_late redelivery, a re-sent message) cannot both win, on SQLite as on PostgreSQL. A run
renews the lease while it works; a worker that died stops renewing, and once the lease has
expired another run may take the job over.

A model with a lease has `claimed_by` (the run holding it, or that last held it) and
`lease_expires_at` (empty when free), and may have `heartbeat_at` (when the run last showed
it was alive: `Lease(..., heartbeat=True)` sets it with every claim and renewal).
"""

import os
import socket
import uuid
from datetime import timedelta

from django.db.models import Model, Q
from django.utils import timezone


class LeaseLost(Exception):
    """Another run took the job over: this run must stop writing."""


def worker_name() -> str:
    """Who holds a lease: host and pid say where to look; the token tells two runs in one
    process apart."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease:
    def __init__(self, model: type[Model], pk: int, worker: str, duration: timedelta, *,
                 heartbeat: bool = False):
        self.model, self.pk, self.worker, self.duration = model, pk, worker, duration
        self.heartbeat = heartbeat

    def _held_from(self, now) -> dict:
        held = {"lease_expires_at": now + self.duration}
        if self.heartbeat:
            held["heartbeat_at"] = now
        return held

    def claim(self, runnable: Q, *, take_over: bool = False, **also_set) -> bool:
        """Take the job if it is `runnable` and nobody else holds a live lease on it; sets
        `also_set` (a status, a start time) in the same UPDATE.

        `take_over`: take it even from a live lease. Only for a part of a larger job whose
        lease the caller holds (a compliance check's AI review): any other holder of the part
        is a dead run of the same job, and is then refused its writes (`renew` raises
        LeaseLost, conditional writes on `claimed_by` change nothing)."""
        now = timezone.now()
        free = (Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)
                | Q(claimed_by=self.worker))
        jobs = self.model._default_manager.filter(runnable, pk=self.pk)
        if not take_over:
            jobs = jobs.filter(free)
        return jobs.update(claimed_by=self.worker, **self._held_from(now), **also_set) == 1

    def renew(self) -> None:
        """Heartbeat; raises LeaseLost when another run has taken the job over."""
        renewed = self.model._default_manager.filter(pk=self.pk, claimed_by=self.worker).update(
            **self._held_from(timezone.now()))
        if renewed != 1:
            raise LeaseLost

    def release(self, **also_set) -> None:
        # `claimed_by` stays: it tells who ran the job last.
        self.model._default_manager.filter(pk=self.pk, claimed_by=self.worker).update(
            lease_expires_at=None, **also_set)
