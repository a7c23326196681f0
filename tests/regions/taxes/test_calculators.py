"""The tax calculators as tables: plain books in, treatments and components out. The engine and
the checkout both ask them; the checkout passes whether the buyer's registration was
validated."""

from decimal import Decimal

import pytest

from regions.packs.au.tax import AustralianGst
from regions.packs.eu.tax import EUVat
from regions.packs.us.tax import USSalesTax
from regions.taxes.interface import RateRow, Sale, TaxBook, TaxDefinition, TaxPolicyView
from regions.taxes.standard import StandardTax


def policy(consumer=True, business=False, reverse_charge=False, system="vat"):
    return TaxPolicyView(system, consumer, business, reverse_charge, "")


def book(country, rates, taxes=None, classes=None, **policy_args):
    codes = taxes or {row[0]: TaxDefinition(row[0], row[0].upper()) for row in rates}
    return TaxBook(country, policy(**policy_args), codes,
                   tuple(RateRow(tax, sub, kind, Decimal(rate)) for tax, sub, kind, rate in rates),
                   classes or {})


EU = book("FR", [("vat", "", "standard", "20")], reverse_charge=True)
UK = book("GB", [("vat", "", "standard", "20")])
US = book("US", [("sales_tax", "US-NY", "standard", "4"), ("sales_tax", "US-OR", "standard", "0")],
          consumer=False, system="sales_tax")
AU = book("AU", [("gst", "", "standard", "10")])
CA = book("CA", [("gst", "", "standard", "5"), ("hst", "CA-ON", "standard", "13"),
                 ("qst", "CA-QC", "standard", "9.975"), ("pst", "CA-BC", "standard", "7")],
          taxes={"gst": TaxDefinition("gst", "GST", {"fr": "TPS"}),
                 "hst": TaxDefinition("hst", "HST", {"fr": "TVH"}, replaces="gst"),
                 "qst": TaxDefinition("qst", "QST", {"fr": "TVQ"}),
                 "pst": TaxDefinition("pst", "PST")}, consumer=False)
JP = book("JP", [("jct", "", "standard", "10"), ("jct", "", "reduced", "8")],
          classes={"food": "reduced"})


def sale(business, kind, ships_from, buyer, valid=True, exemption="", goods=None):
    return Sale(subdivision="", is_business=business, warehouse_kind=kind, ships_from=ships_from,
                buyer_country=buyer, tax_id_valid=valid, exemption=exemption, goods_value=goods)


@pytest.mark.parametrize(("calculator", "tax_book", "the_sale", "expected"), [
    (EUVat(), EU, sale(False, "local", "FR", "FR", False), "included"),
    (EUVat(), EU, sale(True, "local", "FR", "FR"), "added"),            # same member state
    (EUVat(), EU, sale(True, "local", "DE", "FR"), "reverse_charge"),   # crosses a border
    (EUVat(), EU, sale(True, "local", "DE", "FR", valid=False), "added"),  # fail closed
    (EUVat(), EU, sale(True, "origin", "CN", "FR"), "import_vat"),
    (EUVat(), EU, sale(True, "bonded", "NL", "DE"), "import_vat"),
    (StandardTax(), UK, sale(True, "local", "GB", "GB"), "added"),
    (StandardTax(), UK, sale(False, "local", "GB", "GB"), "included"),
    (USSalesTax(), US, sale(True, "local", "US", "US"), "added"),
    (USSalesTax(), US, sale(False, "origin", "CN", "US"), "added"),   # facilitator collects
    (USSalesTax(), US, sale(True, "local", "US", "US", exemption="NY-RS-1"), "exempt"),
    (USSalesTax(), US, sale(False, "local", "US", "US", exemption="NY-RS-1"), "added"),
    (AustralianGst(), AU, sale(False, "origin", "CN", "AU", goods=Decimal("300")), "included"),
    (AustralianGst(), AU, sale(True, "origin", "CN", "AU", goods=Decimal("300")),
     "reverse_charge"),                                                # ABN given
    (AustralianGst(), AU, sale(True, "origin", "CN", "AU", valid=False, goods=Decimal("300")),
     "added"),                                                         # no ABN: charged
    (AustralianGst(), AU, sale(False, "origin", "CN", "AU", goods=Decimal("1000.01")),
     "import_vat"),                                                    # collected at the border
    (AustralianGst(), AU, sale(True, "local", "AU", "AU"), "added"),
])
def test_treatment(calculator, tax_book, the_sale, expected):
    assert calculator.treatment(tax_book, the_sale) == expected


def lines(found):
    return [(line.label, str(line.rate), line.jurisdiction) for line in found.lines]


@pytest.mark.parametrize(("subdivision", "language", "expected"), [
    ("CA-ON", "en", [("HST", "13", "CA-ON")]),                       # HST replaces GST
    ("CA-QC", "fr", [("TPS", "5", "CA"), ("TVQ", "9.975", "CA-QC")]),
    ("CA-BC", "en", [("GST", "5", "CA"), ("PST", "7", "CA-BC")]),
    ("CA-AB", "en", [("GST", "5", "CA")]),
])
def test_canadian_components(subdivision, language, expected):
    found = StandardTax().components(CA, subdivision, "standard", language)

    assert (lines(found), found.complete) == (expected, True)


def test_without_a_province_only_gst_is_known_and_the_provincial_taxes_wait():
    found = StandardTax().components(CA, "", "standard", "en")

    assert lines(found) == [("GST", "5", "CA")]
    assert (found.complete, found.pending) == (False, ("HST", "QST", "PST"))


def test_a_state_without_sales_tax_has_no_line_and_is_complete():
    found = USSalesTax().components(US, "US-OR", "standard", "en")

    assert (found.lines, found.complete) == ((), True)


def test_the_reduced_kind_picks_the_reduced_rate_and_others_fall_back_to_standard():
    assert lines(StandardTax().components(JP, "", JP.kind_for("food"), "ja")) == [
        ("JCT", "8", "JP")]
    assert lines(StandardTax().components(JP, "", JP.kind_for("toys"), "ja")) == [
        ("JCT", "10", "JP")]
    assert lines(StandardTax().components(CA, "CA-ON", "reduced", "en")) == [
        ("HST", "13", "CA-ON")]
