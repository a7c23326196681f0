"""place_order(): the service behind POST /api/v1/orders/ and the review page.

Idempotent by the Idempotency-Key: the same key and body give back the same order; the same
key with another body is refused (IdempotencyKeyReused). Concurrent submissions race on the
database's unique constraints (idempotency_key, quote), so exactly one order is created; the
losers read the winner's order.
"""

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.catalog.models import Supplier
from marketplace.checkout.buyers import validate_buyer
from marketplace.checkout.errors import (
    CheckoutError,
    IdempotencyKeyReused,
    QuoteAlreadyOrdered,
    QuoteChanged,
)
from marketplace.checkout.invoices import bank_details, invoice_terms
from marketplace.checkout.models import Order, Payment, Quote
from marketplace.checkout.payments import provider_for
from marketplace.checkout.quotes import reprice
from marketplace.rates.services import amount_text
from regions.core.validators import shown, validate_text

MAX_KEY_LENGTH = 255


def request_hash(payload: Mapping) -> str:
    """The body's fingerprint: key order and whitespace do not matter, content does."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def place_order(payload: Mapping, *, idempotency_key: str | None) -> tuple[Order, bool]:
    """(order, created). Raises CheckoutError (400, nothing stored), QuoteChanged (409),
    QuoteAlreadyOrdered (409) or IdempotencyKeyReused (422)."""
    key = _key(idempotency_key)
    fingerprint = request_hash(payload)
    existing = Order.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _replay(existing, fingerprint), False
    stored = _quote(payload.get("quote"))
    ordered = Order.objects.filter(quote=stored).first()
    if ordered is not None and ordered.idempotency_key == key:
        # Our key's order, committed by a concurrent request after the key lookup above:
        # this request lost the race, and gets the replay as a later retry would.
        return _replay(ordered, fingerprint), False
    with override(stored.language):
        if ordered is not None:
            raise QuoteAlreadyOrdered(str(ordered.pk))
        if stored.expired:
            raise CheckoutError.single("quote", _(
                "This quote expired at %(time)s; ask for a new one.") % {
                "time": stored.expires_at.isoformat(timespec="minutes")})
        option, method = _choices(payload, stored.data)
        buyer = _buyer(payload.get("buyer"), stored)
        _check_expected_total(payload.get("expected_total"), option)
        _check_unchanged(stored, option["id"], method["code"])
        snapshot = _snapshot(stored, option, method, buyer)
    return _create(stored, key, fingerprint, option, method, buyer, snapshot)


def _key(value: str | None) -> str:
    key = (value or "").strip()
    if not key:
        raise CheckoutError.single("Idempotency-Key", _(
            "Send an Idempotency-Key header (a random string such as a UUID), so that a "
            "retried request cannot create a second order."))
    if len(key) > MAX_KEY_LENGTH:
        raise CheckoutError.single("Idempotency-Key", _(
            "An Idempotency-Key has at most %(max)s characters.") % {"max": MAX_KEY_LENGTH})
    try:
        validate_text(key)
    except ValidationError as exc:
        raise CheckoutError.from_validation_error(exc, "Idempotency-Key") from None
    return key


def _replay(order: Order, fingerprint: str) -> Order:
    if order.request_hash != fingerprint:
        raise IdempotencyKeyReused(_(
            "This Idempotency-Key was already used for a different request (order "
            "%(number)s); use a new key for a new order.") % {"number": order.number})
    return order


def _quote(value) -> Quote:
    try:
        return Quote.objects.get(pk=str(value))
    except (Quote.DoesNotExist, ValidationError, ValueError):
        raise CheckoutError.single("quote", _("No quote has the id “%(id)s”.") % {
            "id": shown(value)}) from None


def _choices(payload: Mapping, data: dict) -> tuple[dict, dict]:
    options = {option["id"]: option for option in data["shipping_options"]}
    methods = {method["code"]: method for method in data["payment_methods"]}
    errors = {}
    option = options.get(payload.get("shipping_option"))
    method = methods.get(payload.get("payment_method"))
    if option is None:
        errors["shipping_option"] = [_(
            "“%(value)s” is not a shipping option of this quote; choose one of: %(choices)s.")
            % {"value": shown(payload.get("shipping_option")), "choices": ", ".join(options)}]
    if method is None:
        errors["payment_method"] = [_(
            "“%(value)s” is not a payment method for this quote's market, buyer and amount; "
            "choose one of: %(choices)s.") % {"value": shown(payload.get("payment_method")),
                                              "choices": ", ".join(methods)}]
    elif option is not None and method["code"] not in option["payment_methods"]:
        errors["payment_method"] = [_(
            "%(method)s cannot pay %(total)s (shipping “%(option)s”); choose one of: "
            "%(choices)s.") % {"method": method["name"], "total": option["total"]["formatted"],
                               "option": option["name"],
                               "choices": ", ".join(option["payment_methods"])}]
    if errors:
        raise CheckoutError(errors)
    return option, method


def _buyer(raw, stored: Quote) -> dict:
    try:
        return validate_buyer(raw if raw is not None else {}, country=stored.country,
                              buyer_type=stored.buyer_type, quote_vat_id=stored.vat_id,
                              subdivision=stored.subdivision,
                              postal_code=stored.postal_code)
    except ValidationError as exc:
        raise CheckoutError.from_validation_error(exc, prefix="buyer.") from None


def _check_expected_total(value, option: dict) -> None:
    """A client may send the total it showed; a different one means a tampered or stale
    page, and nothing is ordered."""
    if value is None:
        return
    try:
        expected = Decimal(str(value))
    except InvalidOperation:
        raise CheckoutError.single("expected_total", _("Give the total as a decimal number."))\
            from None
    if not expected.is_finite():  # NaN, sNaN and Infinity are no total (sNaN cannot compare)
        raise CheckoutError.single("expected_total", _("Give the total as a decimal number."))
    if expected != Decimal(option["total"]["amount"]):
        raise CheckoutError.single("expected_total", _(
            "The total sent (%(sent)s) is not this quote's total (%(total)s).") % {
            "sent": shown(value), "total": option["total"]["formatted"]})


# What must be the same now as in the quote for the order to hold it.
LINE_TERMS = ("listing", "quantity", "moq", "tier_min_quantity", "source_unit_price",
              "unit_price", "total")
OPTION_TERMS = ("incoterm", "delivery_days", "cost", "vat", "total")


def _check_unchanged(stored: Quote, option_id: str, method_code: str) -> None:
    try:
        now = reprice(stored)
    except CheckoutError as exc:
        raise QuoteChanged([{"field": field, "was": None, "now": " ".join(messages)}
                            for field, messages in exc.errors.items()]) from None
    changes = []
    for index, (was, new) in enumerate(zip(stored.data["lines"], now["lines"], strict=True)):
        changes += _diff(f"lines[{index}]", was, new, LINE_TERMS)
    changes += _diff("", stored.data, now, ("vat_rate", "prices_include_vat"))
    was_option = _by(stored.data["shipping_options"], "id", option_id)
    new_option = _by(now["shipping_options"], "id", option_id)
    if new_option is None:
        changes.append({"field": "shipping_option", "was": option_id,
                        "now": _("no longer offered")})
    else:
        changes += _diff("shipping_option", was_option, new_option, OPTION_TERMS)
        if method_code not in new_option["payment_methods"]:
            changes.append({"field": "payment_method", "was": method_code,
                            "now": _("no longer accepted for this total")})
    if changes:
        raise QuoteChanged(changes)


def _by(items: list[dict], key: str, value) -> dict | None:
    return next((item for item in items if item[key] == value), None)


def _diff(prefix: str, was: dict, now: dict, terms: tuple[str, ...]) -> list[dict]:
    def plain(value):  # compare amounts, not their formatting
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if k not in ("formatted", "note")}
        return value

    return [{"field": f"{prefix}.{term}" if prefix else term, "was": plain(was.get(term)),
             "now": plain(now.get(term))}
            for term in terms if plain(was.get(term)) != plain(now.get(term))]


def _snapshot(stored: Quote, option: dict, method: dict, buyer: dict) -> dict:
    """Everything the buyer saw and agreed to, copied: configuration edits after this
    moment (prices, rates, VAT, names, translations) never change it."""
    data = stored.data
    supplier_ids = sorted({line["supplier_id"] for line in data["lines"]})
    suppliers = list(Supplier.objects.filter(pk__in=supplier_ids)
                     .select_related("bank_account")
                     .prefetch_related("tax_registrations").order_by("pk"))
    sellers = [_seller(supplier) for supplier in suppliers]
    return {
        "language": stored.language,
        "locale": data["locale"],
        "market": data["market"],
        "currency": data["currency"],
        "priced_on": data["priced_on"],
        "exchange_rates": data["exchange_rates"],
        "lines": data["lines"],
        "goods_total": data["goods_total"],
        "prices_include_vat": data["prices_include_vat"],
        "shipping": {k: v for k, v in option.items() if k != "payment_methods"},
        "payment_method": {k: v for k, v in method.items() if k != "shipping_options"},
        "vat": option["vat"],
        "net_total": option["net_total"],
        "total": option["total"],
        "buyer": buyer,
        "sellers": sellers,
        "invoice": invoice_terms(stored, sellers, buyer),
        # The account the buyer transfers to, as it is now: a later edit of the payout
        # details must not change where an issued invoice says to pay.
        "bank_details": bank_details(method, suppliers),
        "quote": {"id": str(stored.pk), "created_at": stored.created_at.isoformat(),
                  "expires_at": stored.expires_at.isoformat()},
    }


def _seller(supplier: Supplier) -> dict:
    return {"id": supplier.pk, "name": supplier.name, "vat_id": supplier.vat_id,
            "registration_number": supplier.registration_number,
            "street_address": supplier.street_address, "postal_code": supplier.postal_code,
            "city": supplier.city, "country_area": supplier.country_area,
            "country": str(supplier.country), "email": supplier.email,
            "phone": supplier.phone,
            "tax_registrations": [registration.number for registration
                                  in supplier.tax_registrations.all()]}


def _create(stored: Quote, key: str, fingerprint: str, option: dict, method: dict,
            buyer: dict, snapshot: dict) -> tuple[Order, bool]:
    total = Decimal(option["total"]["amount"])
    try:
        with transaction.atomic():
            order = Order(quote=stored, idempotency_key=key, request_hash=fingerprint,
                          payment_method=method["code"], shipping_option=option["id"],
                          currency=option["total"]["currency"], total=total, buyer=buyer,
                          created_at=timezone.now())
            order.number = f"MR-{order.pk.hex[:10].upper()}"
            started = provider_for(method["settlement"]).start(
                order_number=order.number, method=method["code"],
                settlement=method["settlement"], amount=total, currency=order.currency)
            order.snapshot = {**snapshot, "number": order.number,
                              "placed_at": order.created_at.isoformat()}
            order.save()
            Payment.objects.create(order=order, provider=provider_for(
                method["settlement"]).code, method=method["code"], amount=total,
                currency=order.currency, status=started.status, reference=started.reference)
    except IntegrityError:
        # A concurrent request won the race on the key (or on the quote): answer with its
        # order, as a retry with the same key would get.
        winner = Order.objects.filter(idempotency_key=key).first()
        if winner is not None:
            return _replay(winner, fingerprint), False
        winner = Order.objects.filter(quote=stored).first()
        if winner is not None:
            raise QuoteAlreadyOrdered(str(winner.pk)) from None
        raise
    return order, True


def order_json(order: Order) -> dict:
    """The order as the API returns it; built from stored rows only, so a replay returns the
    same body."""
    payment = order.payments.order_by("pk").first()
    return {
        "id": str(order.pk),
        "number": order.number,
        "status": order.status,
        "created_at": order.created_at.isoformat(),
        "quote": str(order.quote_id),
        "payment": {"provider": payment.provider, "method": payment.method,
                    "status": payment.status, "reference": payment.reference,
                    "amount": amount_text(payment.amount, payment.currency),
                    "currency": payment.currency}
        if payment else None,
        "snapshot": order.snapshot,
    }
