"""localize(): one listing, every market, with the exact strings a buyer there reads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalog.models import Listing
from marketplace.catalog.services import save_listing
from marketplace.compliance.models import Certificate
from marketplace.localization import market as market_cache
from marketplace.localization.engine import localize_many
from marketplace.localization.page import fetch
from regions.compliance.models import CertificateType
from regions.core.market import resolve_market_context
from tests.marketplace.localization.conftest import TODAY, make_listing, translate

pytestmark = pytest.mark.django_db

NBSP, NNBSP = "\u00a0", "\u202f"


def localized(listing, **market):
    context = resolve_market_context(**market)
    [result] = localize_many(fetch(Listing.objects.filter(pk=listing.pk)), context,
                             today=TODAY)
    return result


@pytest.mark.parametrize(
    ("market", "currency", "tiers", "vat_rate", "included"),
    [
        # 9,600 CNY × 1.19 / 8 = 1,428.00 EUR; 8,800 × 1.19 / 8 = 1,309.00
        ({"country": "DE", "language": "de"}, "EUR",
         [f"1.428,00{NBSP}€", f"1.309,00{NBSP}€"], "19.00", True),
        # business: net, 9,600 / 8 = 1,200.00
        ({"country": "DE", "language": "de", "buyer": "business"}, "EUR",
         [f"1.200,00{NBSP}€", f"1.100,00{NBSP}€"], "19.00", False),
        # 9,600 × 1.20 / 8 = 1,440.00, grouped with U+202F
        ({"country": "FR", "language": "fr"}, "EUR",
         [f"1{NNBSP}440,00{NBSP}€", f"1{NNBSP}320,00{NBSP}€"], "20.00", True),
        # 9,600 × 1.21 / 8 = 1,452.00, currency first
        ({"country": "NL", "language": "nl"}, "EUR",
         [f"€{NBSP}1.452,00", f"€{NBSP}1.331,00"], "21.00", True),
        # 9,600 × 1.23 / 8 × 4.25 = 6,273.00 PLN. CLDR's minimumGroupingDigits=2 would print
        # 6273,00; Babel ignores it and groups 4-digit numbers, and so does every Babel user.
        ({"country": "PL", "language": "pl"}, "PLN",
         [f"6{NBSP}273,00{NBSP}zł", f"5{NBSP}750,25{NBSP}zł"], "23.00", True),
        # 9,600 × 1.25 / 8 × 11 = 16,500.00 SEK
        ({"country": "SE", "language": "sv"}, "SEK",
         [f"16{NBSP}500,00{NBSP}kr", f"15{NBSP}125,00{NBSP}kr"], "25.00", True),
        # 9,600 × 1.20 / 8 × 0.85 = 1,224.00 GBP
        ({"region": "uk", "language": "en-GB"}, "GBP", ["£1,224.00", "£1,122.00"], "20.00", True),
        # no VAT in the US: 9,600 / 8 × 1.1 = 1,320.00 USD before sales tax
        ({"region": "us", "language": "en-US"}, "USD", ["$1,320.00", "$1,210.00"], None, False),
        # Business buyers see net prices everywhere: 9,600 / 8 = 1,200 EUR before conversion.
        ({"country": "FR", "language": "fr", "buyer": "business"}, "EUR",
         [f"1{NNBSP}200,00{NBSP}€", f"1{NNBSP}100,00{NBSP}€"], "20.00", False),
        ({"country": "NL", "language": "nl", "buyer": "business"}, "EUR",
         [f"€{NBSP}1.200,00", f"€{NBSP}1.100,00"], "21.00", False),
        ({"country": "PL", "language": "pl", "buyer": "business"}, "PLN",
         [f"5{NBSP}100,00{NBSP}zł", f"4{NBSP}675,00{NBSP}zł"], "23.00", False),
        ({"country": "SE", "language": "sv", "buyer": "business"}, "SEK",
         [f"13{NBSP}200,00{NBSP}kr", f"12{NBSP}100,00{NBSP}kr"], "25.00", False),
        ({"region": "uk", "language": "en-GB", "buyer": "business"}, "GBP",
         ["£1,020.00", "£935.00"], "20.00", False),
        ({"region": "us", "language": "en-US", "buyer": "business"}, "USD",
         ["$1,320.00", "$1,210.00"], None, False),
    ],
)
def test_prices_are_converted_taxed_and_formatted_per_market(listing, market, currency, tiers,
                                                             vat_rate, included):
    result = localized(listing, **market)

    assert result.currency == currency
    assert [tier.formatted for tier in result.price_tiers] == tiers
    assert [tier.min_quantity for tier in result.price_tiers] == [1, 10]
    assert (str(result.vat.rate) if result.vat.rate is not None else None) == vat_rate
    assert result.vat.included is included


def test_amounts_are_exact_decimals(listing):
    result = localized(listing, country="PL", language="pl")
    assert [str(tier.amount) for tier in result.price_tiers] == ["6273.00", "5750.25"]


def test_vat_notes_say_what_the_buyer_pays(listing):
    assert localized(listing, country="DE", language="de").vat.note == "Prices include 19 % VAT."
    assert localized(listing, country="DE", buyer="business").vat.note == (
        "Prices exclude VAT. 19 % VAT is added, unless the goods ship to you from another member "
        "state and you give a valid VAT ID: then no VAT is charged (reverse charge).")
    assert localized(listing, region="us").vat.note == (
        "Prices exclude sales tax, which is calculated at checkout for the delivery address.")


def test_text_comes_from_the_requested_language(listing):
    result = localized(listing, country="DE", language="de")
    assert (result.language, result.title) == ("de", "CNC-Graviermaschine 6090")


def test_language_variant_falls_back_to_its_parent(listing):
    result = localized(listing, country="AT", language="de-AT")
    assert (result.requested_language, result.language) == ("de-AT", "de")


def test_missing_language_falls_back_to_the_region_default(listing):
    result = localized(listing, country="FR", language="fr")
    assert (result.language, result.title) == ("en", "CNC engraving machine 6090")


def test_without_translations_the_source_is_shown(packs, rates, supplier):
    listing = make_listing(supplier)
    result = localized(listing, country="FR", language="fr")
    assert (result.language, result.title) == ("zh-Hans", "数控雕刻机 6090")


def test_outdated_translations_are_not_shown(listing):
    listing.title = "数控雕刻机 6090 Pro"
    assert save_listing(listing) == 2

    result = localized(listing, country="DE", language="de")

    assert (result.language, result.title) == ("zh-Hans", "数控雕刻机 6090 Pro")


def test_translations_waiting_for_review_are_not_shown(listing):
    listing.translations.filter(language="de").update(state="needs_review")
    result = localized(listing, country="DE", language="de")
    assert (result.language, result.title) == ("en", "CNC engraving machine 6090")


def test_description_markup_is_sanitized(packs, rates, supplier):
    listing = make_listing(supplier, description='<p onclick="x()">Safe <script>alert(1)</script>'
                                                 '<img src=x onerror=alert(2)><b>bold</b></p>')
    assert localized(listing, country="DE").description == "<p>Safe <b>bold</b></p>"


def test_payment_methods_follow_country_buyer_and_order_value(packs, rates, supplier):
    small = make_listing(supplier, moq=1)
    large = make_listing(supplier, moq=10, title="Large order")

    def codes(listing, **market):
        return {m.code for m in localized(listing, **market).payment_methods}

    at_consumer = codes(small, country="AT", language="de")
    assert {"eps", "klarna", "sepa-credit-transfer"} <= at_consumer
    assert "blik" not in at_consumer and "tt-30-70" not in at_consumer
    # MOQ 10 × 1,320.00 EUR = 13,200 EUR, above EPS's 10,000 EUR limit
    assert "eps" not in codes(large, country="AT", language="de")
    assert "blik" in codes(small, country="PL", language="pl")
    business = codes(small, country="DE", buyer="business")
    assert {"tt-30-70", "lc-sight"} <= business and "klarna" not in business


def test_shipping_options_add_production_handling_and_transit(listing):
    result = localized(listing, country="DE", buyer="business")

    treatments = {}
    for option in result.shipping_options:
        key = (option.warehouse_kind, option.ships_from)
        treatments.setdefault(key, set()).add(option.vat_treatment)
        assert option.delivery_days[0] >= 10 + option.transit_days[0]
        assert option.delivery_days[1] >= 15 + option.transit_days[1]
    # Domestic stock: VAT added; stock in another member state: reverse charge; goods not yet
    # in free circulation (bonded, or shipped from China): import VAT.
    assert treatments == {
        ("local", "DE"): {"added"},
        ("local", "NL"): {"reverse_charge"},
        ("bonded", "NL"): {"import_vat"},
        ("origin", "CN"): {"import_vat"},
    }


def test_ioss_options_only_carry_goods_worth_at_most_150_eur(listing, supplier):
    cheap = make_listing(supplier, title="Earbuds")
    cheap.price_tiers.update(unit_price="80.00")  # CNY 80 = EUR 10

    def ioss(item) -> set[str]:
        return {o.code for o in localized(item, country="DE").shipping_options
                if o.code.endswith("-ioss")}

    assert ioss(cheap) == {"express-ioss", "eu-line-ioss", "postal-ioss"}
    assert ioss(listing) == set()  # CNY 9,600 = EUR 1,200 of goods


def test_consumer_prices_include_vat_on_every_shipping_option(listing):
    result = localized(listing, country="DE")
    assert {option.vat_treatment for option in result.shipping_options} == {"included"}


def test_compliance_blocks_a_radio_product_without_certificates(listing):
    result = localized(listing, country="DE")

    assert not result.sellable
    assert result.compliance.status == "blocked"
    missing = {f.certificate_type for f in result.compliance.findings
               if f.code == "certificate_missing" and f.severity == "blocker"}
    assert {"eu-doc-ce", "weee-de", "battery-epr", "gpsr-eu-rp"} <= missing


def test_certificates_on_record_satisfy_rules_and_expired_ones_do_not(listing, supplier):
    kinds = CertificateType.objects.filter(region__code="eu")
    doc = kinds.get(code="eu-doc-ce")
    # The earbuds transmit: their DoC lists the Radio Equipment Directive (which takes in EMC),
    # its cybersecurity requirements and RoHS.
    Certificate.objects.create(supplier=supplier, certificate_type=doc, number="DoC-2026-001",
                               status="verified", acts=["red", "red-cyber", "rohs"])
    weee = kinds.get(code="weee-de")
    Certificate.objects.create(supplier=supplier, certificate_type=weee,
                               number="WEEE-Reg.-Nr. DE 12345678", status="verified",
                               valid_until=datetime.date(2026, 1, 31))

    result = localized(listing, country="DE")

    status = {r.certificate_type: r.status for r in result.compliance.requirements}
    assert status["eu-doc-ce"] == "satisfied"
    assert status["weee-de"] == "expired"
    [expired] = [f for f in result.compliance.findings if f.certificate_type == "weee-de"]
    assert (expired.code, expired.severity) == ("certificate_expired", "blocker")
    assert expired.message == (
        "Your WEEE registration Germany (stiftung ear) no. WEEE-Reg.-Nr. DE 12345678 expired on "
        "2026-01-31; upload a current one.")


def test_us_market_asks_for_the_fcc_id(listing):
    result = localized(listing, region="us")
    [fcc] = [f for f in result.compliance.findings if f.certificate_type == "fcc-id"]
    assert (fcc.code, fcc.severity) == ("certificate_missing", "blocker")
    assert fcc.rules == ("fcc-id-radio",)


def test_a_page_costs_the_same_queries_for_3_or_30_listings(packs, rates, supplier):
    for index in range(30):
        item = make_listing(supplier, title=f"Listing {index}")
        translate(item, "de", f"Angebot {index}")
    context = resolve_market_context(country="DE", language="de")

    def queries(count: int) -> int:
        page = fetch(Listing.objects.order_by("pk"))[:count]
        with CaptureQueriesContext(connection) as captured:
            results = localize_many(page, context, today=TODAY)
        assert len(results) == count
        return len(captured)

    # The first page also loads the market's configuration into the cache: compare pages that
    # both find it there, then check that a cold page costs a fixed number more. (An earlier
    # test may have cached a configuration with the same version: the packs fixture restores
    # the same rows, so start cold.)
    market_cache._configs.clear()
    cold = queries(3)
    assert queries(3) == queries(30)
    # (the configuration's rules read their alternative certificate types in one query more,
    # and the region's certificate types and the exchange rates are read once and kept with
    # the configuration)
    assert cold - queries(30) == 12
