"""localize(listing, market) → LocalizedListing: the one place a listing becomes what a buyer in
one market sees. The API, the merchant preview and the checkout all call it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency
from django.utils.translation import get_language
from moneyed import Money

from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import Listing
from marketplace.compliance import gate
from marketplace.localization import offers, page, taxes
from marketplace.localization.market import MarketData, market_data_for
from marketplace.localization.offers import can_pay, within_cap
from marketplace.localization.taxes import VatTerms
from marketplace.rates.errors import RatesError
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


def source_tiers(listing: Listing) -> list[page.TierRow]:
    """The listing's price tiers in its source currency, lowest quantity first."""
    return page.tiers_of(listing)


def localize_many(listings: Iterable[Listing], market: MarketContext, *,
                  today: date | None = None) -> list[LocalizedListing]:
    """The listings (from `page.fetch`) in one market, read in one query per table."""
    [(_market, localized)] = localize_in_markets(listings, [market], today=today)
    if isinstance(localized, RatesError):
        raise localized
    return localized


def localize_in_markets(listings: Iterable[Listing], markets: Iterable[MarketContext], *,
                        today: date | None = None
                        ) -> list[tuple[MarketContext, list[LocalizedListing] | RatesError]]:
    """The listings (from `page.fetch`) in each market, read once for all of them (the
    preview's columns, the workspace's verdicts). A market whose exchange rates are missing
    gets its RatesError instead of the listings: it breaks that market, not the others."""
    listings = list(listings)
    markets = list(markets)
    if not listings:
        return [(market, []) for market in markets]
    data = [market_data_for(market, listings, today) for market in markets]
    page.read(listings, data)
    answers: list[tuple[MarketContext, list[LocalizedListing] | RatesError]] = []
    for market, market_data in zip(markets, data, strict=True):
        try:
            answers.append((market, [localize(listing, market_data) for listing in listings]))
        except RatesError as exc:
            answers.append((market, exc))
    return answers


def localize(listing: Listing, data: MarketData, *, summary: bool = False) -> LocalizedListing:
    """What a buyer in `data.market` sees of the listing. Read with `page.read` for the
    market first; a listing that was not is read now, alone (a query per table).
    `summary=True` for what a list's summary shows: its `attributes` are left empty (a page
    read for summaries does not read them)."""
    market = data.market
    if not page.is_read_for(listing, data):
        page.read([listing], [data])
    offered = _offers(data)
    language, title, description = _text(listing, market, data.region_language)
    source_tiers = getattr(listing, page.TIERS)
    tax_kind = data.tax_book.kind_for(listing.category)
    tiers = _prices(listing, source_tiers, tax_kind, data)
    lowest_order = tiers[0].amount * listing.moq if tiers else None
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
        attributes=() if summary else tuple(page.attributes_of(listing)),
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
    usable = {t.language: t for t in getattr(listing, page.TRANSLATIONS) if t.usable}
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


def _prices(listing: Listing, tiers: Iterable[page.TierRow], kind: str, data: MarketData
            ) -> tuple[LocalizedPrice, ...]:
    terms = data.memo.get(("price_terms", listing.source_currency, kind))
    if terms is None:
        terms = data.memo["price_terms", listing.source_currency, kind] = _price_terms(
            listing.source_currency, kind, data)
    priced = []
    for tier in tiers:
        amount, formatted = _tier_price(tier.unit_price, *terms)
        priced.append(LocalizedPrice(tier.min_quantity, amount, data.currency, formatted))
    return tuple(priced)


def _price_terms(source_currency: str, kind: str, data: MarketData) -> tuple:
    """Everything besides the amount that a tier's price in this market depends on: the
    arguments of `_tier_price` after the unit price."""
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
