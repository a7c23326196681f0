"""The API's exception handler: DRF's, plus the errors of data that is not there yet, and the
Django errors a request body raises inside a view (too big, too many fields), which are answered
with a clear status and message in JSON instead of a 500 or Django's HTML "Bad Request (400)"."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.rates.errors import MissingRate

logger = logging.getLogger("marketplace.api")
MEBIBYTE = 1024 * 1024


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, MissingRate):
        # Ops have not loaded exchange rates (load_rates) for this market's currency: the
        # listings cannot be priced until they do, so the service is unavailable, not the
        # request wrong.
        logger.error("missing exchange rate: %s", exc)
        return Response(
            {"detail": _("Prices in %(currency)s cannot be shown: no exchange rate for it has "
                         "been loaded yet.") % {"currency": exc.currency},
             "code": "exchange_rate_missing", "currency": exc.currency},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    if isinstance(exc, RequestDataTooBig):
        limit = number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / MEBIBYTE, decimal_pos=1)
        return Response({"detail": _("The request body is larger than %(limit)s MB; send at "
                                     "most %(limit)s MB.") % {"limit": limit}},
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, TooManyFieldsSent):
        return Response({"detail": _("The request has more than %(max)s fields.") % {
            "max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
