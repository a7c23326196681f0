"""Optional error reporting (Sentry) and metrics (Prometheus), switched on by settings alone.

Each is imported only when its variable is set, so a deployment without them loads nothing.
"""

from __future__ import annotations


def start_sentry(dsn: str, *, environment: str, traces_sample_rate: float = 0.0,
                 release: str | None = None) -> None:
    """Report unhandled errors of requests and Celery tasks to Sentry.

    sentry-sdk enables its Django, Celery and logging integrations by itself when those
    libraries are installed. No personal data (user ids, IP addresses, cookies) is sent."""
    import sentry_sdk

    sentry_sdk.init(dsn=dsn, environment=environment, release=release,
                    traces_sample_rate=traces_sample_rate, send_default_pii=False)


PROMETHEUS_APP = "django_prometheus"
PROMETHEUS_BEFORE = "django_prometheus.middleware.PrometheusBeforeMiddleware"
PROMETHEUS_AFTER = "django_prometheus.middleware.PrometheusAfterMiddleware"


def with_prometheus(installed_apps: list[str],
                    middleware: list[str]) -> tuple[list[str], list[str]]:
    """The apps and middleware with django-prometheus added: its first middleware before
    every other (it times the whole request), its last after every other."""
    return ([*installed_apps, PROMETHEUS_APP],
            [PROMETHEUS_BEFORE, *middleware, PROMETHEUS_AFTER])


def metrics_urls() -> list:
    """GET /metrics (Prometheus text format) when PROMETHEUS_METRICS is on, else nothing."""
    from django.conf import settings
    from django.urls import include, path

    if not getattr(settings, "PROMETHEUS_METRICS", False):
        return []
    return [path("", include("django_prometheus.urls"))]
