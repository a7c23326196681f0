"""Currency conversion with the ECB reference rates: Decimal arithmetic only, never float.

    table = RateTable.load({"CNY", "PLN"}, on=date(2026, 10, 30))   # one query
    price = round_money(table.convert(Money("743.26", "CNY"), "PLN"))   # Money('440.38', 'PLN')
    if rates_are_stale(table.as_of): ...
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision
from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from moneyed import Money

from marketplace.rates.errors import MissingRate, RatesError
from marketplace.rates.models import ExchangeRate
from regions.core.declarations import currency_pegs

__all__ = [
    "MissingRate",
    "RateTable",
    "RatesError",
    "latest_rate_date",
    "rates_are_stale",
    "round_money",
]

EUR = "EUR"
ONE = Decimal(1)
# An explicit context, so results do not depend on whatever decimal context the caller's
# thread has; 28 significant digits is far beyond any price, and rounding to the currency's
# minor unit is round_money's job, done once at the end.
ARITHMETIC = Context(prec=28, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class RateTable:
    """The rates of some currencies on one day, read once and used for many conversions.

    `per_eur` maps a currency to how many units of it one euro buys (the ECB's quotation);
    `dates` says which day each of those rates was published for.
    """

    on: date
    per_eur: Mapping[str, Decimal]
    dates: Mapping[str, date]
    requested: frozenset[str]

    @classmethod
    def load(cls, currencies: Iterable[str], on: date | None = None) -> RateTable:
        """For each currency, its latest rate on or before `on` (today by default), in one
        query. A currency with no rate is not an error here; converting it raises MissingRate.
        """
        on = on or timezone.localdate()
        requested = frozenset(currencies)
        pegs = {c: peg for c, peg in currency_pegs().items() if c in requested}
        wanted = (requested | {anchor for anchor, _ in pegs.values()}) - {EUR}
        per_eur: dict[str, Decimal] = {EUR: ONE}
        dates: dict[str, date] = {}
        if wanted:
            latest = (
                ExchangeRate.objects.filter(currency=OuterRef("currency"), as_of__lte=on)
                .order_by("-as_of")
                .values("as_of")[:1]
            )
            rows = ExchangeRate.objects.filter(
                currency__in=wanted, as_of=Subquery(latest)
            ).values_list("currency", "rate", "as_of")
            for currency, rate, as_of in rows:
                per_eur[currency] = rate
                dates[currency] = as_of
        # A pegged currency the ECB does not publish (AED) follows its anchor's ECB rate.
        for currency, (anchor, units) in pegs.items():
            if currency not in per_eur and anchor in per_eur:
                per_eur[currency] = per_eur[anchor] * units
                if anchor in dates:
                    dates[currency] = dates[anchor]
        return cls(on=on, per_eur=per_eur, dates=dates, requested=requested | {EUR})

    @property
    def as_of(self) -> date:
        """The oldest date among the rates in the table: the conversions are as current as
        that. With no rate but EUR's (which needs none), `on`."""
        return min(self.dates.values(), default=self.on)

    def rate(self, from_currency: str, to_currency: str) -> Decimal:
        """Units of `to_currency` that one unit of `from_currency` buys, via EUR."""
        if from_currency == to_currency:
            return ONE
        return ARITHMETIC.divide(self._per_eur(to_currency), self._per_eur(from_currency))

    def convert(self, amount: Money, to_currency: str) -> Money:
        """`amount` in `to_currency`, unrounded (see round_money).

        Multiplies before dividing, so an amount that converts to an exact value (743.26 CNY
        at 7.4326 CNY per EUR is 100 EUR) comes out exact.
        """
        from_currency = amount.currency.code
        if from_currency == to_currency:
            return Money(amount.amount, to_currency)
        value = ARITHMETIC.divide(
            ARITHMETIC.multiply(amount.amount, self._per_eur(to_currency)),
            self._per_eur(from_currency),
        )
        return Money(value, to_currency)

    def _per_eur(self, currency: str) -> Decimal:
        try:
            return self.per_eur[currency]
        except KeyError:
            pass
        if currency not in self.requested:
            raise MissingRate(
                f"{currency} was not loaded into this rate table (it has "
                f"{', '.join(sorted(self.requested))}); pass it to RateTable.load().",
                currency=currency,
                on=self.on,
            )
        raise MissingRate(
            f"No exchange rate for {currency} on or before {self.on}; load the ECB rates with "
            "`python manage.py load_rates FILE`.",
            currency=currency,
            on=self.on,
        )


def round_money(money: Money) -> Money:
    """`money` rounded half up (away from zero) to its currency's minor unit.

    The number of decimals is CLDR's, through Babel's get_currency_precision: EUR 2, JPY 0,
    KRW 0, ISK 0, HUF 2. CLDR also lists cash digits (HUF and CZK 0, CHF 0.05 steps), which
    apply to coins and notes; a marketplace charges cards and transfers, so those are not used.
    """
    places = get_currency_precision(money.currency.code)
    quantum = ONE.scaleb(-places)
    return Money(money.amount.quantize(quantum, rounding=ROUND_HALF_UP), money.currency)


@lru_cache(maxsize=65536)
def amount_text(amount: Decimal, currency: str) -> str:
    """An amount for JSON: a string with the currency's decimals ("1539" for JPY, "12.30"
    for EUR), never a float. Remembered (a pure function; equal amounts such as 1.5 and 1.50
    give the same text): a page's summaries print a few hundred, mostly the same ones."""
    return str(round_money(Money(amount, currency)).amount)


def rates_are_stale(as_of: date, today: date | None = None) -> bool:
    """Whether rates published for `as_of` are older than EXCHANGE_RATES_MAX_AGE_DAYS.

    The ECB publishes on TARGET business days only, so a few days' age is normal (Good Friday
    to Easter Monday leaves Thursday's rates in use until Tuesday); the default of 7 covers it.
    """
    today = today or timezone.localdate()
    return (today - as_of).days > settings.EXCHANGE_RATES_MAX_AGE_DAYS


def latest_rate_date() -> date | None:
    """The newest date any rate is stored for, or None when none is."""
    return ExchangeRate.objects.aggregate(newest=Max("as_of"))["newest"]
