"""Local tax rates by postal code: the hook a deployment plugs a rates source into.

Some taxes depend on more than the subdivision: US sales tax adds county, city and district
rates that change with the delivery address (38 states levy local sales taxes). No pack can
ship them: they change monthly and are licensed data (the Streamlined Sales Tax states publish
rate and boundary files; commercial services answer by address). So the pack ships the state
rates, and `settings.TAX_LOCAL_RATES` names, per country, where the local ones come from:

    TAX_LOCAL_RATES = {
        "US": "/srv/tax/us_local_rates.csv",          # a rates file (format below)
        "XX": "mycompany.tax.AddressRatesProvider",   # or any LocalRateProvider, by path
    }

When a country has a source, StandardTax adds its rates as further tax lines, each computed
on the price before tax, and the checkout asks for the delivery postal code before it quotes.

A rates file is CSV with a header row:

    subdivision,postal_prefix,jurisdiction,label,rate,kind,valid_from,valid_until
    US-NY,100,New York City,Local sales tax,4.500,,,

`subdivision` is ISO 3166-2; `postal_prefix` is matched against the start of the postal code
(the longest matching prefix wins, and every row with that prefix applies, so a county and a
city rate are two rows); `rate` is a percentage with at most three decimals; `kind` (default
"standard") selects a rate kind as [[tax_classes]] do, falling back to "standard"; the dates
(ISO, optional) bound the rows in time, both days included.
"""

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from regions.taxes.interface import Component, LocalRateProvider

LOCAL_TAX = "local"
COLUMNS = ("subdivision", "postal_prefix", "jurisdiction", "label", "rate", "kind",
           "valid_from", "valid_until")
MAX_RATE = Decimal(100)


@dataclass(frozen=True)
class _Row:
    subdivision: str
    postal_prefix: str
    jurisdiction: str
    label: str
    rate: Decimal
    kind: str
    valid_from: date | None
    valid_until: date | None

    def applies(self, today: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= today)
                and (self.valid_until is None or today <= self.valid_until))


class RatesFile:
    """A LocalRateProvider reading the CSV format of this module's docstring, once. Rows are
    indexed by (subdivision, prefix): a nationwide file has tens of thousands of them, and a
    quote looks up one postal code."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._by_prefix: dict[tuple[str, str], list[_Row]] = defaultdict(list)
        for row in _read(self.path):
            self._by_prefix[(row.subdivision, row.postal_prefix)].append(row)
        self._subdivisions = {subdivision for subdivision, _prefix in self._by_prefix}

    def covers(self, subdivision: str) -> bool:
        return subdivision in self._subdivisions

    def components(self, subdivision: str, postal_code: str, kind: str, today: date
                   ) -> tuple[Component, ...]:
        code = postal_code.replace(" ", "").upper()
        # The longest prefix with a row in force today.
        for length in range(len(code), 0, -1):
            matching = [row for row in self._by_prefix.get((subdivision, code[:length]), ())
                        if row.applies(today)]
            if matching:
                break
        else:
            return ()
        chosen = [row for row in matching if row.kind == kind] or [
            row for row in matching if row.kind == "standard"]
        return tuple(Component(LOCAL_TAX, row.label, row.rate,
                               f"{row.subdivision} {row.jurisdiction}") for row in chosen)


def provider_for(country: str) -> LocalRateProvider | None:
    """The country's local rates source from settings.TAX_LOCAL_RATES, or None."""
    source = _sources().get(str(country).upper())
    return _provider(source) if source else None


def configuration_errors() -> list[str]:
    """Every TAX_LOCAL_RATES entry that cannot be used, said plainly (for `manage.py check`)."""
    errors = []
    for country, source in _sources().items():
        try:
            _provider(source)
        except ImproperlyConfigured as exc:
            errors.append(f"TAX_LOCAL_RATES[{country!r}]: {exc}")
    return errors


def _sources() -> Mapping[str, str]:
    configured = getattr(settings, "TAX_LOCAL_RATES", None) or {}
    return {str(country).upper(): str(source) for country, source in configured.items()}


@cache
def _provider(source: str) -> LocalRateProvider:
    # Cached per source: a file is read once per process; restart to read a new one.
    if source.lower().endswith(".csv"):
        return RatesFile(source)
    try:
        return import_string(source)()
    except ImportError as exc:
        raise ImproperlyConfigured(f"{source} is neither a .csv rates file nor an importable "
                                   f"provider class ({exc}).") from None


def _read(path: Path) -> tuple[_Row, ...]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS[:5] if c not in (reader.fieldnames or ())]
            if missing:
                raise ImproperlyConfigured(f"{path}: the header lacks {', '.join(missing)} "
                                           f"(columns: {', '.join(COLUMNS)}).")
            return tuple(_row(path, number, record)
                         for number, record in enumerate(reader, start=2))
    except OSError as exc:
        raise ImproperlyConfigured(f"{path}: cannot be read ({exc.strerror}).") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImproperlyConfigured(f"{path}: not a UTF-8 CSV file ({exc}).") from None


def _row(path: Path, number: int, record: dict) -> _Row:
    where = f"{path}, line {number}"
    values = {name: (record.get(name) or "").strip() for name in COLUMNS}
    for name in ("subdivision", "postal_prefix", "jurisdiction", "label", "rate"):
        if not values[name]:
            raise ImproperlyConfigured(f"{where}: {name} is empty.")
    try:
        rate = Decimal(values["rate"])
    except InvalidOperation:
        raise ImproperlyConfigured(f"{where}: rate “{values['rate']}” is not a number "
                                   "(a percentage such as 4.5).") from None
    if not rate.is_finite() or not 0 <= rate < MAX_RATE or rate.as_tuple().exponent < -3:
        raise ImproperlyConfigured(f"{where}: rate {values['rate']} is not a percentage from "
                                   "0 to 100 with at most three decimals.")
    dates = {}
    for name in ("valid_from", "valid_until"):
        try:
            dates[name] = date.fromisoformat(values[name]) if values[name] else None
        except ValueError:
            raise ImproperlyConfigured(f"{where}: {name} “{values[name]}” is not a date "
                                       "(YYYY-MM-DD).") from None
    return _Row(values["subdivision"].upper(), values["postal_prefix"].replace(" ", "").upper(),
                values["jurisdiction"], values["label"], rate, values["kind"] or "standard",
                dates["valid_from"], dates["valid_until"])
