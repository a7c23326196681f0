"""Views that fail the way a request does when a service is down (test_service_unavailable)."""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError


def _raiser(exception: Exception):
    def view(request: HttpRequest) -> HttpResponse:
        raise exception

    return view


class DatabaseDownMiddleware:
    """Fails before any view runs, as a session or auth lookup would with the database down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/middleware/":
            raise OperationalError("server closed the connection unexpectedly")
        return self.get_response(request)


handler500 = "marketplace.ops.views.server_error"

urlpatterns = [
    path("database/", _raiser(OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "Connection refused\n\tIs the server running on that host?"))),
    path("interface/", _raiser(InterfaceError("connection already closed"))),
    path("redis/", _raiser(RedisConnectionError("Error 111 connecting to 127.0.0.1:6379."))),
    path("broker/", _raiser(BrokerError("Error 111 connecting to 127.0.0.1:6379."))),
    path("bug/", _raiser(ValueError("a bug, not an outage"))),
]
