"""The Celery app. Broker and result backend come from settings (CELERY_* environment)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

# marketplace is the project package, not an installed app, so autodiscovery misses its tasks.
app = Celery("marketplace", include=["marketplace.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


