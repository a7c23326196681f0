"""quote(): the service behind POST /api/v1/checkout/quotes/ and the quote page. Validates the
request, prices it (pricing.py), stores it with an expiry and returns it."""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.models import Quote
from marketplace.checkout.pricing import Basket, price_basket
from regions.core.business_ids import check_tax_id, normalize_tax_id
from regions.core.market import MarketContext, MarketContextError, resolve_market_context
from regions.core.models import BuyerType
from regions.core.validators import parse_object_id, shown

MAX_LINES = 50
MAX_QUANTITY = 10_000_000
def quote(payload: Mapping, *, today: date | None = None) -> Quote:
    """Price and store a quote for `payload`:
    {"region", "country", "lang", "buyer", "vat_id", "lines": [{"listing", "quantity"}]}.
    Bad input raises CheckoutError naming each field; nothing is stored then. Fields it does
    not know are the front door's to refuse (the API's request serializer)."""
    market = market_of(payload)
    with override(market.language):
        lines = _lines(payload.get("lines"))
        vat_id, vat_id_valid = _vat_id(payload.get("vat_id"), market)
        exemption = _exemption(payload.get("tax_exemption"), market)
        basket = Basket(market, tuple(lines), vat_id, vat_id_valid, exemption)
        today = today or timezone.localdate()
        data = price_basket(basket, today=today)
        _check_shown_prices(payload["lines"], data["lines"])
        if not data["shipping_options"]:
            raise CheckoutError.single("lines", _(
                "No shipping option of %(country)s can carry this order.") % {
                "country": market.country.code.name})
    now = timezone.now()
    return Quote.objects.create(
        region=market.region.code, country=str(market.country.code),
        subdivision=market.subdivision, postal_code=market.postal_code,
        language=market.language,
        buyer_type=market.buyer_type, vat_id=vat_id, vat_id_valid=vat_id_valid,
        tax_exemption=exemption,
        lines=[{"listing": pk, "quantity": quantity} for pk, quantity in lines],
        data=data, priced_on=today, created_at=now,
        expires_at=now + timedelta(minutes=settings.CHECKOUT_QUOTE_VALIDITY_MINUTES))


def reprice(stored: Quote) -> dict:
    """The quote's basket priced again with today's configuration but the quote's day (its
    exchange rates and VAT rates hold while it is valid). Raises CheckoutError when the
    basket can no longer be quoted at all (MOQ raised, listing blocked)."""
    market = resolve_market_context(region=stored.region, country=stored.country,
                                    subdivision=stored.subdivision or None,
                                    postal_code=stored.postal_code or None,
                                    language=stored.language, buyer=stored.buyer_type)
    basket = Basket(market, tuple((line["listing"], line["quantity"]) for line in stored.lines),
                    stored.vat_id, stored.vat_id_valid, stored.tax_exemption)
    return price_basket(basket, today=stored.priced_on)


def market_of(payload: Mapping) -> MarketContext:
    def text(name: str) -> str | None:
        value = payload.get(name)
        if value is not None and not isinstance(value, str):
            raise CheckoutError.single(name, f"Give {name} as a string.")
        return value or None

    try:
        return resolve_market_context(region=text("region"), country=text("country"),
                                      subdivision=text("subdivision"),
                                      postal_code=text("postal_code"),
                                      language=text("lang"), buyer=text("buyer"))
    except MarketContextError as exc:
        raise CheckoutError.single(exc.field, exc.message, exc.code) from None


def _lines(raw) -> list[tuple[int, int]]:
    if not isinstance(raw, list) or not raw:
        raise CheckoutError.single("lines", _(
            "Give at least one line: a list of {\"listing\": id, \"quantity\": n}."))
    if len(raw) > MAX_LINES:
        raise CheckoutError.single("lines", _("At most %(max)s lines per quote.") % {
            "max": MAX_LINES})
    errors: dict[str, list[str]] = {}
    lines: list[tuple[int, int]] = []
    seen: set[int] = set()
    for index, line in enumerate(raw):
        field = f"lines[{index}]"
        if not isinstance(line, Mapping):
            errors[field] = [_("A line is an object with “listing” and “quantity”.")]
            continue
        listing = parse_object_id(line.get("listing"))
        quantity = whole_number(line.get("quantity"))
        if listing is None:
            errors[f"{field}.listing"] = [_("Give the listing's id, a whole number.")]
        elif listing in seen:
            errors[f"{field}.listing"] = [_("This listing is already on another line.")]
        if quantity is None or not 1 <= quantity <= MAX_QUANTITY:
            errors[f"{field}.quantity"] = [_(
                "“%(value)s” is not a quantity: give a whole number from 1 to %(max)s.") % {
                "value": shown(line.get("quantity")), "max": MAX_QUANTITY}]
        if listing is not None and quantity is not None:
            seen.add(listing)
            lines.append((listing, quantity))
    if errors:
        raise CheckoutError(errors)
    return lines


def _check_shown_prices(raw_lines: list, priced: list[dict]) -> None:
    """A client may send the unit price it showed; one that is not the tier's price means a
    tampered or stale page: refused, nothing stored."""
    errors = {}
    for index, (raw, line) in enumerate(zip(raw_lines, priced, strict=True)):
        sent = raw.get("unit_price")
        if sent is None:
            continue
        try:
            same = Decimal(str(sent)) == Decimal(line["unit_price"]["amount"])
        except InvalidOperation:
            same = False
        if not same:
            errors[f"lines[{index}].unit_price"] = [_(
                "“%(shown)s” is not the price of %(quantity)s × “%(title)s”: %(price)s per "
                "unit.") % {"shown": shown(sent), "quantity": line["quantity"],
                            "title": line["title"], "price": line["unit_price"]["formatted"]}]
    if errors:
        raise CheckoutError(errors)


def whole_number(value) -> int | None:
    """An int given as a JSON integer or a string of digits; never a bool, float or 2.5."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _vat_id(raw, market: MarketContext) -> tuple[str, bool]:
    """(normalized tax registration number, trusted for the business treatment). Malformed
    numbers are refused with the reason. A number is trusted only when its scheme qualifies the
    buyer (reverse charge, B2B zero-rating: a pack's flag); one that the pack's registry (VIES)
    cannot confirm right now is kept but not trusted: tax is charged (fail closed)."""
    if raw in (None, ""):
        return "", False
    if not isinstance(raw, str):
        raise CheckoutError.single("vat_id", _("Give the VAT ID as a string."))
    if market.buyer_type != BuyerType.BUSINESS:
        raise CheckoutError.single("vat_id", _(
            "Only business buyers give a VAT ID; ask with buyer=business."))
    country = str(market.country.code)
    try:
        scheme, number = check_tax_id(country, raw)
    except ValidationError as exc:
        if exc.code == "vies_unavailable":
            # Format and check digits passed (the registry is asked only after them).
            return normalize_tax_id(country, raw), False
        raise CheckoutError.from_validation_error(exc, "vat_id") from None
    return number, scheme.reverse_charge


MAX_EXEMPTION_LENGTH = 60


def _exemption(raw, market: MarketContext) -> str:
    """The number of the tax exemption (resale) certificate a business buyer gives. Kept on
    the quote and the order; whether it exempts the sale is the market's tax rule."""
    if raw in (None, ""):
        return ""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_EXEMPTION_LENGTH or any(
            not character.isprintable() for character in raw):
        raise CheckoutError.single("tax_exemption", _(
            "Give the exemption certificate's number as text of at most %(max)s printable "
            "characters.") % {"max": MAX_EXEMPTION_LENGTH})
    if market.buyer_type != BuyerType.BUSINESS:
        raise CheckoutError.single("tax_exemption", _(
            "Only business buyers give an exemption certificate; ask with buyer=business."))
    return raw.strip()
