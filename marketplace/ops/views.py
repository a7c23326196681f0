"""The server-error view (handler500): the backstop for a service outage that surfaces outside
a view (in a middleware, say), where ServiceUnavailableMiddleware.process_exception does not
see it. Django calls it while the exception is being handled, so sys.exc_info() names it."""

from __future__ import annotations

import logging
import sys

from django.http import HttpRequest, HttpResponse
from django.views.defaults import server_error as default_server_error

from marketplace.ops.middleware import one_line, service_unavailable_response, unavailable_service

logger = logging.getLogger("marketplace.ops")


def server_error(request: HttpRequest) -> HttpResponse:
    exception = sys.exc_info()[1]
    service = unavailable_service(exception) if exception is not None else None
    if service is None:
        return default_server_error(request)
    logger.error("%s unavailable: %s (%s %s)", service, one_line(exception), request.method,
                 request.path)
    response = service_unavailable_response(service)
    # Django would log it again, traceback and all ("Service Unavailable: /path").
    response._has_been_logged = True
    return response
