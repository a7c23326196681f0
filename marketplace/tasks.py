"""Operational tasks: a health probe that proves a worker is consuming the broker."""

import os
import socket

from celery import shared_task
from django.db import connection


# Its reply is what a caller waits for: stored despite CELERY_TASK_IGNORE_RESULT.
@shared_task(name="marketplace.ping", ignore_result=False)
def ping(payload: str) -> dict:
    """Echo `payload` with where it ran, so a caller can tell a real worker answered."""
    return {
        "payload": payload,
        "hostname": socket.gethostname(),
        "pid": os.getpid(),
        "database_vendor": connection.vendor,
    }
