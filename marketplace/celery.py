"""The Celery app. Broker and result backend come from settings (CELERY_* environment)."""

import os

from celery import Celery

# Registers the checks of the jobs' leases, sweeper period and visibility timeout.
import marketplace.ops.job_timing

# Connects the signals that carry a request's X-Request-ID into the tasks it sends.
import marketplace.ops.task_headers  # noqa: F401

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

# marketplace is the project package, not an installed app, so autodiscovery misses its tasks.
app = Celery("marketplace", include=["marketplace.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()




@app.on_after_configure.connect
def schedule_periodic_tasks(sender: Celery, **kwargs) -> None:
    """Celery beat's schedule (one `celery beat` process, as bin/run and bin/serve start;
    never `worker -B` on several workers, which would run each task once per worker). Read
    after configuration, so settings (and their env) decide the hour."""
    from celery.schedules import crontab
    from django.conf import settings

    # Daily: re-check listings whose certificates expire soon or whose region's rules changed,
    # and e-mail their suppliers (marketplace.compliance.recheck).
    sender.add_periodic_task(
        crontab(hour=settings.COMPLIANCE_RECHECK_HOUR, minute=0),
        sender.signature("compliance.recheck_due"), name="compliance: daily re-check")
    # Every JOBS_SWEEP_SECONDS (5 minutes): send again the jobs whose message a broker outage
    # lost, and those of dead workers (marketplace.ops.dispatch).
    sender.add_periodic_task(float(settings.JOBS_SWEEP_SECONDS),
                             sender.signature("ops.resend_queued_jobs"),
                             name="jobs: re-send lost messages")
