"""/health/live and /health/ready for load balancers and orchestrators.

A small view of our own rather than django-health-check: readiness here is three probes, each
bounded in time, answering JSON 200 or 503 with Retry-After, and served before the host check
and the HTTPS redirect (a probe talks to the container by IP over plain HTTP), which a URL-routed
app cannot be. Readiness does not ask a Celery worker to answer: the web process is ready when
it can reach the broker; whether workers consume is the workers' own liveness.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from marketplace.ops.middleware import RETRY_AFTER_SECONDS, one_line

logger = logging.getLogger("marketplace.ops")

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"
BROKER_TIMEOUT_SECONDS = 2.0


def check_database() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # A broken connection must not be handed to the next request of this thread.
        connection.close()
        raise


def check_cache() -> None:
    cache = caches["default"]
    token = uuid.uuid4().hex
    cache.set("health:ready", token, timeout=30)
    if cache.get("health:ready") != token:
        raise RuntimeError("the cache did not return what was just stored")


def check_broker() -> None:
    from marketplace.celery import app

    with app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:
        # One attempt: a probe that retries would answer later than the prober waits.
        connection.ensure_connection(max_retries=0)


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


def readiness() -> tuple[bool, dict[str, dict]]:
    """Runs every check; the report names each with its outcome and time."""
    report: dict[str, dict] = {}
    for name, check in READINESS_CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # any failure of a probe is "not ready", never a 500
            outcome = {"ok": False, "error": one_line(exc)}
            logger.warning("readiness: %s unavailable: %s", name, outcome["error"])
        else:
            outcome = {"ok": True}
        outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
        report[name] = outcome
    return all(outcome["ok"] for outcome in report.values()), report


def live(request: HttpRequest) -> JsonResponse:
    """The process is up and answers: nothing else (a restart would not fix a database)."""
    return JsonResponse({"status": "ok"})


def ready(request: HttpRequest) -> JsonResponse:
    ok, checks = readiness()
    response = JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks},
                            status=200 if ok else 503)
    if not ok:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # Each failed check has logged its line; Django's "Service Unavailable" would repeat it.
        response._has_been_logged = True
    return response


HEALTH_VIEWS = {LIVE_PATH: live, READY_PATH: ready}


class HealthCheckMiddleware:
    """Answers the health paths before SecurityMiddleware and CommonMiddleware, so a probe by
    IP address over plain HTTP is neither refused by ALLOWED_HOSTS nor redirected to HTTPS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = HEALTH_VIEWS.get(request.path_info.rstrip("/"))
        if view is not None and request.method in ("GET", "HEAD"):
            response = view(request)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
