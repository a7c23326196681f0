"""Request ids on every request, and a JSON 503 instead of a traceback when a service the
request needs (the database, Redis, the broker) is down."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from marketplace.ops.request_id import HEADER, accepted_or_new, current_request_id

logger = logging.getLogger("marketplace.ops")

# Seconds a client should wait before trying again: long enough for a database restart or a
# failover, short enough that a blip costs a user little.
RETRY_AFTER_SECONDS = 5

# Failures of a service outside this process, not of the code: django.db wraps the driver's
# connection errors in OperationalError/InterfaceError; the cache and the rate limits talk to
# Redis directly; sending a task talks to the broker through kombu.
SERVICE_ERRORS: dict[type[BaseException], str] = {
    OperationalError: "database",
    InterfaceError: "database",
    RedisConnectionError: "redis",
    RedisTimeoutError: "redis",
    BrokerError: "broker",
}


def one_line(exception: BaseException, limit: int = 300) -> str:
    """The exception as one short log-friendly line (driver messages span several)."""
    return " ".join(f"{type(exception).__name__}: {exception}".split())[:limit]


def unavailable_service(exception: BaseException) -> str | None:
    for error_type, service in SERVICE_ERRORS.items():
        if isinstance(exception, error_type):
            return service
    return None


def service_unavailable_response(service: str) -> JsonResponse:
    response = JsonResponse(
        {"detail": _("The service is temporarily unavailable. Please try again in a few "
                     "seconds."),
         "codes": {"detail": "service_unavailable"}, "service": service},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later log line of the request carries its id, and the response
    tells the caller which id to quote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accepted_or_new(request.headers.get(HEADER))
        request.request_id = request_id
        # Not reset on the way out: Django logs the response ("Bad Request: ...") after the
        # middleware has returned; request_finished clears it (below).
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, weak=False, dispatch_uid="marketplace.ops.clear_request_id")
def _clear_request_id(**kwargs) -> None:
    current_request_id.set(None)


class ServiceUnavailableMiddleware:
    """A view (or template) that fails because a service is down answers a JSON 503 with
    Retry-After and leaves one log line, not an HTML 500 and a traceback per request. Recovery
    needs nothing: Django drops the broken connection at the end of the request
    (CONN_HEALTH_CHECKS), and the next request connects afresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        service = unavailable_service(exception)
        if service is None:
            return None
        logger.error("%s unavailable: %s (%s %s)", service, one_line(exception),
                     request.method, request.path)
        response = service_unavailable_response(service)
        # Django's request logger would add a second line ("Service Unavailable: /path").
        response._has_been_logged = True
        return response
