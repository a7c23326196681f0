"""Price a basket for one market: the quote's numbers, as plain JSON-ready data.

Builds on the one engine: `localize()` gives each listing's text in the buyer's language, its
converted tier prices (VAT included where the market shows consumer prices so), MOQ and
compliance; this module adds what only an order has: the tier the quantity reaches, totals,
VAT per shipping option (the rule from localization/vat.py, told whether the buyer's VAT ID
was validated), shipping options the whole order may use, and payment methods whose limits
take the total. Amounts are Decimal, kept as strings in JSON, never floats.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.utils.translation import gettext as _
from django.utils.translation import override
from moneyed import Money

from marketplace.catalog.models import Listing
from marketplace.checkout.errors import CheckoutError
from marketplace.localization.engine import for_localization, localize, preview_order
from marketplace.localization.market import MarketData
from marketplace.localization.vat import (
    ADDED,
    IMPORT_VAT,
    INCLUDED,
    REVERSE_CHARGE,
    SALES_TAX,
    vat_treatment,
)
from marketplace.rates.errors import RatesError
from marketplace.rates.services import round_money
from regions.compliance.models import Severity
from regions.core.market import MarketContext
from regions.warehouses.incoterms import Incoterm

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Basket:
    market: MarketContext
    lines: tuple[tuple[int, int], ...]  # (listing id, quantity), quantities already whole
    vat_id: str  # normalized, or "" when none was given
    vat_id_valid: bool  # validated (format, check digits, VIES when on); False fails closed


def price_basket(basket: Basket, *, today: date) -> dict:
    """The quote's content for `basket`, priced with the market's configuration and the
    exchange rates of `today`. Raises CheckoutError naming the line and the reason when a
    listing is unknown, below its MOQ, or not sellable in this market."""
    market = basket.market
    ids = [listing_id for listing_id, _quantity in basket.lines]
    listings = {x.pk: x for x in for_localization(Listing.objects.visible_to(None)
                                                  .filter(pk__in=ids))}
    unknown = {f"lines[{i}].listing": [_("No published listing has the id %(id)s.") % {"id": pk}]
               for i, pk in enumerate(ids) if pk not in listings}
    if unknown:
        raise CheckoutError(unknown)
    try:
        data = MarketData.load(market, today=today,
                               source_currencies={x.source_currency for x in listings.values()})
    except RatesError as exc:
        raise CheckoutError.single("country", str(exc)) from None
    with override(market.language):
        lines = [_line(i, listings[pk], quantity, data) for i, (pk, quantity)
                 in enumerate(basket.lines)]
        return _quote(basket, data, lines, [listings[pk] for pk in ids])


def _line(index: int, listing: Listing, quantity: int, data: MarketData) -> dict:
    localized = localize(listing, data)
    field = f"lines[{index}]"
    if not localized.sellable:
        blockers = [f.message for f in localized.compliance.findings
                    if f.severity == Severity.BLOCKER] or [_("It has no price.")]
        raise CheckoutError({f"{field}.listing": [
            _("“%(title)s” cannot be sold in %(country)s:") % {
                "title": localized.title, "country": data.market.country.code},
            *blockers]})
    preview = preview_order(localized, quantity, data)
    if not preview.meets_moq:
        raise CheckoutError.single(f"{field}.quantity", _(
            "%(quantity)s is below the minimum order quantity of %(moq)s for “%(title)s”.")
            % {"quantity": quantity, "moq": localized.moq, "title": localized.title})
    tiers = [t for t in _source_tiers(listing) if t.min_quantity <= quantity]
    source_tier = tiers[-1]
    return {
        "listing": listing.pk,
        "title": localized.title,
        "language": localized.language,
        "supplier": listing.supplier.name,
        "supplier_id": listing.supplier_id,
        "hs_code": listing.hs_code,
        "quantity": quantity,
        "moq": localized.moq,
        "tier_min_quantity": preview.unit_price.min_quantity,
        "source_unit_price": _plain(Money(source_tier.unit_price, listing.source_currency)),
        "unit_price": _money(preview.unit_price.amount, data),
        "total": _money(preview.total.amount, data),
        "lead_time_days": [listing.lead_time_min_days, listing.lead_time_max_days],
        "warnings": [f.message for f in localized.compliance.findings
                     if f.severity == Severity.WARNING],
    }


def _source_tiers(listing: Listing) -> list:
    prefetched = getattr(listing, "localization_tiers", None)
    return prefetched if prefetched is not None else list(listing.price_tiers.all())


def _quote(basket: Basket, data: MarketData, lines: list[dict], listings: Sequence[Listing]
           ) -> dict:
    goods = sum((Decimal(line["total"]["amount"]) for line in lines), Decimal(0))
    # The goods' value before VAT and shipping, for options capped by it (IOSS: EUR 150).
    goods_source = [Money(Decimal(line["source_unit_price"]["amount"]) * line["quantity"],
                          line["source_unit_price"]["currency"]) for line in lines]
    production = (max(x.lead_time_min_days for x in listings),
                  max(x.lead_time_max_days for x in listings))
    options = [_option(option, data, basket, goods, goods_source, production)
               for option in data.shipping_options]
    options = [option for option in options if option is not None]
    methods = _payment_methods(data, options)
    policy = data.tax_policy
    return {
        "market": {"region": data.market.region.code, "country": str(data.market.country.code),
                   "language": data.market.language, "buyer": data.market.buyer_type},
        "locale": str(data.locale),
        "currency": data.currency,
        "priced_on": data.today.isoformat(),
        "exchange_rates": _rates_used(data, listings),
        "buyer_vat_id": basket.vat_id,
        "buyer_vat_id_valid": basket.vat_id_valid,
        "prices_include_vat": data.prices_include_tax,
        "vat_rate": str(data.vat_rate) if data.vat_rate is not None and data.charges_vat
        else None,
        "tax_system": policy.tax_system if policy else None,
        "lines": lines,
        "goods_total": _money(goods, data),
        "shipping_options": options,
        "payment_methods": methods,
    }


def _option(option, data: MarketData, basket: Basket, goods: Decimal,
            goods_source: list[Money], production: tuple[int, int]) -> dict | None:
    warehouse = option.warehouse
    if option.max_goods_value is not None:
        value = sum((data.rates.convert(m, option.cost_currency).amount for m in goods_source),
                    Decimal(0))
        if value > option.max_goods_value:
            return None
    policy = data.tax_policy
    treatment = vat_treatment(
        charges_vat=data.charges_vat, prices_include_tax=data.prices_include_tax,
        is_business=data.is_business,
        reverse_charge_allowed=data.charges_vat and policy.reverse_charge,
        warehouse_kind=warehouse.kind, ships_from=str(warehouse.location),
        buyer_country=str(data.market.country.code), valid_vat_id=basket.vat_id_valid)
    cost = round_money(data.rates.convert(Money(option.cost_amount, option.cost_currency),
                                          data.currency)).amount
    vat, net, total = _vat_split(treatment, goods + cost, data.vat_rate, data.currency)
    return {
        "id": f"{warehouse.code}:{option.code}",
        "name": option.name,
        "warehouse": warehouse.name,
        "warehouse_kind": warehouse.kind,
        "ships_from": str(warehouse.location),
        "ships_from_city": warehouse.city,
        "mode": option.mode,
        "incoterm": option.incoterm,
        "incoterm_name": Incoterm(option.incoterm).label,
        "transit_days": [option.transit_days_min, option.transit_days_max],
        # Production (the slowest line) + handling + transit.
        "delivery_days": [production[0] + warehouse.handling_days_min + option.transit_days_min,
                          production[1] + warehouse.handling_days_max + option.transit_days_max],
        "cost": _money(cost, data),
        "vat": {
            "treatment": treatment,
            "rate": str(data.vat_rate) if treatment in (INCLUDED, ADDED) else None,
            "amount": _money(vat, data),
            "note": _vat_note(treatment, data),
            "legal_note": (policy.reverse_charge_note if treatment == REVERSE_CHARGE else ""),
        },
        "net_total": _money(net, data),
        "total": _money(total, data),
    }


def _vat_split(treatment: str, amount: Decimal, rate: Decimal | None, currency: str
               ) -> tuple[Decimal, Decimal, Decimal]:
    """(VAT, net, total) of `amount` (goods + shipping as priced) under `treatment`."""
    if treatment == INCLUDED and rate is not None:
        vat = _round(amount * rate / (HUNDRED + rate), currency)
        return vat, amount - vat, amount
    if treatment == ADDED and rate is not None:
        vat = _round(amount * rate / HUNDRED, currency)
        return vat, amount, amount + vat
    return _round(Decimal(0), currency), amount, amount


def _round(amount: Decimal, currency: str) -> Decimal:
    # VAT is computed on the document total and rounded once, half up, to the currency's
    # minor unit (round_money), not per line.
    return round_money(Money(amount, currency)).amount


def _vat_note(treatment: str, data: MarketData) -> str:
    rate = (format_decimal(data.vat_rate, locale=data.locale)
            if data.vat_rate is not None else "")
    if treatment == INCLUDED:
        return _("Prices include %(rate)s %% VAT.") % {"rate": rate}
    if treatment == ADDED:
        if data.is_business and data.tax_policy.reverse_charge and not data.prices_include_tax:
            return _("%(rate)s %% VAT is added: without a validated VAT ID, or when the goods "
                     "do not leave the member state, no reverse charge applies.") % {
                "rate": rate}
        return _("%(rate)s %% VAT is added.") % {"rate": rate}
    if treatment == REVERSE_CHARGE:
        return reverse_charge_text()
    if treatment == IMPORT_VAT:
        return _("No VAT on this invoice: the goods come from outside the customs territory, "
                 "and import VAT is due when they are released for free circulation.")
    if treatment == SALES_TAX:
        return _("Sales tax is not included: it depends on the delivery address (state, "
                 "county, city) and is calculated and collected separately.")
    return ""


def reverse_charge_text() -> str:
    """The reverse-charge note in the active language (the region's configured legal note is
    printed beside it)."""
    return _("Reverse charge: VAT to be accounted for by the recipient (Article 196 of "
             "Council Directive 2006/112/EC).")


def _payment_methods(data: MarketData, options: list[dict]) -> list[dict]:
    """The methods that can pay the total of at least one shipping option, with the options
    each can pay; each option lists its methods too."""
    methods = []
    for method, limits in data.payment_methods:
        fits = [option["id"] for option in options
                if _within(Decimal(option["total"]["amount"]), limits)]
        for option in options:
            if option["id"] in fits:
                option.setdefault("payment_methods", []).append(method.code)
        if not fits:
            continue
        methods.append({
            "code": method.code,
            "name": method.name,
            "settlement": method.settlement,
            "terms": method.terms,
            "min_amount": (_money(limits.min_amount, data)
                           if limits.min_amount is not None else None),
            "max_amount": (_money(limits.max_amount, data)
                           if limits.max_amount is not None else None),
            "shipping_options": fits,
        })
    for option in options:
        option.setdefault("payment_methods", [])
    return methods


def _within(amount: Decimal, limits) -> bool:
    return ((limits.min_amount is None or amount >= limits.min_amount)
            and (limits.max_amount is None or amount <= limits.max_amount))


def _rates_used(data: MarketData, listings: Sequence[Listing]) -> list[dict]:
    """Each conversion the quote made: from which currency, at which rate, published when."""
    sources = sorted({x.source_currency for x in listings} | {
        o.cost_currency for o in data.shipping_options})
    used = []
    for source in sources:
        if source == data.currency:
            continue
        as_of = [data.rates.dates[c] for c in (source, data.currency) if c in data.rates.dates]
        used.append({"from": source, "to": data.currency,
                     "rate": str(data.rates.rate(source, data.currency)),
                     "as_of": min(as_of).isoformat() if as_of else data.today.isoformat(),
                     "source": "ECB"})
    return used


def _money(amount: Decimal, data: MarketData) -> dict:
    return {"amount": str(amount), "currency": data.currency,
            "formatted": format_currency(amount, data.currency, locale=data.locale)}


def _plain(money: Money) -> dict:
    return {"amount": str(money.amount), "currency": money.currency.code}
