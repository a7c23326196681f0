"""localize(listing, market) → LocalizedListing: the one place a listing becomes what a buyer in
one market sees. The API, the merchant preview and the checkout all call it."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from babel import Locale
from babel.numbers import format_currency
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language
from moneyed import Money

from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import Listing, ListingAttribute, ListingTranslation, PriceTier
from marketplace.compliance import gate
from marketplace.localization import offers, taxes
from marketplace.localization.market import MarketData, market_data_for
from marketplace.localization.offers import can_pay, within_cap
from marketplace.localization.rows import select
from marketplace.localization.taxes import VatTerms
from marketplace.rates.services import RateTable, round_money
from regions.compliance.checks import ComplianceSummary
from regions.core.market import MarketContext
from regions.core.pack_names import pack_name
from regions.languages.services import fallback_chain
from regions.payments.models import PaymentMethodCurrency


@dataclass(frozen=True)
class LocalizedPrice:
    min_quantity: int
    amount: Decimal
    currency: str
    formatted: str


@dataclass(frozen=True)
class LocalizedPaymentMethod:
    code: str
    name: str
    settlement: str
    terms: str
    max_amount: str | None


@dataclass(frozen=True)
class LocalizedShippingOption:
    code: str
    name: str
    warehouse: str
    warehouse_kind: str
    ships_from: str
    mode: str
    incoterm: str
    transit_days: tuple[int, int]
    delivery_days: tuple[int, int]  # production + handling + transit
    cost: LocalizedPrice
    vat_treatment: str


@dataclass(frozen=True)
class LocalizedListing:
    id: int
    supplier: str
    status: str
    language: str
    requested_language: str
    source_language: str
    title: str
    description: str  # sanitized limited markup
    category: str
    attributes: tuple[tuple[str, str, str], ...]
    moq: int
    currency: str
    price_tiers: tuple[LocalizedPrice, ...]
    vat: VatTerms
    payment_methods: tuple[LocalizedPaymentMethod, ...]
    shipping_options: tuple[LocalizedShippingOption, ...]
    compliance: ComplianceSummary
    exchange_rates_as_of: date | None

    @property
    def sellable(self) -> bool:
        return self.compliance.sellable and bool(self.price_tiers)


# Prefetched into plain lists (to_attr): Django's default prefetch builds a queryset per row
# and relation, which cost more than localizing the row (bench/localization.py).
PREFETCHED = {
    "price_tiers": "localization_tiers",
    "attributes": "localization_attributes",
    "translations": "localization_translations",
}


def for_localization(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    """Prefetch everything `localize` reads, so a page of N listings costs a fixed number of
    queries whatever N is. (The API's list fetches `for_page` and hands the page to
    `attach_page` instead: plain rows, fewer queries.)"""
    return for_page(listings).prefetch_related(
        # Only the columns localize() reads (the QA notes, a JSON column, cost the most).
        Prefetch("translations", to_attr=PREFETCHED["translations"],
                 queryset=ListingTranslation.objects.order_by("language").only(
                     "listing_id", "language", "title", "description", "state")),
        Prefetch("attributes", to_attr=PREFETCHED["attributes"],
                 queryset=ListingAttribute.objects.only("listing_id", "name", "value", "unit")),
        Prefetch("price_tiers", queryset=PriceTier.objects.order_by("min_quantity"),
                 to_attr=PREFETCHED["price_tiers"]),
        # The latest compliance reports, the suppliers' certificates and responsible persons.
        *gate.prefetches(),
    )


def for_page(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    """The listings with their suppliers and nothing else: `attach_page` adds the rest."""
    return listings.select_related("supplier")


class _TranslationRow(NamedTuple):
    language: str
    title: str
    description: str
    state: str

    @property
    def usable(self) -> bool:
        return ListingTranslation.usable.fget(self)  # the model's rule, not a copy of it


class _AttributeRow(NamedTuple):
    name: str
    value: str
    unit: str


class _TierRow(NamedTuple):
    min_quantity: int
    unit_price: Decimal


def attach_page(listings: Sequence[Listing], data: MarketData) -> None:
    """Everything `localize` reads besides the listing and its supplier, for an already
    fetched page (from `for_page`), as plain rows in one hand-built query per table
    (rows.py: the ORM's prefetches cost ~0.5 ms each, more than the rest of a small page):
    price tiers, translations, attributes, and what the compliance gate reads in this
    market. Only the languages `_text` can pick for this market are read: the requested one,
    the region default and their parents (the source text comes with the listing)."""
    ids = [listing.pk for listing in listings]
    if not ids:
        return
    tiers: dict[int, list[_TierRow]] = defaultdict(list)
    for listing_id, *row in select(PriceTier, ("listing_id", "min_quantity", "unit_price"),
                                   key="listing_id", values=ids,
                                   order_by=("listing_id", "min_quantity")):
        tiers[listing_id].append(_TierRow(*row))
    languages = fallback_chain(data.market.language, region_default=data.region_language)
    translations: dict[int, list[_TranslationRow]] = defaultdict(list)
    for listing_id, *row in select(
            ListingTranslation, ("listing_id", "language", "title", "description", "state"),
            key="listing_id", values=ids, where=[("language", languages)],
            order_by=("language",)):
        translations[listing_id].append(_TranslationRow(*row))
    attributes: dict[int, list[_AttributeRow]] = defaultdict(list)
    for listing_id, *row in select(ListingAttribute, ("listing_id", "name", "value", "unit"),
                                   key="listing_id", values=ids,
                                   order_by=("listing_id", "position", "id")):
        attributes[listing_id].append(_AttributeRow(*row))
    for listing in listings:
        setattr(listing, PREFETCHED["price_tiers"], tiers.get(listing.pk, []))
        setattr(listing, PREFETCHED["translations"], translations.get(listing.pk, []))
        setattr(listing, PREFETCHED["attributes"], attributes.get(listing.pk, []))
    region_id = data.market.region.pk
    types = data.shared.get(("certificate_types", region_id))
    if types is None:
        # Configuration (CertificateType is versioned): kept with the market's.
        types = data.shared["certificate_types", region_id] = gate.certificate_types(region_id)
    gate.attach(listings, data.market, types)


def source_tiers(listing: Listing) -> list:
    """The listing's price tiers in its source currency, lowest quantity first."""
    return _related(listing, "price_tiers")


def _related(listing: Listing, relation: str) -> list:
    """The prefetched rows of a relation, or a query when `listing` was not prefetched."""
    prefetched = getattr(listing, PREFETCHED[relation], None)
    return prefetched if prefetched is not None else list(getattr(listing, relation).all())


def localize_many(listings: Iterable[Listing], market: MarketContext, *,
                  today: date | None = None) -> list[LocalizedListing]:
    listings = list(listings)
    data = market_data_for(market, listings, today)
    return [localize(listing, data) for listing in listings]


def localize(listing: Listing, data: MarketData) -> LocalizedListing:
    market = data.market
    offered = _offers(data)
    language, title, description = _text(listing, market, data.region_language)
    source_tiers = _related(listing, "price_tiers")
    tiers = tuple(_price(listing, tier, data) for tier in source_tiers)
    lowest_order = tiers[0].amount * listing.moq if tiers else None
    tax_kind = data.tax_book.kind_for(listing.category)
    # The smallest order's goods value before tax, for options capped by it (IOSS: 150 EUR).
    lowest_goods = (Money(source_tiers[0].unit_price * listing.moq, listing.source_currency)
                    if source_tiers else None)
    shipping = _shipping_with_production(
        offered, data, listing.lead_time_min_days, listing.lead_time_max_days)
    goods_in: dict[str, Money] = {}  # the lowest goods value per cap currency, converted once
    return LocalizedListing(
        id=listing.pk,
        supplier=listing.supplier.name,
        status=listing.status,
        language=language,
        requested_language=market.language,
        source_language=listing.source_language,
        title=title,
        description=_sanitized(description),
        category=listing.category,
        attributes=tuple((a.name, a.value, a.unit) for a in _related(listing, "attributes")),
        moq=listing.moq,
        currency=data.currency,
        price_tiers=tiers,
        vat=taxes.listing_terms(data, tax_kind),
        payment_methods=tuple(
            method for method, limits in offered.payment_methods
            if lowest_order is None or can_pay(limits, lowest_order, or_more=True)),
        shipping_options=tuple(
            option for option, cap in shipping
            if cap is None or lowest_goods is None
            or within_cap(_goods_in(goods_in, lowest_goods, cap.currency.code, data), cap)),
        compliance=_compliance(listing, data),
        exchange_rates_as_of=data.rates.as_of,
    )


@dataclass(frozen=True)
class _Offers:
    """The listing-independent part of a market: worked out once, shared by its listings."""

    payment_methods: tuple[tuple[LocalizedPaymentMethod, PaymentMethodCurrency], ...]
    # delivery_days here count handling and transit only; localize() adds production. Each
    # option comes with the goods value it may carry at most, if capped.
    shipping_options: tuple[tuple[LocalizedShippingOption, Money | None], ...]


def _shipping_with_production(offered: _Offers, data: MarketData, low: int, high: int
                              ) -> tuple[tuple[LocalizedShippingOption, Money | None], ...]:
    # Listings with the same production lead time (most of a supplier's) share the options.
    key = ("shipping", low, high)
    options = data.memo.get(key)
    if options is None:
        options = data.memo[key] = tuple(
            (_with_production(option, low, high), cap) for option, cap in offered.shipping_options)
    return options


def _goods_in(converted: dict[str, Money], goods: Money, currency: str, data: MarketData
              ) -> Money:
    if currency not in converted:
        converted[currency] = data.rates.convert(goods, currency)
    return converted[currency]


def _with_production(option: LocalizedShippingOption, low: int, high: int
                     ) -> LocalizedShippingOption:
    # Built field by field: dataclasses.replace() introspects the class on every call, and
    # this runs for every option of every listing on a page.
    return LocalizedShippingOption(
        option.code, option.name, option.warehouse, option.warehouse_kind, option.ships_from,
        option.mode, option.incoterm, option.transit_days,
        (option.delivery_days[0] + low, option.delivery_days[1] + high), option.cost,
        option.vat_treatment)


def _offers(data: MarketData) -> _Offers:
    offers = data.memo.get("offers")
    if offers is None:
        # Offers depend on the configuration (data.shared lives as long as its version), the
        # locale, the UI language of the notes and the rates converting shipping costs.
        currencies = sorted({data.currency, *(o.cost_currency for o in data.shipping_options)})
        key = ("offers", data.locale, get_language(),
               tuple((c, data.rates.per_eur.get(c), data.rates.dates.get(c)) for c in currencies))
        offers = data.shared.get(key)
        if offers is None:
            offers = data.shared[key] = _Offers(_payment_methods(data), _shipping_options(data))
        data.memo["offers"] = offers
    return offers


def _compliance(listing: Listing, data: MarketData) -> ComplianceSummary:
    # The sales gate: the latest stored report in the market's region (the rule check as of
    # now when the listing has none yet); marketplace/compliance/gate.py says why.
    return gate.compliance_for(listing, data.market, data.rules, data.today, data.memo)


def _text(listing: Listing, market: MarketContext, region_language: str | None
          ) -> tuple[str, str, str]:
    """The best usable text along the fallback chain; the source itself ends the chain."""
    usable = {t.language: t for t in _related(listing, "translations") if t.usable}
    chain = _fallback_chain(market.language, region_language, listing.source_language)
    for language in chain:
        if language == listing.source_language:
            break
        if language in usable:
            return language, usable[language].title, usable[language].description
    return listing.source_language, listing.title, listing.description


@lru_cache(maxsize=1024)
def _fallback_chain(language: str, region_language: str | None, source_language: str
                    ) -> list[str]:
    # Few distinct (market language, region default, source language) triples: worked out
    # once each. Callers only read the list.
    return fallback_chain(language, region_default=region_language,
                          source_language=source_language)


@lru_cache(maxsize=2048)
def _sanitized(description: str) -> str:
    """sanitize() remembered (a pure function): a page asked for again skips the HTML parser.
    Bounded, as descriptions run to a few kilobytes."""
    return sanitize(description)


def _money(amount: Money, data: MarketData) -> LocalizedPrice:
    rounded = round_money(data.rates.convert(amount, data.currency))
    return LocalizedPrice(
        min_quantity=0, amount=rounded.amount, currency=data.currency,
        formatted=formatted_amount(rounded.amount, data.currency, data.locale))


@lru_cache(maxsize=65536)
def formatted_amount(amount: Decimal, currency: str, locale: Locale) -> str:
    """Babel's CLDR formatting, remembered: a pure function of its arguments, and at ~40 µs a
    call the largest cost of localizing a listing's tiers. Prices repeat (tiers, pages asked
    for again), so most calls are answered here; an amount is already rounded to the
    currency's digits, so equal Decimals (1.5, 1.50) format alike."""
    return format_currency(amount, currency, locale=locale)


def _price(listing: Listing, tier: PriceTier, data: MarketData) -> LocalizedPrice:
    kind = data.tax_book.kind_for(listing.category)
    terms = data.memo.get(("price_terms", listing.source_currency, kind))
    if terms is None:
        terms = data.memo["price_terms", listing.source_currency, kind] = _price_terms(
            listing.source_currency, kind, data)
    amount, formatted = _tier_price(tier.unit_price, *terms)
    return LocalizedPrice(tier.min_quantity, amount, data.currency, formatted)


def _price_terms(source_currency: str, kind: str, data: MarketData) -> tuple:
    """Everything besides the amount that a tier's price in this market depends on."""
    included = taxes.included_rate(data, kind)
    # Through the rate table once, so that a missing rate raises MissingRate as ever.
    data.rates.rate(source_currency, data.currency)
    # (.get: a listing priced in the market's own currency needs no rate for it.)
    return (source_currency, data.rates.per_eur.get(source_currency), data.currency,
            data.rates.per_eur.get(data.currency),
            included or None, data.locale)


@lru_cache(maxsize=65536)
def _tier_price(unit_price: Decimal, source_currency: str, source_per_eur: Decimal | None,
                currency: str, per_eur: Decimal | None, vat_rate: Decimal | None, locale: Locale
                ) -> tuple[Decimal, str]:
    """A unit price with VAT (if included), converted, rounded and formatted: a pure function
    of its arguments (the rates themselves are among them), so it is remembered; the same
    page asked for again costs a lookup per tier instead of ~20 µs of Money arithmetic."""
    unit = Money(unit_price, source_currency)
    if vat_rate is not None:
        unit = unit * (1 + vat_rate / 100)
    rates = RateTable(on=date.min, per_eur={source_currency: source_per_eur, currency: per_eur},
                      dates={}, requested=frozenset((source_currency, currency)))
    rounded = round_money(rates.convert(unit, currency))
    return rounded.amount, formatted_amount(rounded.amount, currency, locale)


def _payment_methods(data: MarketData
                     ) -> tuple[tuple[LocalizedPaymentMethod, PaymentMethodCurrency], ...]:
    """Each method with its limits: a listing offers those that can pay its smallest
    possible order (MOQ at its tier price) or more."""
    return tuple(
        (LocalizedPaymentMethod(
            code=method.code, name=pack_name(method.name), settlement=method.settlement,
            terms=pack_name(method.terms),
            max_amount=(formatted_amount(limits.max_amount, data.currency, data.locale)
                        if limits.max_amount is not None else None)),
         limits)
        for method, limits in data.payment_methods)


def _shipping_options(data: MarketData
                      ) -> tuple[tuple[LocalizedShippingOption, Money | None], ...]:
    options = []
    for option in data.shipping_options:
        warehouse = option.warehouse
        options.append((LocalizedShippingOption(
            code=option.code, name=pack_name(option.name), warehouse=pack_name(warehouse.name),
            warehouse_kind=warehouse.kind, ships_from=str(warehouse.location),
            mode=option.mode, incoterm=option.incoterm,
            transit_days=(option.transit_days_min, option.transit_days_max),
            delivery_days=offers.delivery_days(option),
            cost=_money(Money(option.cost_amount, option.cost_currency), data),
            vat_treatment=taxes.treatment(data, warehouse_kind=warehouse.kind,
                                          ships_from=str(warehouse.location)),
        ), offers.goods_cap(option)))
    return tuple(options)


@dataclass(frozen=True)
class OrderPreview:
    quantity: int
    meets_moq: bool
    unit_price: LocalizedPrice | None
    total: LocalizedPrice | None


def preview_order(localized: LocalizedListing, quantity: int, data: MarketData) -> OrderPreview:
    """The unit price and total for `quantity`, from the tier that quantity reaches."""
    reached = [tier for tier in localized.price_tiers if tier.min_quantity <= quantity]
    if quantity < localized.moq or not reached:
        return OrderPreview(quantity, False, None, None)
    tier = reached[-1]
    total = tier.amount * quantity
    return OrderPreview(
        quantity, True, tier,
        LocalizedPrice(quantity, total, tier.currency,
                       format_currency(total, tier.currency, locale=data.locale)))
