"""The API's errors, in one format (README, "Errors"): DRF's field → messages mapping (`detail`
for an error about the whole request), plus `codes`, the same keys with each message's stable
machine-readable code in its place:

    {"lines[0].quantity": ["Order at least 10."], "codes": {"lines[0].quantity": ["min_value"]}}
    {"detail": "Not found.", "codes": {"detail": "not_found"}}

Clients show the messages (in the request's language) and branch on the codes, which never
change with the language or the wording. drf-standardized-errors turns errors into a list of
{code, detail, attr}; we keep DRF's mapping instead, which this API's clients and pages already
read, and add the codes beside it.

The handler answers DRF's exceptions so, and also the errors of data that is not there yet
(503) and the Django errors a request body raises inside a view (too big, too many fields),
with a clear status and message in JSON instead of a 500 or Django's HTML "Bad Request (400)".
Django's own 404 (a path no route matches, such as /api/v1/orders/x/)
answers the same way under /api/ (`not_found`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.rates.errors import MissingRate
from regions.core.sizes import megabytes

logger = logging.getLogger("marketplace.api")

DEFAULT_CODE = "invalid"


def error_body(messages: Mapping[str, Any], codes: Mapping[str, Any] | None = None,
               **context: Any) -> dict[str, Any]:
    """{field: messages, ..., "codes": {field: codes}} plus context keys (`changes`, `order`).
    A field without a code of its own gets "invalid" for each message."""
    codes = dict(codes or {})
    return {**messages,
            "codes": {field: codes.get(field, _default_codes(value))
                      for field, value in messages.items()},
            **context}


def _default_codes(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _default_codes(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_default_codes(item) for item in value]
    return DEFAULT_CODE


def error_response(messages: Mapping[str, Any], status_code: int,
                   codes: Mapping[str, Any] | None = None, **context: Any) -> Response:
    return Response(error_body(messages, codes, **context), status=status_code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, MissingRate):
        # Ops have not loaded exchange rates (load_rates) for this market's currency: the
        # listings cannot be priced until they do, so the service is unavailable, not the
        # request wrong.
        logger.error("missing exchange rate: %s", exc)
        return error_response(
            {"detail": _("Prices in %(currency)s cannot be shown: no exchange rate for it has "
                         "been loaded yet.") % {"currency": exc.currency}},
            status.HTTP_503_SERVICE_UNAVAILABLE, {"detail": "exchange_rate_missing"},
            currency=exc.currency)
    if isinstance(exc, RequestDataTooBig):
        limit = megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return error_response({"detail": _("The request body is larger than %(limit)s MB; "
                                           "send at most %(limit)s MB.") % {"limit": limit}},
                              status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, {"detail": "too_large"})
    if isinstance(exc, TooManyFieldsSent):
        return error_response({"detail": _("The request has more than %(max)s fields.") % {
            "max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}}, status.HTTP_400_BAD_REQUEST,
            {"detail": "too_many_fields"})
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(response.data, Mapping | list):
        return response
    response.data = _with_codes(response.data, _codes_of(exc))
    return response


def _codes_of(exc: Exception) -> Any:
    # DRF's handler turned Django's Http404 and PermissionDenied into its own; so do we.
    if isinstance(exc, exceptions.APIException):
        return exc.get_codes()
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    if isinstance(exc, Http404):
        return exceptions.NotFound.default_code
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied.default_code
    return DEFAULT_CODE


def _with_codes(data: Any, codes: Any) -> dict[str, Any]:
    """DRF's response data (a mapping, or a list for a ValidationError of the whole body) with
    `codes` beside it in the same shape."""
    if isinstance(data, list):
        key = api_settings.NON_FIELD_ERRORS_KEY
        data, codes = {key: data}, {key: codes if isinstance(codes, list) else [codes]}
    elif "detail" in data and not isinstance(codes, Mapping):
        codes = {"detail": codes}
    if not isinstance(codes, Mapping):
        codes = {}
    return error_body(data, codes)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 (no route matched): JSON in the API's error format under /api/, Django's
    page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body({"detail": _("Not found.")}, {"detail": "not_found"}),
                            status=404)
    return page_not_found(request, exception)
