"""Small files in the ECB's real formats, with real rates copied from the demo file
(fixtures/rates/eurofxref-hist.csv, rows 2026-10-30 and 2026-10-29)."""

import io
import zipfile
from datetime import date
from decimal import Decimal

from marketplace.rates.models import ExchangeRate, plain

OCT_30 = date(2026, 10, 30)
OCT_29 = date(2026, 10, 29)

RATES_OCT_30 = {
    "USD": "1.1172", "JPY": "175.68", "GBP": "0.8338", "HUF": "366.33",
    "PLN": "4.4038", "SEK": "10.978", "CHF": "0.9194", "CNY": "7.4326",
}
RATES_OCT_29 = {
    "USD": "1.113", "JPY": "175.92", "GBP": "0.83578", "HUF": "365.95",
    "PLN": "4.3938", "SEK": "10.9995", "CHF": "0.9222", "CNY": "7.4144",
}

# eurofxref-hist.csv: ISO dates, newest first, N/A for a missing rate, a trailing comma.
HIST_CSV = (
    "Date,USD,JPY,BGN,GBP,HUF,PLN,SEK,CHF,CNY,\n"
    "2026-10-30,1.1172,175.68,N/A,0.8338,366.33,4.4038,10.978,0.9194,7.4326,\n"
    "2026-10-29,1.113,175.92,N/A,0.83578,365.95,4.3938,10.9995,0.9222,7.4144,\n"
)

# eurofxref.csv (inside eurofxref.zip): one day, ", " separators, values padded as published.
DAILY_CSV = (
    "Date, USD, JPY, GBP, HUF, PLN, SEK, CHF, CNY, \n"
    "30 October 2026, 1.1172, 175.68, 0.83380, 366.33, 4.4038, 10.9780, 0.9194, 7.4326, \n"
)

DAILY_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" \
xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
\t\t<Cube time='2026-10-30'>
\t\t\t<Cube currency='USD' rate='1.1172'/>
\t\t\t<Cube currency='JPY' rate='175.68'/>
\t\t\t<Cube currency='GBP' rate='0.83380'/>
\t\t\t<Cube currency='HUF' rate='366.33'/>
\t\t\t<Cube currency='PLN' rate='4.4038'/>
\t\t\t<Cube currency='SEK' rate='10.9780'/>
\t\t\t<Cube currency='CHF' rate='0.9194'/>
\t\t\t<Cube currency='CNY' rate='7.4326'/>
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>
"""

HIST_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" \
xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
<gesmes:subject>Reference rates</gesmes:subject>
<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
<Cube>
<Cube time="2026-10-30">
<Cube currency="USD" rate="1.1172"/><Cube currency="JPY" rate="175.68"/>\
<Cube currency="GBP" rate="0.8338"/><Cube currency="HUF" rate="366.33"/>\
<Cube currency="PLN" rate="4.4038"/><Cube currency="SEK" rate="10.978"/>\
<Cube currency="CHF" rate="0.9194"/><Cube currency="CNY" rate="7.4326"/>
</Cube>
<Cube time="2026-10-29">
<Cube currency="USD" rate="1.113"/><Cube currency="JPY" rate="175.92"/>\
<Cube currency="GBP" rate="0.83578"/><Cube currency="HUF" rate="365.95"/>\
<Cube currency="PLN" rate="4.3938"/><Cube currency="SEK" rate="10.9995"/>\
<Cube currency="CHF" rate="0.9222"/><Cube currency="CNY" rate="7.4144"/>
</Cube>
</Cube>
</gesmes:Envelope>
"""


def zipped(members: dict[str, str]) -> bytes:
    """A .zip holding the files `members` names, as the ECB serves eurofxref-hist.zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rows(day: date, rates: dict[str, str]) -> dict[tuple[str, date], str]:
    return {(currency, day): rate for currency, rate in rates.items()}


def stored_rates() -> dict[tuple[str, date], str]:
    """Every stored rate as (currency, date) → the rate as the ECB wrote it."""
    return {(r.currency, r.as_of): plain(r.rate) for r in ExchangeRate.objects.all()}


def store(day: date, rates: dict[str, str]) -> None:
    ExchangeRate.objects.bulk_create(
        ExchangeRate(currency=currency, as_of=day, rate=Decimal(rate))
        for currency, rate in rates.items()
    )
