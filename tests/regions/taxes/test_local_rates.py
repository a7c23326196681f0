"""Local tax rates by postal code (regions/taxes/local_rates.py): the rates file format, its
errors, and StandardTax adding the local lines. The rates here are test data, not real ones."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from regions.taxes.checks import check_local_rates
from regions.taxes.interface import RateRow, TaxBook, TaxDefinition, TaxPolicyView
from regions.taxes.local_rates import RatesFile, provider_for
from regions.taxes.standard import StandardTax

HEADER = "subdivision,postal_prefix,jurisdiction,label,rate,kind,valid_from,valid_until\n"
ROWS = """\
US-NY,1,Upstate county,County tax,3.000,,,
US-NY,100,Test City,City tax,4.500,,,
US-NY,100,Test Transit District,District tax,0.375,,,
US-NY,100,Test City,City tax (food),0,food,,
US-NY,104,Old County,County tax,4.000,,2020-01-01,2025-12-31
"""
TODAY = date(2026, 12, 2)


def rates_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "local.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def rates(tmp_path) -> RatesFile:
    return RatesFile(rates_file(tmp_path, HEADER + ROWS))


def summary(lines) -> list[tuple[str, Decimal, str]]:
    return [(line.label, line.rate, line.jurisdiction) for line in lines]


def test_the_longest_prefix_wins_and_all_its_rows_apply(rates):
    assert summary(rates.components("US-NY", "10001", "standard", TODAY)) == [
        ("City tax", Decimal("4.500"), "US-NY Test City"),
        ("District tax", Decimal("0.375"), "US-NY Test Transit District")]
    assert summary(rates.components("US-NY", "12207", "standard", TODAY)) == [
        ("County tax", Decimal("3.000"), "US-NY Upstate county")]


def test_a_kind_has_its_own_rows_else_the_standard_ones(rates):
    assert summary(rates.components("US-NY", "10001", "food", TODAY)) == [
        ("City tax (food)", Decimal("0"), "US-NY Test City")]
    assert len(rates.components("US-NY", "10001", "reduced", TODAY)) == 2


def test_rows_out_of_their_dates_do_not_apply(rates):
    # 104.. had its own rate until 2025; now the county-wide prefix "1" applies.
    assert summary(rates.components("US-NY", "10451", "standard", TODAY)) == [
        ("County tax", Decimal("3.000"), "US-NY Upstate county")]
    assert summary(rates.components("US-NY", "10451", "standard", date(2025, 6, 1))) == [
        ("County tax", Decimal("4.000"), "US-NY Old County")]


def test_other_subdivisions_are_not_covered(rates):
    assert rates.covers("US-NY") is True
    assert rates.covers("US-OR") is False
    assert rates.components("US-OR", "97201", "standard", TODAY) == ()


@pytest.mark.parametrize(("rows", "problem"), [
    ("US-NY,100,City,City tax,4.5x,,,\n", "line 2: rate “4.5x” is not a number"),
    ("US-NY,100,City,City tax,4.5001,,,\n", "line 2: rate 4.5001 is not a percentage from 0 "
     "to 100 with at most three decimals"),
    ("US-NY,100,City,City tax,-1,,,\n", "line 2: rate -1 is not a percentage"),
    ("US-NY,100,City,City tax,NaN,,,\n", "line 2: rate NaN is not a percentage"),
    ("US-NY,100,City,,4.5,,,\n", "line 2: label is empty"),
    ("US-NY,100,City,City tax,4.5,,2026-13-01,\n", "line 2: valid_from “2026-13-01” is not a date"),
])
def test_a_bad_row_is_named_with_its_line(tmp_path, rows, problem):
    with pytest.raises(ImproperlyConfigured) as caught:
        RatesFile(rates_file(tmp_path, HEADER + rows))
    assert problem in str(caught.value)


def test_a_file_without_the_columns_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured) as caught:
        RatesFile(rates_file(tmp_path, "zip,rate\n10001,4.5\n"))
    assert "the header lacks subdivision, postal_prefix, jurisdiction, label" in str(caught.value)


def test_settings_name_the_source_and_a_broken_one_fails_the_system_check(tmp_path, settings):
    settings.TAX_LOCAL_RATES = {"us": str(rates_file(tmp_path, HEADER + ROWS))}
    assert provider_for("US").covers("US-NY")
    assert provider_for("CA") is None
    assert check_local_rates() == []

    settings.TAX_LOCAL_RATES = {"US": str(tmp_path / "missing.csv"),
                                "CA": "no.such.Provider"}
    assert sorted(error.id for error in check_local_rates()) == ["regions.E031"] * 2
    assert "missing.csv: cannot be read" in check_local_rates()[0].msg
    assert "no.such.Provider is neither a .csv rates file nor an importable provider class" in (
        check_local_rates()[1].msg)


def book(local_rates) -> TaxBook:
    return TaxBook("US", TaxPolicyView("sales_tax", False, False, False, ""),
                   {"sales": TaxDefinition("sales", "Sales tax")},
                   (RateRow("sales", "US-NY", "standard", Decimal(4)),
                    RateRow("sales", "US-OR", "standard", Decimal(0))),
                   {}, day=TODAY, local_rates=local_rates)


def test_standard_tax_adds_local_lines_for_a_postal_code(rates):
    found = StandardTax().components(book(rates), "US-NY", "standard", "en", "10001")

    assert found.complete is True
    assert [(line.tax, line.rate) for line in found.lines] == [
        ("sales", Decimal(4)), ("local", Decimal("4.500")), ("local", Decimal("0.375"))]
    assert found.total_rate == Decimal("8.875")


def test_without_a_postal_code_local_taxes_are_pending_where_they_apply(rates):
    pending = StandardTax().components(book(rates), "US-NY", "standard", "en")
    none_here = StandardTax().components(book(rates), "US-OR", "standard", "en")

    assert (pending.complete, pending.pending) == (False, ("local taxes",))
    assert [line.rate for line in pending.lines] == [Decimal(4)]
    assert (none_here.complete, none_here.lines) == (True, ())
