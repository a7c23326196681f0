"""The API's exception handler: DRF's, plus the errors of data that is not there yet, which
are answered with a clear status and message instead of a 500 and a traceback."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.rates.errors import MissingRate

logger = logging.getLogger("marketplace.api")


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
    return drf_exception_handler(exc, context)
