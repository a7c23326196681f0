"""localize(listing, market) → LocalizedListing: the one place a listing becomes what a buyer in
one market sees. The API, the merchant preview and the checkout all call it."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import Listing, ListingTranslation, PriceTier
from marketplace.localization.market import MarketData
from marketplace.rates.services import round_money
from regions.compliance.evaluation import ComplianceSummary, summarize
from regions.compliance.models import Certificate
from regions.core.market import MarketContext
from regions.languages.services import fallback_chain
from regions.warehouses.models import WarehouseKind


@dataclass(frozen=True)
class LocalizedPrice:
    min_quantity: int
    amount: Decimal
    currency: str
    formatted: str


@dataclass(frozen=True)
class VatTerms:
    system: str  # "vat" or "sales_tax"
    rate: Decimal | None
    included: bool
    note: str


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


def for_localization(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    """Prefetch everything `localize` reads, so a page of N listings costs a fixed number of
    queries whatever N is."""
    return listings.select_related("supplier").prefetch_related(
        Prefetch("translations", queryset=ListingTranslation.objects.order_by("language")),
        Prefetch("price_tiers", queryset=PriceTier.objects.order_by("min_quantity")),
        "attributes",
        Prefetch("supplier__certificates",
                 queryset=Certificate.objects.prefetch_related(
                     Prefetch("listings", queryset=Listing.objects.only("pk")))),
    )


def localize_many(listings: Iterable[Listing], market: MarketContext, *,
                  today: date | None = None) -> list[LocalizedListing]:
    listings = list(listings)
    data = MarketData.load(market, source_currencies={item.source_currency for item in listings},
                           today=today or timezone.localdate())
    return [localize(listing, data) for listing in listings]


def localize(listing: Listing, data: MarketData) -> LocalizedListing:
    market = data.market
    language, title, description = _text(listing, market, data.region_language)
    tiers = tuple(_price(listing, tier, data) for tier in listing.price_tiers.all())
    lowest_order = tiers[0].amount * listing.moq if tiers else None
    return LocalizedListing(
        id=listing.pk,
        supplier=listing.supplier.name,
        status=listing.status,
        language=language,
        requested_language=market.language,
        source_language=listing.source_language,
        title=title,
        description=sanitize(description),
        category=listing.category,
        attributes=tuple((a.name, a.value, a.unit) for a in listing.attributes.all()),
        moq=listing.moq,
        currency=data.currency,
        price_tiers=tiers,
        vat=_vat_terms(data),
        payment_methods=_payment_methods(data, lowest_order),
        shipping_options=_shipping_options(listing, data),
        compliance=summarize(
            data.rules, _certificates_covering(listing), category=listing.category,
            properties=listing.properties, buyer_type=market.buyer_type,
            country_id=market.country.pk, today=data.today),
        exchange_rates_as_of=data.rates.as_of,
    )


def _text(listing: Listing, market: MarketContext, region_language: str | None
          ) -> tuple[str, str, str]:
    """The best usable text along the fallback chain; the source itself ends the chain."""
    usable = {t.language: t for t in listing.translations.all() if t.usable}
    chain = fallback_chain(market.language, region_default=region_language,
                           source_language=listing.source_language)
    for language in chain:
        if language == listing.source_language:
            break
        if language in usable:
            return language, usable[language].title, usable[language].description
    return listing.source_language, listing.title, listing.description


def _money(amount: Money, data: MarketData) -> LocalizedPrice:
    rounded = round_money(data.rates.convert(amount, data.currency))
    return LocalizedPrice(
        min_quantity=0, amount=rounded.amount, currency=data.currency,
        formatted=format_currency(rounded.amount, data.currency, locale=data.locale))


def _price(listing: Listing, tier: PriceTier, data: MarketData) -> LocalizedPrice:
    unit = Money(tier.unit_price, listing.source_currency)
    if data.prices_include_tax and data.vat_rate is not None:
        unit = unit * (1 + data.vat_rate / 100)
    price = _money(unit, data)
    return LocalizedPrice(tier.min_quantity, price.amount, price.currency, price.formatted)


def _vat_terms(data: MarketData) -> VatTerms:
    policy = data.tax_policy
    if not data.charges_vat:
        return VatTerms("sales_tax", None, False,
                        _("Prices exclude sales tax, which is calculated at checkout for the "
                          "delivery address."))
    rate = data.vat_rate
    shown_rate = format_decimal(rate, locale=data.locale) if rate is not None else "?"
    if data.prices_include_tax:
        note = _("Prices include %(rate)s %% VAT.") % {"rate": shown_rate}
    elif policy.reverse_charge:
        note = _("Prices exclude VAT. %(rate)s %% VAT is added, unless the goods ship to you "
                 "from another member state and you give a valid VAT ID: then no VAT is charged "
                 "(reverse charge).") % {"rate": shown_rate}
    else:
        note = _("Prices exclude VAT; %(rate)s %% VAT is added at checkout.") % {
            "rate": shown_rate}
    return VatTerms("vat", rate, data.prices_include_tax, note)


def _payment_methods(data: MarketData, lowest_order: Decimal | None
                     ) -> tuple[LocalizedPaymentMethod, ...]:
    """Methods that can pay at least the smallest possible order (MOQ at its tier price)."""
    eligible = []
    for method, limits in data.payment_methods:
        if lowest_order is not None and limits.max_amount is not None and (
                lowest_order > limits.max_amount):
            continue
        eligible.append(LocalizedPaymentMethod(
            code=method.code, name=method.name, settlement=method.settlement,
            terms=method.terms,
            max_amount=(format_currency(limits.max_amount, data.currency, locale=data.locale)
                        if limits.max_amount is not None else None)))
    return tuple(eligible)


def _shipping_options(listing: Listing, data: MarketData
                      ) -> tuple[LocalizedShippingOption, ...]:
    options = []
    for option in data.shipping_options:
        warehouse = option.warehouse
        delivery = (listing.lead_time_min_days + warehouse.handling_days_min
                    + option.transit_days_min,
                    listing.lead_time_max_days + warehouse.handling_days_max
                    + option.transit_days_max)
        options.append(LocalizedShippingOption(
            code=option.code, name=option.name, warehouse=warehouse.name,
            warehouse_kind=warehouse.kind, ships_from=str(warehouse.location),
            mode=option.mode, incoterm=option.incoterm,
            transit_days=(option.transit_days_min, option.transit_days_max),
            delivery_days=delivery,
            cost=_money(Money(option.cost_amount, option.cost_currency), data),
            vat_treatment=_vat_treatment(data, warehouse.kind, str(warehouse.location)),
        ))
    return tuple(options)


def _vat_treatment(data: MarketData, kind: str, ships_from: str) -> str:
    """How VAT applies to goods shipped this way: the tax policy's rules per origin."""
    if not data.charges_vat:
        return "sales_tax"
    if not data.is_business:
        return "included" if data.prices_include_tax else "added"
    if kind in (WarehouseKind.ORIGIN, WarehouseKind.BONDED):
        return "import_vat"  # non-Union goods: VAT is due on import, not on the sale
    buyer_country = str(data.market.country.code)
    if data.tax_policy.reverse_charge and ships_from != buyer_country:
        return "reverse_charge"
    return "added"


def _certificates_covering(listing: Listing) -> Sequence[Certificate]:
    """The supplier's certificates whose scope includes the listing (empty scope: all)."""
    covering = []
    for certificate in listing.supplier.certificates.all():
        scope = {covered.pk for covered in certificate.listings.all()}
        if not scope or listing.pk in scope:
            covering.append(certificate)
    return covering


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
