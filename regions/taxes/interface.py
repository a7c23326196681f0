"""The tax plug-in interface: plain data in, plain data out.

A region pack supplies a `TaxCalculator` (its AppConfig's `tax_calculator`); core code asks it
what a sale pays and never branches on a region or country. `StandardTax` (standard.py) serves
value-added taxes with national and sub-national rates, combined taxes and reverse charge, so
most packs write no tax code at all.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from babel import Locale

# How a sale is taxed.
INCLUDED = "included"  # the price shown includes the taxes
ADDED = "added"  # the taxes are added to the price shown
REVERSE_CHARGE = "reverse_charge"  # no tax on the invoice: the business buyer accounts for it
IMPORT_TAX = "import_vat"  # no tax on the invoice: it is due when the goods clear customs
EXEMPT = "exempt"  # no tax: the buyer is exempt (a resale certificate, for example)
TREATMENTS = (INCLUDED, ADDED, REVERSE_CHARGE, IMPORT_TAX, EXEMPT)
CHARGED = (INCLUDED, ADDED)


@dataclass(frozen=True)
class TaxDefinition:
    code: str
    name: str
    labels: Mapping[str, str] = field(default_factory=dict)
    replaces: str = ""

    def label(self, language: str) -> str:
        """The label in `language`, its base language, or the English name."""
        return (self.labels.get(language) or self.labels.get(language.split("-")[0])
                or self.name)


@dataclass(frozen=True)
class RateRow:
    tax: str
    subdivision: str  # "" for the whole country
    kind: str
    rate: Decimal


@dataclass(frozen=True)
class TaxPolicyView:
    system: str
    consumer_prices_include_tax: bool
    business_prices_include_tax: bool
    reverse_charge: bool
    reverse_charge_note: str


@dataclass(frozen=True)
class TaxBook:
    """A country's tax configuration as plain data, valid on one day."""

    country: str
    policy: TaxPolicyView | None
    taxes: Mapping[str, TaxDefinition]
    rates: tuple[RateRow, ...]
    classes: Mapping[str, str]  # product category → rate kind
    day: date | None = None
    # Where local rates by postal code come from (settings.TAX_LOCAL_RATES), if anywhere.
    local_rates: "LocalRateProvider | None" = None

    def needs_postal_code(self, subdivision: str) -> bool:
        """Whether tax in `subdivision` also depends on the postal code (local rates)."""
        return bool(subdivision and self.local_rates and self.local_rates.covers(subdivision))

    @property
    def varies_by_subdivision(self) -> bool:
        return any(row.subdivision for row in self.rates)

    def kind_for(self, category: str) -> str:
        return self.classes.get(category, "standard")


@dataclass(frozen=True)
class Sale:
    """What the taxation of one sale depends on besides the goods."""

    subdivision: str  # ISO 3166-2 of the delivery address, "" when not known yet
    is_business: bool
    warehouse_kind: str
    ships_from: str  # ISO country the goods ship from
    buyer_country: str
    # Whether the business buyer's tax registration was validated. The listing engine shows
    # what a business may expect and leaves it True; the checkout fails closed.
    tax_id_valid: bool = True
    exemption: str = ""  # an exemption the buyer claims (a resale certificate number)
    goods_value: Decimal | None = None  # in the market's currency, when a rule caps it


@dataclass(frozen=True)
class Component:
    """One tax a sale pays: computed on the price before any tax (QST is not a tax on GST)."""

    tax: str
    label: str
    rate: Decimal
    jurisdiction: str  # "CA" or "CA-QC"


@dataclass(frozen=True)
class Components:
    lines: tuple[Component, ...]
    # False when the delivery address's subdivision is needed and not known yet: `lines`
    # then holds the national taxes only and `pending` names the others.
    complete: bool = True
    pending: tuple[str, ...] = ()

    @property
    def total_rate(self) -> Decimal:
        return sum((line.rate for line in self.lines), Decimal(0))


class LocalRateProvider(Protocol):
    """Where a country's local tax rates come from (regions/taxes/local_rates.py: a rates file
    per postal-code prefix, or a deployment's own service). Shared by every request."""

    def covers(self, subdivision: str) -> bool:
        """Whether the subdivision has local rates, so that its postal code matters."""

    def components(self, subdivision: str, postal_code: str, kind: str, today: date
                   ) -> tuple[Component, ...]:
        """The local taxes a sale of goods of rate `kind` delivered to this address pays."""


class TaxCalculator(Protocol):
    """What a pack's tax code answers. Implementations are stateless: one instance serves
    every request."""

    def treatment(self, book: TaxBook, sale: Sale) -> str:
        """One of TREATMENTS for this sale."""

    def components(self, book: TaxBook, subdivision: str, kind: str, language: str,
                   postal_code: str = "") -> Components:
        """The taxes a sale of goods of rate `kind` delivered to `subdivision` (and, where the
        book has local rates, to `postal_code`) pays."""

    def listing_note(self, book: TaxBook, components: Components, *, is_business: bool,
                     shown: str, pending: str, locale: Locale) -> str:
        """What a buyer may expect, beside a listing's prices (in the active language).
        `shown` is the components as the buyer's locale writes them ("GST 5 % + QST
        9,975 %"), `pending` the taxes that wait for the delivery address ("HST, PST, QST")."""

    def sale_note(self, book: TaxBook, treatment: str, components: Components, *,
                  is_business: bool, shown: str, locale: Locale) -> str:
        """What the buyer reads about the tax of one priced sale (a quote's option)."""

    def legal_note(self, book: TaxBook, treatment: str) -> str:
        """The legal mention an invoice must print for this treatment, or ""."""
