"""Everything a market context contributes to localization, loaded once in a fixed number of
queries and shared by every listing localized for that market.

Across requests: the configuration part (MarketConfig), the exchange rates and the resolved
market contexts are kept in this process and reused while the configuration version
(config_version.py, one query) is unchanged; an edit anywhere, in any process, moves the
version and the next request loads afresh (exchange rates are a watched model: `load_rates`'
bulk writes move it too). The checkout calls MarketData.load, which reads everything afresh.

MarketData.memo holds what the engine derives for one request (it may depend on listings and
certificates); MarketData.shared lives as long as the cached configuration and must only hold
values derived from the configuration and what their keys name (locale, UI language, rates).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from django.db.models import Prefetch, Q
from django.utils import timezone

from marketplace.localization.config_version import Version, configuration_version
from marketplace.rates.services import RateTable
from regions.compliance.models import ComplianceRule
from regions.compliance.services import rule_rows
from regions.core.market import MarketContext
from regions.core.models import BuyerType
from regions.languages.services import default_language
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.taxes.book import calculator_for, load_tax_book
from regions.taxes.interface import TaxBook, TaxCalculator
from regions.warehouses.models import ShippingOption, Warehouse


@dataclass(frozen=True)
class MarketConfig:
    """What a market's configuration (regions.*) contributes, whatever the listings: cached
    across requests while the configuration version is unchanged (see config_version.py)."""

    region_language: str | None
    tax_book: TaxBook
    payment_methods: list[tuple[PaymentMethod, PaymentMethodCurrency]]
    shipping_options: list[ShippingOption]
    rules: list[ComplianceRule]

    @classmethod
    def load(cls, market: MarketContext, today: date) -> "MarketConfig":
        country, region = market.country, market.region
        buyer_filter = (Q(business_buyers=True) if market.buyer_type == BuyerType.BUSINESS
                        else Q(consumer_buyers=True))
        methods = (
            PaymentMethod.objects.filter(buyer_filter, region=region, active=True,
                                         countries=country)
            .prefetch_related(Prefetch(
                "currencies",
                queryset=PaymentMethodCurrency.objects.filter(
                    Q(country__isnull=True) | Q(country=country), currency=market.currency),
                to_attr="limits_here"))
        )
        options = list(
            ShippingOption.objects.filter(
                buyer_filter, active=True,
                warehouse__in=Warehouse.objects.filter(region=region, active=True,
                                                       countries_served=country))
            .select_related("warehouse")
            .order_by("transit_days_min", "cost_amount", "pk")
        )
        return cls(
            region_language=default_language(region),
            tax_book=load_tax_book(country, today),
            payment_methods=[(m, _limits(m)) for m in methods if _limits(m) is not None],
            shipping_options=options,
            # (with both countries and the alternative types: see rules_in_force)
            rules=list(rule_rows(region)),
        )

    @property
    def option_currencies(self) -> set[str]:
        return {option.cost_currency for option in self.shipping_options}


@dataclass
class MarketData:
    market: MarketContext
    today: date
    locale: Locale
    region_language: str | None
    tax_book: TaxBook
    tax: TaxCalculator  # the region's pack's
    payment_methods: list[tuple[PaymentMethod, PaymentMethodCurrency]]
    shipping_options: list[ShippingOption]
    rules: list[ComplianceRule]
    rates: RateTable
    # What the engine derives once per market and reuses for every listing (see engine.py).
    # Per request: it may hold values that depend on listings and certificates.
    memo: dict = field(default_factory=dict)
    # What the engine derives from the configuration alone (plus the locale and rates it names
    # in its keys): shared by every request while the configuration version is unchanged.
    shared: dict = field(default_factory=dict)

    @property
    def currency(self) -> str:
        return self.market.currency

    @property
    def is_business(self) -> bool:
        return self.market.buyer_type == BuyerType.BUSINESS

    @property
    def prices_include_tax(self) -> bool:
        policy = self.tax_book.policy
        if policy is None:
            return False
        if self.is_business:
            return policy.business_prices_include_tax
        return policy.consumer_prices_include_tax

    @classmethod
    def load(cls, market: MarketContext, *, source_currencies: set[str], today: date
             ) -> "MarketData":
        """Everything read afresh from the database (the checkout prices with this)."""
        return cls.assemble(market, MarketConfig.load(market, today),
                            source_currencies=source_currencies, today=today)

    @classmethod
    def assemble(cls, market: MarketContext, config: MarketConfig, *,
                 source_currencies: set[str], today: date, shared: dict | None = None,
                 rates: RateTable | None = None) -> "MarketData":
        """`rates`: the table of `currencies_needed(...)`, read now when not given."""
        return cls(
            market=market,
            today=today,
            locale=locale_for(market.language, str(market.country.code)),
            region_language=config.region_language,
            tax_book=config.tax_book,
            tax=calculator_for(market.region.code),
            payment_methods=config.payment_methods,
            shipping_options=config.shipping_options,
            rules=config.rules,
            rates=(RateTable.load(currencies_needed(market, config, source_currencies),
                                  on=today) if rates is None else rates),
            shared={} if shared is None else shared,
        )


def currencies_needed(market: MarketContext, config: MarketConfig,
                      source_currencies: Iterable[str]) -> frozenset[str]:
    """The currencies whose rates localizing the listings in the market takes."""
    return frozenset((market.currency, *source_currencies, *config.option_currencies))


class _VersionedCache:
    """Values per key in this process, each valid for one configuration version. Bounded:
    the least recently used key goes first. Values are shared by requests and threads, so
    they are never mutated once stored (dicts of derived values only grow)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[Version, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Version, load: Callable[[], Any]) -> Any:
        entry = self._entries.get(key)
        if entry is not None and entry[0] == version:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
            return entry[1]
        # `version` was read before `load` reads the configuration, so what is stored is at
        # least as new as its version: an edit committed in between moves the version, and
        # the next request loads again.
        value = load()
        with self._lock:
            self._entries[key] = (version, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (see forget_cached_markets). Invalidation never needs it: the
        configuration version does that."""
        with self._lock:
            self._entries.clear()


_configs = _VersionedCache(size=512)
_contexts = _VersionedCache(size=2048)
_rates = _VersionedCache(size=512)


def forget_cached_markets() -> None:
    """Empty this process's market caches, for a measurement of a first request (bench) or a
    database whose rows were restored with their history (tests), where the configuration
    version comes back to a value seen before with other data behind it."""
    _configs.clear()
    _contexts.clear()
    _rates.clear()


def market_context_for(key: Hashable, resolve: Callable[[], MarketContext], *,
                       version: Version | None = None) -> MarketContext:
    """`resolve()` (a market-context resolution from `key`, e.g. the request's market
    parameters), remembered while the configuration version is unchanged: regions, countries
    and their languages are part of it. Errors are raised by `resolve` and never remembered."""
    return _contexts.get(key, configuration_version() if version is None else version, resolve)


def market_data_for(market: MarketContext, listings, today: date | None = None, *,
                    version: Version | None = None) -> MarketData:
    """The market's data with the exchange rates these listings' source currencies need.

    The configuration part and the rates come from this process's cache when the
    configuration version in the database (read now, or passed in by a caller that read it at
    the start of the request) says they are current: one query instead of nine."""
    today = today or timezone.localdate()
    version = configuration_version() if version is None else version
    key = (market.region.pk, market.country.pk, market.currency, market.buyer_type, today)
    config, shared = _configs.get(key, version,
                                  lambda: (MarketConfig.load(market, today), {}))
    currencies = currencies_needed(market, config, {x.source_currency for x in listings})
    # (Keyed by the day: the latest rate on or before it.)
    rates = _rates.get((currencies, today), version,
                       lambda: RateTable.load(currencies, on=today))
    return MarketData.assemble(market, config, today=today, shared=shared, rates=rates,
                               source_currencies=currencies)


@lru_cache(maxsize=1024)
def locale_for(language: str, country_code: str) -> Locale:
    """The CLDR locale for a language shown in a country: de + AT → de_AT, en + PL → en."""
    base = Locale.parse(language, sep="-")
    try:
        return Locale.parse(f"{base.language}_{base.script + '_' if base.script else ''}"
                            f"{country_code}")
    except (UnknownLocaleError, ValueError):
        return base


def _limits(method: PaymentMethod) -> PaymentMethodCurrency | None:
    # A country-specific row (Klarna DE) beats the method's general row for the currency.
    rows = sorted(method.limits_here, key=lambda row: row.country_id is None)
    return rows[0] if rows else None
