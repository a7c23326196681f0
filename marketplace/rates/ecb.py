"""Readers for the files the ECB publishes its euro foreign exchange reference rates in.

- `eurofxref.csv` (one day): `Date, USD, JPY, ..., ` then `30 October 2026, 1.1172, ...`
- `eurofxref-hist.csv` (since 1999): `Date,USD,JPY,...,` then `2026-10-30,1.1172,...,N/A,...`
- `eurofxref-daily.xml`, `eurofxref-hist.xml`, `eurofxref-hist-90d.xml`: a gesmes envelope
  holding `<Cube time="2026-10-30"><Cube currency="USD" rate="1.1172"/>...</Cube>`
- a `.zip` holding one of them (the ECB serves `eurofxref.zip` and `eurofxref-hist.zip`)

The format is told from the content, not the file name. Readers parse and validate only; they
never touch the database, so a bad file is refused before anything is written.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.parsers import expat

from django.core.exceptions import ValidationError

from marketplace.rates.errors import RatesFileError
from marketplace.rates.models import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS
from regions.core.validators import validate_currency_code

MISSING = "N/A"  # how eurofxref-hist.csv marks a currency without a rate on that day
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# eurofxref-hist.csv is about 2 MB; anything far larger in a .zip is not a rates file and
# should not be unpacked into memory.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024

GESMES_ENVELOPE = "http://www.gesmes.org/xml/2002-08-01 Envelope"
CUBE = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref Cube"

RATE_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")
ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
LONG_DATE_RE = re.compile(r"(\d{1,2}) ([A-Za-z]+) (\d{4})")
# Not calendar.month_name: that follows the process locale, and the ECB always writes English.
MONTHS = {
    name: number
    for number, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
        start=1,
    )
}


@dataclass(frozen=True)
class Observation:
    """One published rate: `rate` units of `currency` per 1 EUR on `as_of`."""

    currency: str
    as_of: date
    rate: Decimal
    line: int


def read_rates_file(path: Path) -> list[Observation]:
    """Every rate in an ECB file (CSV, XML or a .zip of one), or RatesFileError."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RatesFileError(f"{name}: no such file") from None
    except OSError as exc:
        raise RatesFileError(f"{name}: cannot be read ({exc.strerror})") from None
    if data.startswith(ZIP_MAGIC):
        data, name = _unzip(data, name)
    return parse_rates(data, name)


def parse_rates(data: bytes, name: str) -> list[Observation]:
    """The rates in the bytes of an ECB CSV or XML file; `name` is used in error messages."""
    if not data.strip():
        raise RatesFileError(f"{name}: the file is empty")
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"<"):
        observations = _EcbXml(name).parse(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _unknown_format(name) from None
        if text.lstrip().split(",", 1)[0].strip() != "Date":
            raise _unknown_format(name)
        observations = _parse_csv(text, name)
    if not observations:
        raise RatesFileError(f"{name}: the file has no rates")
    return observations


def _unknown_format(name: str) -> RatesFileError:
    return RatesFileError(
        f"{name}: not an ECB reference rates file (expected eurofxref.csv or "
        "eurofxref-hist.csv with a “Date” header, the ECB's XML such as eurofxref-daily.xml, "
        "or a .zip of one of them)"
    )


def _unzip(data: bytes, name: str) -> tuple[bytes, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [member for member in archive.infolist() if not member.is_dir()]
            if len(members) != 1:
                raise RatesFileError(
                    f"{name}: a .zip of ECB rates holds one file; this one holds {len(members)}"
                )
            [member] = members
            if member.file_size > MAX_UNPACKED_BYTES:
                raise RatesFileError(
                    f"{name}: {member.filename} unpacks to {member.file_size} bytes, far more "
                    "than an ECB rates file"
                )
            inner = archive.read(member)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: encrypted; NotImplementedError: a compression method zipfile lacks.
        raise RatesFileError(f"{name}: not a readable .zip file ({exc})") from None
    if inner.startswith(ZIP_MAGIC):
        raise _unknown_format(f"{name} ({member.filename})")
    return inner, f"{name} ({member.filename})"


def _parse_csv(text: str, name: str) -> list[Observation]:
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    try:
        header = next([cell.strip() for cell in row] for row in reader if any(row))
        currencies = _header_currencies(header, name)
        observations: list[Observation] = []
        dates: dict[date, int] = {}
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise RatesFileError(
                    f"{name}: line {line}: {len(cells)} values, but the header has "
                    f"{len(header)} columns"
                )
            as_of = _parse_date(cells[0], f"{name}: line {line}")
            if as_of in dates:
                raise RatesFileError(
                    f"{name}: line {line}: {as_of} is already on line {dates[as_of]}"
                )
            dates[as_of] = line
            for currency, cell in zip(currencies, cells[1:], strict=True):
                if currency is None:
                    if cell:
                        raise RatesFileError(
                            f"{name}: line {line}: “{cell}” is in a column without a currency"
                        )
                    continue
                rate = _parse_rate(cell, currency, f"{name}: line {line}")
                if rate is not None:
                    observations.append(Observation(currency, as_of, rate, line))
    except csv.Error as exc:
        raise RatesFileError(
            f"{name}: line {reader.line_num}: not readable as CSV ({exc})"
        ) from None
    return observations


def _header_currencies(header: list[str], name: str) -> list[str | None]:
    """The currency of each column after Date; None for the empty column a trailing comma
    makes (both ECB CSV files end every line with one)."""
    currencies: list[str | None] = []
    for code in header[1:]:
        if not code:
            currencies.append(None)
            continue
        _check_currency(code, f"{name}: line 1")
        if code in currencies:
            raise RatesFileError(f"{name}: line 1: {code} is in the header twice")
        currencies.append(code)
    return currencies


def _check_currency(code: str, where: str) -> None:
    if code == "EUR":
        raise RatesFileError(f"{where}: EUR cannot have a rate; rates are units per 1 EUR")
    try:
        validate_currency_code(code)
    except ValidationError:
        raise RatesFileError(f"{where}: “{code}” is not an ISO 4217 currency code") from None


def _parse_date(text: str, where: str) -> date:
    try:
        if match := ISO_DATE_RE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if (match := LONG_DATE_RE.fullmatch(text)) and match[2] in MONTHS:
            return date(int(match[3]), MONTHS[match[2]], int(match[1]))
    except ValueError:
        pass  # such as 2026-02-30: reported below like any other non-date
    raise RatesFileError(f"{where}: “{text}” is not a date (such as 2026-10-30 or 30 October 2026)")


def _parse_rate(text: str, currency: str, where: str) -> Decimal | None:
    """The rate, or None where the ECB marks it missing."""
    if text == MISSING:
        return None
    if not text:
        raise RatesFileError(f"{where}: no {currency} rate (the ECB writes {MISSING} for none)")
    # Stricter than Decimal(), which would also take "1_000", "NaN" and "Infinity".
    if not RATE_RE.fullmatch(text):
        raise RatesFileError(f"{where}: the {currency} rate “{text}” is not a number")
    rate = Decimal(text)
    if rate <= 0:
        raise RatesFileError(f"{where}: the {currency} rate “{text}” is not positive")
    # Refused rather than rounded: a stored value that differs from the file would make every
    # later load of the same file report a change.
    if -rate.as_tuple().exponent > RATE_DECIMAL_PLACES:
        raise RatesFileError(
            f"{where}: the {currency} rate “{text}” has more than {RATE_DECIMAL_PLACES} decimal "
            "places"
        )
    if rate.adjusted() >= RATE_MAX_DIGITS - RATE_DECIMAL_PLACES:
        raise RatesFileError(f"{where}: the {currency} rate “{text}” is too large")
    return rate


class _EcbXml:
    """A streaming reader of the gesmes XML; expat rather than ElementTree so every error can
    name its line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        # The ECB's files have no DTD; refusing one keeps entity-expansion bombs out.
        self.parser.StartDoctypeDeclHandler = self._refuse_dtd
        self.parser.EntityDeclHandler = self._refuse_dtd
        self.depth = 0
        self.day: date | None = None
        self.day_depth = 0
        self.days: dict[date, int] = {}
        self.day_currencies: set[str] = set()
        self.observations: list[Observation] = []

    def parse(self, data: bytes) -> list[Observation]:
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise RatesFileError(
                f"{self.name}: line {exc.lineno}: not well-formed XML "
                f"({expat.ErrorString(exc.code)})"
            ) from None
        return self.observations

    @property
    def where(self) -> str:
        return f"{self.name}: line {self.parser.CurrentLineNumber}"

    def _refuse_dtd(self, *_args: object) -> None:
        raise RatesFileError(f"{self.where}: a DTD is not allowed in an ECB rates file")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1 and tag != GESMES_ENVELOPE:
            raise _unknown_format(self.name)
        if tag != CUBE:
            return
        if "time" in attrs:
            self._start_day(attrs["time"])
        elif "currency" in attrs or "rate" in attrs:
            self._add_rate(attrs.get("currency"), attrs.get("rate"))

    def _end(self, _tag: str) -> None:
        if self.day is not None and self.depth == self.day_depth:
            self.day = None
        self.depth -= 1

    def _start_day(self, text: str) -> None:
        if self.day is not None:
            raise RatesFileError(f"{self.where}: a <Cube time> inside the one for {self.day}")
        day = _parse_date(text, self.where)
        if day in self.days:
            raise RatesFileError(f"{self.where}: {day} is already on line {self.days[day]}")
        self.days[day] = self.parser.CurrentLineNumber
        self.day, self.day_depth, self.day_currencies = day, self.depth, set()

    def _add_rate(self, currency: str | None, text: str | None) -> None:
        if self.day is None:
            raise RatesFileError(f"{self.where}: a rate outside a <Cube time=\"...\">")
        if currency is None or text is None:
            raise RatesFileError(f"{self.where}: a rate <Cube> needs both currency and rate")
        _check_currency(currency, self.where)
        if currency in self.day_currencies:
            raise RatesFileError(f"{self.where}: a second {currency} rate for {self.day}")
        self.day_currencies.add(currency)
        rate = _parse_rate(text, currency, self.where)
        if rate is not None:
            line = self.parser.CurrentLineNumber
            self.observations.append(Observation(currency, self.day, rate, line))
