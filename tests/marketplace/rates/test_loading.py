"""load_ecb_rates: every ECB format, idempotency, updates, and refusing bad files whole."""

from decimal import Decimal
from pathlib import Path

import pytest

from marketplace.rates.errors import RatesError, RatesFileError
from marketplace.rates.loading import RateChange, load_ecb_rates
from marketplace.rates.models import ECB_SOURCE, ExchangeRate
from tests.marketplace.rates.samples import (
    DAILY_CSV,
    DAILY_XML,
    HIST_CSV,
    HIST_XML,
    OCT_29,
    OCT_30,
    RATES_OCT_29,
    RATES_OCT_30,
    rows,
    store,
    stored_rates,
    zipped,
)

pytestmark = pytest.mark.django_db

CURRENCIES = ("CHF", "CNY", "GBP", "HUF", "JPY", "PLN", "SEK", "USD")


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("eurofxref-hist.csv", HIST_CSV),
        ("eurofxref-hist.xml", HIST_XML),
        ("eurofxref-hist.zip", zipped({"eurofxref-hist.csv": HIST_CSV})),
    ],
)
def test_historical_formats_load_every_rate(tmp_path, name, content):
    path = write(tmp_path, name, content)

    result = load_ecb_rates(path)

    assert stored_rates() == rows(OCT_30, RATES_OCT_30) | rows(OCT_29, RATES_OCT_29)
    assert result.dates == (OCT_29, OCT_30)
    assert result.currencies == CURRENCIES  # BGN is N/A on both days, so it is not stored
    assert (result.created, result.updated, result.unchanged) == (16, (), 0)
    assert set(ExchangeRate.objects.values_list("source", flat=True)) == {ECB_SOURCE}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("eurofxref.csv", DAILY_CSV),
        ("eurofxref-daily.xml", DAILY_XML),
        ("eurofxref.zip", zipped({"eurofxref.csv": DAILY_CSV})),
    ],
)
def test_daily_formats_load_one_day(tmp_path, name, content):
    path = write(tmp_path, name, content)

    result = load_ecb_rates(path)

    # The daily files pad values ("0.83380"); the stored value is the same number.
    assert stored_rates() == rows(OCT_30, RATES_OCT_30)
    assert result.dates == (OCT_30,)
    assert (result.created, result.updated, result.unchanged) == (8, (), 0)


def test_stored_rates_are_exact_decimals(tmp_path):
    load_ecb_rates(write(tmp_path, "eurofxref-hist.csv", HIST_CSV))

    gbp = ExchangeRate.objects.get(currency="GBP", as_of=OCT_29)

    assert gbp.rate == Decimal("0.83578")
    assert str(gbp) == "1 EUR = 0.83578 GBP on 2026-10-29"


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, "eurofxref-hist.csv", HIST_CSV)
    load_ecb_rates(path)
    ids_before = sorted(ExchangeRate.objects.values_list("id", flat=True))

    result = load_ecb_rates(path)

    assert (result.created, result.updated, result.unchanged) == (0, (), 16)
    assert result.changed is False
    assert sorted(ExchangeRate.objects.values_list("id", flat=True)) == ids_before


def test_the_daily_file_after_the_historical_one_changes_nothing(tmp_path):
    load_ecb_rates(write(tmp_path, "eurofxref-hist.xml", HIST_XML))

    result = load_ecb_rates(write(tmp_path, "eurofxref.csv", DAILY_CSV))

    assert (result.created, result.updated, result.unchanged) == (0, (), 8)


def test_a_rate_the_file_gives_differently_is_updated_and_reported(tmp_path):
    # Given: 2026-10-29's USD and CNY rates stored under 2026-10-30, as a misdated file would.
    store(OCT_30, {"USD": RATES_OCT_29["USD"], "CNY": RATES_OCT_29["CNY"]})
    store(OCT_30, {"JPY": RATES_OCT_30["JPY"]})

    result = load_ecb_rates(write(tmp_path, "eurofxref.csv", DAILY_CSV))

    assert result.updated == (
        RateChange("CNY", OCT_30, Decimal("7.4144"), Decimal("7.4326")),
        RateChange("USD", OCT_30, Decimal("1.113"), Decimal("1.1172")),
    )
    assert [str(change) for change in result.updated] == [
        "CNY on 2026-10-30: 7.4144 → 7.4326",
        "USD on 2026-10-30: 1.113 → 1.1172",
    ]
    assert (result.created, result.unchanged) == (5, 1)
    assert stored_rates() == rows(OCT_30, RATES_OCT_30)


HEADER = "Date,USD,JPY,CNY,\n"
GOOD_ROW = "2026-10-30,1.1172,175.68,7.4326,\n"
UNKNOWN_FORMAT = (
    "not an ECB reference rates file (expected eurofxref.csv or eurofxref-hist.csv with a "
    "“Date” header, the ECB's XML such as eurofxref-daily.xml, or a .zip of one of them)"
)
XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
    'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">\n'
    "<Cube>\n"
    "<Cube time='2026-10-30'>\n"
    "<Cube currency='USD' rate='1.1172'/>\n"
)
XML_TAIL = "</Cube>\n</Cube>\n</gesmes:Envelope>\n"

BAD_FILES = [
    ("rates.csv", "", "the file is empty"),
    ("rates.csv", "\n  \n", "the file is empty"),
    ("rates.csv", "Currency,Rate\nUSD,1.1172\n", UNKNOWN_FORMAT),
    ("rates.pdf", b"%PDF-1.7\n\xff\xfe", UNKNOWN_FORMAT),
    ("rates.xml", "<?xml version='1.0'?>\n<rates><USD>1.1172</USD></rates>\n", UNKNOWN_FORMAT),
    ("rates.csv", HEADER, "the file has no rates"),
    ("rates.csv", HEADER + "2026-10-29,N/A,N/A,N/A,\n", "the file has no rates"),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-10-29,1.113,175.92,7.41x4,\n",
        "line 3: the CNY rate “7.41x4” is not a number",
    ),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-10-29,1.113,175.92,NaN,\n",
        "line 3: the CNY rate “NaN” is not a number",
    ),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-10-29,0,175.92,7.4144,\n",
        "line 3: the USD rate “0” is not positive",
    ),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-10-29,-1.113,175.92,7.4144,\n",
        "line 3: the USD rate “-1.113” is not positive",
    ),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-10-29,1.113,,7.4144,\n",
        "line 3: no JPY rate (the ECB writes N/A for none)",
    ),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-10-29,1.113000001,175.92,7.4144,\n",
        "line 3: the USD rate “1.113000001” has more than 8 decimal places",
    ),
    (
        "rates.csv",
        "Date,USD,XYZ,CNY,\n" + GOOD_ROW,
        "line 1: “XYZ” is not an ISO 4217 currency code",
    ),
    ("rates.csv", "Date,USD,usd,\n2026-10-30,1.1172,1.1172,\n",
     "line 1: “usd” is not an ISO 4217 currency code"),
    ("rates.csv", "Date,USD,EUR,\n2026-10-30,1.1172,1,\n",
     "line 1: EUR cannot have a rate; rates are units per 1 EUR"),
    ("rates.csv", "Date,USD,USD,\n2026-10-30,1.1172,1.1172,\n",
     "line 1: USD is in the header twice"),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-02-30,1.113,175.92,7.4144,\n",
        "line 3: “2026-02-30” is not a date (such as 2026-10-30 or 30 October 2026)",
    ),
    (
        "eurofxref.csv",
        "Date, USD, \n30 Octobre 2026, 1.1172, \n",
        "line 2: “30 Octobre 2026” is not a date (such as 2026-10-30 or 30 October 2026)",
    ),
    (
        "rates.csv",
        HEADER + GOOD_ROW + "2026-10-29,1.113,175.92,\n",
        "line 3: 4 values, but the header has 5 columns",
    ),
    (
        "rates.csv",
        HEADER + GOOD_ROW + GOOD_ROW,
        "line 3: 2026-10-30 is already on line 2",
    ),
    (
        "rates.xml",
        XML_HEAD + "<Cube currency='JPY' rate='abc'/>\n" + XML_TAIL,
        "line 6: the JPY rate “abc” is not a number",
    ),
    (
        "rates.xml",
        XML_HEAD + "<Cube currency='XYZ' rate='1.5'/>\n" + XML_TAIL,
        "line 6: “XYZ” is not an ISO 4217 currency code",
    ),
    (
        "rates.xml",
        XML_HEAD.replace("2026-10-30", "30.10.2026"),
        "line 4: “30.10.2026” is not a date (such as 2026-10-30 or 30 October 2026)",
    ),
    (
        "rates.xml",
        XML_HEAD + "<Cube currency='JPY' rate='175.68'>\n" + XML_TAIL,
        "line 9: not well-formed XML (mismatched tag)",
    ),
    (
        "rates.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n<gesmes:Envelope/>\n',
        "line 2: a DTD is not allowed in an ECB rates file",
    ),
    (
        "eurofxref-hist.zip",
        zipped({"eurofxref-hist.csv": HIST_CSV, "README.txt": "rates"}),
        "a .zip of ECB rates holds one file; this one holds 2",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_written(
    tmp_path, name, content, message
):
    # Given: rates already stored, which the bad file's good rows would add to.
    store(OCT_29, RATES_OCT_29)
    path = write(tmp_path, name, content)

    with pytest.raises(RatesFileError) as excinfo:
        load_ecb_rates(path)

    assert str(excinfo.value) == f"{path}: {message}"
    assert stored_rates() == rows(OCT_29, RATES_OCT_29)


def test_an_error_in_a_zipped_file_names_the_file_inside(tmp_path):
    path = write(tmp_path, "eurofxref-hist.zip",
                 zipped({"eurofxref-hist.csv": HEADER + "2026-10-30,1.1172,x,7.4326,\n"}))

    with pytest.raises(RatesFileError) as excinfo:
        load_ecb_rates(path)

    assert str(excinfo.value) == (
        f"{path} (eurofxref-hist.csv): line 2: the JPY rate “x” is not a number"
    )


def test_a_missing_file_is_a_rates_error(tmp_path):
    path = tmp_path / "eurofxref-hist.csv"

    with pytest.raises(RatesError) as excinfo:
        load_ecb_rates(path)

    assert str(excinfo.value) == f"{path}: no such file"


def test_a_failure_while_writing_rolls_back_the_whole_file(tmp_path, monkeypatch):
    # Given: one stored rate the file will update, and 15 rows it will create.
    store(OCT_30, {"USD": RATES_OCT_29["USD"]})

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ExchangeRate.objects, "bulk_update", fail)

    with pytest.raises(RuntimeError):
        load_ecb_rates(write(tmp_path, "eurofxref-hist.csv", HIST_CSV))

    # The creates ran before the failing update; the transaction took them back.
    assert stored_rates() == {("USD", OCT_30): "1.113"}
