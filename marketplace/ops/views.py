"""The error views. handler403 says why and links back. handler500 is the backstop for a
service outage that surfaces outside a view (in a middleware, say), where
ServiceUnavailableMiddleware.process_exception does not see it; Django calls it while the
exception is being handled, so sys.exc_info() names it."""

from __future__ import annotations

import logging
import sys

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.defaults import server_error as default_server_error

from marketplace.ops.middleware import one_line, service_unavailable_response, unavailable_service

logger = logging.getLogger("marketplace.ops")

NOT_STAFF = _("The admin is for the marketplace's staff. Merchants manage their listings, "
              "certificates and translations in their workspace.")


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


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: say why, in the user's language, and offer a way back (the page they came
    from, else their home: the admin for staff, the workspace for merchants, the site)."""
    reason = str(exception or "") or gettext("Your account has no permission for this page.")
    context = {
        "reason": reason,
        "back_url": _back_url(request),
        "workspace_url": _workspace_url(request),
    }
    return render(request, "403.html", context, status=403)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login page, except for a signed-in merchant: Django would show the login
    form with a one-line "not authorized"; they get the 403 page, with their workspace."""
    if request.method == "GET" and request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied(NOT_STAFF)
    return admin.site.login(request)


def _back_url(request: HttpRequest) -> str:
    referer = request.headers.get("referer", "")
    if referer and referer != request.build_absolute_uri() and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    if getattr(request.user, "is_staff", False):
        return reverse("admin:index")
    return _workspace_url(request) or "/"


def _workspace_url(request: HttpRequest) -> str:
    """The merchant's workspace, for a signed-in member of a supplier; else empty."""
    user = request.user
    if not user.is_authenticated or not user.suppliers.exists():
        return ""
    return reverse("workspace:index")
