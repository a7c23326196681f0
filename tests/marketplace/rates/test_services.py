"""RateTable conversions, round_money and rates_are_stale.

Rates in use (ECB, 2026-10-30, units per 1 EUR): USD 1.1172, CNY 7.4326, PLN 4.4038,
SEK 10.978, JPY 175.68. Expected values are worked out in the comments.
"""

from datetime import date
from decimal import Decimal

import pytest
from moneyed import Money

from marketplace.rates.models import ExchangeRate
from marketplace.rates.services import (
    MissingRate,
    RatesError,
    RateTable,
    rates_are_stale,
    round_money,
)
from tests.cldr_pins import CURRENCY_DIGITS
from tests.marketplace.rates.samples import OCT_29, OCT_30


@pytest.fixture
def table(ecb_rates) -> RateTable:
    return RateTable.load(["CNY", "PLN", "USD", "SEK", "JPY", "EUR"], on=OCT_30)


def test_cny_to_eur(table):
    # 743.26 CNY / 7.4326 CNY per EUR = 100 EUR exactly.
    assert table.convert(Money("743.26", "CNY"), "EUR") == Money("100", "EUR")
    # 100 / 7.4326 = 13.4542...: 7.4326 * 13.45 = 99.968470, and 99.968470 < 100 < 7.4326 *
    # 13.455 = 100.0056, so it rounds to 13.45.
    assert round_money(table.convert(Money("100", "CNY"), "EUR")) == Money("13.45", "EUR")


def test_cny_to_pln(table):
    # 743.26 CNY = 100 EUR = 100 * 4.4038 PLN.
    assert table.convert(Money("743.26", "CNY"), "PLN") == Money("440.38", "PLN")
    # 1000 * 4.4038 / 7.4326 = 4403.8 / 7.4326 = 592.4979...: 7.4326 * 592.49 = 4403.741174,
    # the remaining 0.058826 is 0.0079 of a rate, and 592.4979 rounds half up to 592.50.
    assert round_money(table.convert(Money("1000", "CNY"), "PLN")) == Money("592.50", "PLN")


def test_usd_to_sek(table):
    # 111.72 USD = 100 EUR = 100 * 10.978 SEK.
    assert table.convert(Money("111.72", "USD"), "SEK") == Money("1097.80", "SEK")
    # 10 * 10.978 / 1.1172 = 109.78 / 1.1172 = 98.2635...: 1.1172 * 98.26 = 109.776072,
    # the remaining 0.003928 is 0.0035 of a rate.
    assert round_money(table.convert(Money("10", "USD"), "SEK")) == Money("98.26", "SEK")


def test_rate_is_the_cross_rate_through_eur(table):
    assert table.rate("EUR", "USD") == Decimal("1.1172")
    # 4.4038 / 7.4326, to the 28 significant digits the arithmetic keeps.
    assert table.rate("CNY", "PLN") == Decimal("0.5924979145924710061082259236")
    assert table.rate("SEK", "SEK") == Decimal(1)


def test_converting_to_the_same_currency_keeps_the_amount(table):
    assert table.convert(Money("12.34", "PLN"), "PLN") == Money("12.34", "PLN")


def test_conversion_uses_decimal_not_float(table):
    converted = table.convert(Money("0.1", "USD"), "SEK")

    assert isinstance(converted.amount, Decimal)
    # 0.1 * 10.978 / 1.1172 = 1.0978 / 1.1172, to 28 significant digits.
    assert converted.amount == Decimal("0.9826351593268886501969208736")


def test_the_table_is_read_in_one_query(ecb_rates, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = RateTable.load(["CNY", "PLN", "USD", "SEK", "JPY", "GBP", "HUF", "CHF"], on=OCT_30)
    with django_assert_num_queries(0):
        table.convert(Money("743.26", "CNY"), "PLN")


def test_each_currency_gets_its_latest_rate_on_or_before_the_date(ecb_rates):
    on_the_29th = RateTable.load(["USD"], on=OCT_29)
    on_saturday = RateTable.load(["USD"], on=date(2026, 10, 31))

    assert on_the_29th.rate("EUR", "USD") == Decimal("1.113")
    assert on_saturday.rate("EUR", "USD") == Decimal("1.1172")
    assert on_saturday.as_of == OCT_30


def test_as_of_is_the_oldest_rate_used(ecb_rates):
    # Given: CNY has no rate for the 30th, so the 29th's is the latest.
    ExchangeRate.objects.filter(currency="CNY", as_of=OCT_30).delete()

    table = RateTable.load(["CNY", "USD"], on=OCT_30)

    assert table.as_of == OCT_29
    assert table.dates == {"CNY": OCT_29, "USD": OCT_30}
    # 100 EUR at the 29th's 7.4144 CNY per EUR.
    assert table.convert(Money("741.44", "CNY"), "EUR") == Money("100", "EUR")


def test_a_table_of_euros_only_needs_no_query_and_is_as_of_its_date(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        table = RateTable.load(["EUR"], on=OCT_30)

    assert table.as_of == OCT_30
    assert table.convert(Money("5", "EUR"), "EUR") == Money("5", "EUR")


def test_a_currency_without_a_rate_raises_missing_rate(ecb_rates):
    table = RateTable.load(["USD", "BRL"], on=OCT_30)

    with pytest.raises(MissingRate) as excinfo:
        table.convert(Money("10", "BRL"), "USD")

    assert isinstance(excinfo.value, RatesError)
    assert (excinfo.value.currency, excinfo.value.on) == ("BRL", OCT_30)
    assert str(excinfo.value) == (
        "No exchange rate for BRL on or before 2026-10-30; load the ECB rates with "
        "`python manage.py load_rates FILE`."
    )


def test_a_rate_before_the_first_stored_one_is_missing(ecb_rates):
    table = RateTable.load(["USD"], on=date(2026, 10, 28))

    with pytest.raises(MissingRate, match=r"^No exchange rate for USD on or before 2026-10-28;"):
        table.rate("EUR", "USD")


def test_a_currency_not_asked_for_raises_missing_rate(table):
    with pytest.raises(MissingRate) as excinfo:
        table.rate("GBP", "EUR")

    assert str(excinfo.value) == (
        "GBP was not loaded into this rate table (it has CNY, EUR, JPY, PLN, SEK, USD); pass it "
        "to RateTable.load()."
    )


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("13.454242", "EUR", "13.45"),
        ("0.125", "EUR", "0.13"),  # half up; half-even would give 0.12
        ("-0.125", "EUR", "-0.13"),  # half away from zero for refunds too
        ("0.124999", "EUR", "0.12"),
        ("1756.8", "JPY", "1757"),
        ("2.5", "JPY", "3"),  # half up; half-even would give 2
        ("157.2502", "JPY", "157"),
        # 0 digits in CLDR 49 (Babel 2.19); tests/cldr_pins.py pins it.
        ("366.335", "HUF", "366" if CURRENCY_DIGITS["HUF"] == 0 else "366.34"),
        ("1491.5", "KRW", "1492"),
    ],
)
def test_round_money_rounds_half_up_to_the_currencys_minor_unit(amount, currency, rounded):
    result = round_money(Money(amount, currency))

    assert result == Money(rounded, currency)
    assert str(result.amount) == rounded  # the exponent too: "13.45", "1757"


def test_usd_to_jpy_rounds_to_whole_yen(table):
    # 1 * 175.68 / 1.1172 = 157.25...: 1.1172 * 157 = 175.4004, and 0.2796 / 1.1172 = 0.2502...
    assert round_money(table.convert(Money("1", "USD"), "JPY")) == Money("157", "JPY")


@pytest.mark.parametrize(
    ("today", "stale"),
    [
        (date(2026, 10, 30), False),
        (date(2026, 11, 6), False),  # 7 days: the limit itself is still fresh
        (date(2026, 11, 7), True),
        (date(2026, 11, 24), True),
    ],
)
def test_rates_are_stale_after_the_maximum_age(settings, today, stale):
    settings.EXCHANGE_RATES_MAX_AGE_DAYS = 7

    assert rates_are_stale(OCT_30, today=today) is stale


def test_the_maximum_age_is_a_setting(settings):
    settings.EXCHANGE_RATES_MAX_AGE_DAYS = 3

    assert rates_are_stale(OCT_30, today=date(2026, 11, 2)) is False
    assert rates_are_stale(OCT_30, today=date(2026, 11, 3)) is True


def test_staleness_defaults_to_today(settings, today):
    settings.EXCHANGE_RATES_MAX_AGE_DAYS = 7
    today(date(2026, 11, 24))

    assert rates_are_stale(OCT_30) is True
    assert rates_are_stale(date(2026, 11, 20)) is False
