"""Turn the query string into a market context, or a 400 that names the parameter."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from regions.core.market import MarketContext, MarketContextError, market_context_from_request
from regions.core.validators import shown

MAX_QUANTITY = 10_000_000


def market_from(request: Request) -> MarketContext:
    try:
        return market_context_from_request(request._request)
    except MarketContextError as exc:
        raise ValidationError({exc.field: [exc.message]}, code=exc.code) from None


def positive_int(request: Request, name: str, *, maximum: int) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise ValidationError({name: [_(
            "“%(value)s” is not a whole number from 1 to %(max)s.") % {
            "value": shown(raw), "max": number_format(maximum, force_grouping=True)}]},
            code="invalid_number")
    return int(raw)
