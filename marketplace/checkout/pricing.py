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

from babel.numbers import format_currency
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from moneyed import Money

from marketplace.catalog.models import Listing
from marketplace.checkout.errors import CheckoutError
from marketplace.localization import offers, page, taxes
from marketplace.localization.engine import (
    localize,
    preview_order,
    source_tiers,
)
from marketplace.localization.market import MarketData
from marketplace.rates.errors import RatesError
from marketplace.rates.services import amount_text, round_money
from regions.core.market import MarketContext
from regions.core.pack_names import pack_name
from regions.core.subdivisions import subdivisions
from regions.taxes.interface import ADDED, INCLUDED
from regions.taxes.rates import percent_text
from regions.warehouses.incoterms import incoterm_name

KEY_ATTRIBUTES = 4


@dataclass(frozen=True)
class Basket:
    market: MarketContext
    lines: tuple[tuple[int, int], ...]  # (listing id, quantity), quantities already whole
    vat_id: str  # normalized, or "" when none was given
    vat_id_valid: bool  # validated (format, check digits, VIES when on); False fails closed
    exemption: str = ""  # a tax exemption the business buyer claims (a resale certificate)


def price_basket(basket: Basket, *, today: date) -> dict:
    """The quote's content for `basket`, priced with the market's configuration and the
    exchange rates of `today`. Raises CheckoutError naming the line and the reason when a
    listing is unknown, below its MOQ, or not sellable in this market."""
    market = basket.market
    ids = [listing_id for listing_id, _quantity in basket.lines]
    listings = {x.pk: x for x in page.fetch(Listing.objects.visible_to(None)
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
    page.read(list(listings.values()), [data])
    if data.tax_book.varies_by_subdivision and not market.subdivision:
        raise CheckoutError.single("subdivision", _(
            "Tax in %(country)s depends on the delivery address: give its subdivision, one "
            "of %(allowed)s.") % {"country": market.country.code.name,
                                  "allowed": ", ".join(subdivisions(str(market.country.code)))})
    if data.tax_book.needs_postal_code(market.subdivision) and not market.postal_code:
        raise CheckoutError.single("postal_code", _(
            "Local taxes in %(subdivision)s depend on the delivery address: give its postal "
            "code.") % {"subdivision": subdivisions(str(market.country.code)).get(
                market.subdivision, market.subdivision)})
    with override(market.language):
        lines = [_line(i, listings[pk], quantity, data) for i, (pk, quantity)
                 in enumerate(basket.lines)]
        return _quote(basket, data, lines, [listings[pk] for pk in ids])


def _line(index: int, listing: Listing, quantity: int, data: MarketData) -> dict:
    localized = localize(listing, data)
    field = f"lines[{index}]"
    if not localized.sellable:
        # The findings speak to the merchant ("Your … is waiting for verification by our
        # team"); the buyer learns only that this product cannot be ordered here.
        raise CheckoutError.single(f"{field}.listing", _(
            "“%(title)s” cannot be sold in %(country)s yet. Choose another product or ask "
            "the seller.") % {"title": localized.title,
                              "country": data.market.country.code.name})
    preview = preview_order(localized, quantity, data)
    if not preview.meets_moq:
        raise CheckoutError.single(f"{field}.quantity", _(
            "%(quantity)s is below the minimum order quantity of %(moq)s for “%(title)s”.")
            % {"quantity": quantity, "moq": localized.moq, "title": localized.title})
    tiers = [t for t in source_tiers(listing) if t.min_quantity <= quantity]
    source_tier = tiers[-1]
    return {
        "listing": listing.pk,
        "title": localized.title,
        "language": localized.language,
        # The product photo's address ("" without one); served only while the listing is
        # published (marketplace.catalog.views.listing_image).
        "image": reverse("catalog:listing_image", args=[listing.pk]) if listing.image else "",
        # What the buyer checks before paying: the first attributes (the supplier orders them
        # by importance), translated with the listing's text.
        "attributes": [{"name": name, "value": value, "unit": unit}
                       for name, value, unit in localized.attributes[:KEY_ATTRIBUTES]],
        "supplier": listing.supplier.name,
        "supplier_id": listing.supplier_id,
        "hs_code": listing.hs_code,
        "tax_class": data.tax_book.kind_for(listing.category),
        "quantity": quantity,
        "moq": localized.moq,
        "tier_min_quantity": preview.unit_price.min_quantity,
        "source_unit_price": _plain(Money(source_tier.unit_price, listing.source_currency)),
        "unit_price": _money(preview.unit_price.amount, data),
        "total": _money(preview.total.amount, data),
        "lead_time_days": [listing.lead_time_min_days, listing.lead_time_max_days],
    }


def _quote(basket: Basket, data: MarketData, lines: list[dict], listings: Sequence[Listing]
           ) -> dict:
    goods = sum((Decimal(line["total"]["amount"]) for line in lines), Decimal(0))
    # The goods' value before VAT and shipping, for options capped by it (IOSS: EUR 150).
    goods_source = [Money(Decimal(line["source_unit_price"]["amount"]) * line["quantity"],
                          line["source_unit_price"]["currency"]) for line in lines]
    production = (max(x.lead_time_min_days for x in listings),
                  max(x.lead_time_max_days for x in listings))
    options = [_option(option, data, basket, lines, goods, goods_source, production)
               for option in data.shipping_options]
    options = [option for option in options if option is not None]
    methods = _payment_methods(data, options)
    policy = data.tax_book.policy
    standard = taxes.components(data, "standard")
    return {
        "market": {"region": data.market.region.code, "country": str(data.market.country.code),
                   "subdivision": data.market.subdivision,
                   "postal_code": data.market.postal_code,
                   "language": data.market.language, "buyer": data.market.buyer_type},
        "locale": str(data.locale),
        "currency": data.currency,
        "priced_on": data.today.isoformat(),
        "exchange_rates": _rates_used(data, listings),
        "buyer_vat_id": basket.vat_id,
        "buyer_vat_id_valid": basket.vat_id_valid,
        "prices_include_vat": data.prices_include_tax,
        "tax_exemption": basket.exemption,
        "vat_rate": percent_text(standard.total_rate) if standard.lines else None,
        "tax_system": policy.system if policy else None,
        "lines": lines,
        "goods_total": _money(goods, data),
        "shipping_options": options,
        "payment_methods": methods,
    }


def _option(option, data: MarketData, basket: Basket, lines: list[dict], goods: Decimal,
            goods_source: list[Money], production: tuple[int, int]) -> dict | None:
    warehouse = option.warehouse
    cap = offers.goods_cap(option)
    if cap is not None and not offers.within_cap(
            sum((data.rates.convert(m, cap.currency.code) for m in goods_source),
                Money(0, cap.currency.code)), cap):
        return None
    treatment = taxes.treatment(
        data, warehouse_kind=warehouse.kind, ships_from=str(warehouse.location),
        tax_id_valid=basket.vat_id_valid, exemption=basket.exemption, goods_value=goods)
    cost = round_money(data.rates.convert(Money(option.cost_amount, option.cost_currency),
                                          data.currency)).amount
    # Shipping pays the standard rate; each line the rate of its tax class.
    amounts = {"standard": cost}
    for line in lines:
        amounts[line["tax_class"]] = (amounts.get(line["tax_class"], Decimal(0))
                                      + Decimal(line["total"]["amount"]))
    tax_lines = taxes.tax_lines(data, treatment, amounts)
    tax = round_money(Money(sum((line["amount"] for line in tax_lines), Decimal(0)),
                            data.currency)).amount
    gross = goods + cost
    net, total = ((gross - tax, gross) if treatment == INCLUDED
                  else (gross, gross + tax) if treatment == ADDED else (gross, gross))
    rates = {line["rate"] for line in tax_lines}
    return {
        "id": f"{warehouse.code}:{option.code}",
        "name": pack_name(option.name),
        "warehouse": pack_name(warehouse.name),
        "warehouse_kind": warehouse.kind,
        "ships_from": str(warehouse.location),
        # The city as the buyer's language writes it (Dubai: دبي), from the pack's catalogs.
        "ships_from_city": pack_name(warehouse.city),
        "mode": option.mode,
        "incoterm": option.incoterm,
        "incoterm_name": incoterm_name(option.incoterm),
        "transit_days": [option.transit_days_min, option.transit_days_max],
        # Production (the slowest line) + handling + transit.
        "delivery_days": list(offers.delivery_days(option, production)),
        "cost": _money(cost, data),
        "vat": {
            "treatment": treatment,
            # One rate when the sale pays one tax at one rate (most of them); see lines.
            "rate": rates.pop() if len(rates) == 1 and len(tax_lines) == 1 else None,
            "amount": _money(tax, data),
            "note": taxes.sale_note(data, treatment, amounts),
            # The pack's wording (the reverse-charge mention), in the buyer's language.
            "legal_note": pack_name(data.tax.legal_note(data.tax_book, treatment)),
            "lines": [{**line, "base": _money(line["base"], data),
                       "amount": _money(line["amount"], data)} for line in tax_lines],
        },
        "net_total": _money(net, data),
        "total": _money(total, data),
    }


def _payment_methods(data: MarketData, options: list[dict]) -> list[dict]:
    """The methods that can pay the total of at least one shipping option, with the options
    each can pay; each option lists its methods too."""
    methods = []
    for method, limits in data.payment_methods:
        fits = [option["id"] for option in options
                if offers.can_pay(limits, Decimal(option["total"]["amount"]))]
        for option in options:
            if option["id"] in fits:
                option.setdefault("payment_methods", []).append(method.code)
        if not fits:
            continue
        methods.append({
            "code": method.code,
            "name": pack_name(method.name),
            "settlement": method.settlement,
            "terms": pack_name(method.terms),
            "min_amount": (_money(limits.min_amount, data)
                           if limits.min_amount is not None else None),
            "max_amount": (_money(limits.max_amount, data)
                           if limits.max_amount is not None else None),
            "shipping_options": fits,
        })
    for option in options:
        option.setdefault("payment_methods", [])
    return methods


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
    return {"amount": amount_text(amount, data.currency), "currency": data.currency,
            "formatted": format_currency(amount, data.currency, locale=data.locale)}


def _plain(money: Money) -> dict:
    return {"amount": str(money.amount), "currency": money.currency.code}
