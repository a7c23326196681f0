"""`manage.py load_rates [PATH]`: the demo file by default, a summary, CommandError on bad input."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from marketplace.rates.models import ExchangeRate
from tests.marketplace.rates.samples import DAILY_CSV, OCT_29, OCT_30, RATES_OCT_29, store

pytestmark = pytest.mark.django_db

DEMO_CURRENCIES = (
    "AUD, BRL, CAD, CHF, CNY, CZK, DKK, GBP, HKD, HUF, IDR, ILS, INR, ISK, JPY, KRW, MXN, MYR, "
    "NOK, NZD, PHP, PLN, RON, SEK, SGD, THB, TRY, USD, ZAR"
)


def load_rates(*args: str) -> str:
    out = io.StringIO()
    call_command("load_rates", *args, stdout=out, no_color=True)
    return out.getvalue()


@pytest.fixture(autouse=True)
def fresh(settings, today):
    settings.EXCHANGE_RATES_MAX_AGE_DAYS = 7
    today(date(2026, 11, 2))


def test_the_demo_file_loads_by_default_and_a_second_run_changes_nothing(settings):
    demo = settings.BASE_DIR / "fixtures" / "rates" / "eurofxref-hist.csv"

    first = load_rates()
    second = load_rates()

    assert first == (
        f"Loaded rates from {demo}: 60 dates (2026-08-10 to 2026-10-30), 29 currencies "
        f"({DEMO_CURRENCIES}): 1740 created, 0 updated, 0 unchanged.\n"
    )
    assert second == (
        f"Rates in {demo} are already loaded: 60 dates (2026-08-10 to 2026-10-30), 29 "
        f"currencies ({DEMO_CURRENCIES}). Nothing changed (0 created, 0 updated, 1740 "
        "unchanged).\n"
    )
    assert ExchangeRate.objects.count() == 1740


def test_the_demo_file_has_the_currencies_the_markets_need():
    load_rates()

    stored = set(ExchangeRate.objects.filter(as_of=OCT_30).values_list("currency", flat=True))
    needed = {"USD", "CNY", "GBP", "PLN", "SEK", "CZK", "DKK", "HUF", "RON", "CHF", "JPY"}
    assert needed <= stored
    cny = ExchangeRate.objects.get(currency="CNY", as_of=OCT_30)
    assert str(cny) == "1 EUR = 7.4326 CNY on 2026-10-30"


def test_updated_rates_are_listed(tmp_path):
    store(OCT_30, {"USD": RATES_OCT_29["USD"]})
    path = tmp_path / "eurofxref.csv"
    path.write_text(DAILY_CSV)

    out = load_rates(str(path))

    assert out == (
        "  updated USD on 2026-10-30: 1.113 → 1.1172\n"
        f"Loaded rates from {path}: 1 date (2026-10-30), 8 currencies (CHF, CNY, GBP, HUF, "
        "JPY, PLN, SEK, USD): 7 created, 1 updated, 0 unchanged.\n"
    )


def test_stale_rates_after_loading_are_pointed_out(tmp_path, today):
    today(date(2026, 11, 24))
    path = tmp_path / "eurofxref.csv"
    path.write_text(DAILY_CSV)

    out = load_rates(str(path))

    assert out.splitlines()[-1] == (
        "The newest rates stored are 25 days old (as of 2026-10-30), more than "
        "EXCHANGE_RATES_MAX_AGE_DAYS (7); load a more recent ECB file for current prices."
    )


def test_a_bad_file_is_a_command_error_and_nothing_is_written(tmp_path):
    store(OCT_29, RATES_OCT_29)
    path = tmp_path / "eurofxref.csv"
    path.write_text(DAILY_CSV.replace("4.4038", "4,4038"))

    with pytest.raises(CommandError) as excinfo:
        load_rates(str(path))

    assert str(excinfo.value) == (
        f"{path}: line 2: 11 values, but the header has 10 columns; nothing was changed."
    )
    assert ExchangeRate.objects.count() == 8


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        load_rates(str(tmp_path / "eurofxref-hist.zip"))

    assert str(excinfo.value) == (
        f"{tmp_path / 'eurofxref-hist.zip'}: no such file; nothing was changed."
    )
