"""The clocks of background jobs, read from settings, and the system checks that keep them
consistent with each other and with the broker.

Three clocks decide how soon a job whose worker died is finished by another one:

- its lease (TRANSLATION_JOB_LEASE_SECONDS, CLAIM_REVIEW_LEASE_SECONDS,
  COMPLIANCE_CHECK_LEASE_SECONDS): a run renews it at each model request, so it must outlast
  the longest request (ops.W001), or a live run is taken over and its work is wasted (never
  doubled: see marketplace.ops.leases);
- the sweeper's period (JOBS_SWEEP_SECONDS): beat's `resend_queued_jobs` re-sends the jobs whose
  lease expired, so a dead worker's job is running again within lease + period;
- kombu's visibility timeout (CELERY_VISIBILITY_TIMEOUT_SECONDS, Redis only): the message of a
  dead worker comes back after it. Shorter than a job's run, it hands live jobs out twice (the
  lease turns the second delivery away); shorter than a lease (ops.W002), the redelivery of a
  dead worker's job arrives while that lease still holds, so it is left to the sweeper.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import checks

# Job kind (as registered with marketplace.ops.dispatch) -> the setting of its lease.
LEASE_SETTINGS = {
    "translation": "TRANSLATION_JOB_LEASE_SECONDS",
    "claim_review": "CLAIM_REVIEW_LEASE_SECONDS",
    "compliance_check": "COMPLIANCE_CHECK_LEASE_SECONDS",
}
POSITIVE_SETTINGS = (*LEASE_SETTINGS.values(), "JOBS_SWEEP_SECONDS")


def lease_duration(kind: str) -> timedelta:
    """How long a run of `kind` holds its job without renewing."""
    return timedelta(seconds=getattr(settings, LEASE_SETTINGS[kind]))


def visibility_timeout() -> int | None:
    """Seconds before the broker redelivers an unacknowledged message; None for a broker
    without one (the filesystem transport never redelivers)."""
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        return None
    return getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).get("visibility_timeout",
                                                                      3600)


@checks.register()
def check_job_timing(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if app_configs is not None:
        return []  # settings only: checked when the whole project is
    errors = [
        checks.Error(f"{name} must be a whole number of seconds above 0, not {value!r}.",
                     hint="Unset it for the default, see the README's configuration table.",
                     id="ops.E001")
        for name in POSITIVE_SETTINGS
        if not isinstance(value := getattr(settings, name), int) or isinstance(value, bool)
        or value <= 0]
    if errors:
        return errors
    from marketplace.ai.client import longest_call_seconds

    messages: list[checks.CheckMessage] = []
    longest = longest_call_seconds()
    for name in LEASE_SETTINGS.values():
        if getattr(settings, name) < longest:
            messages.append(checks.Warning(
                f"{name} ({getattr(settings, name)} s) is shorter than one model request may "
                f"take ({longest:g} s with AI_TIMEOUT_SECONDS and AI_MAX_RETRIES): a live "
                "run would be taken over and its requests paid for twice.",
                hint="Raise the lease, or lower AI_TIMEOUT_SECONDS / AI_MAX_RETRIES.",
                id="ops.W001"))
    timeout = visibility_timeout()
    longest_lease = max(getattr(settings, name) for name in LEASE_SETTINGS.values())
    if timeout is not None and timeout < longest_lease:
        messages.append(checks.Warning(
            f"CELERY_VISIBILITY_TIMEOUT_SECONDS ({timeout} s) is shorter than the longest job "
            f"lease ({longest_lease} s): a dead worker's message comes back while its lease "
            "still holds, and the job waits for the sweeper; every job running longer than it "
            "is delivered twice.",
            hint="Keep the visibility timeout above every *_LEASE_SECONDS and above the "
                 "longest job's run.",
            id="ops.W002"))
    return messages
