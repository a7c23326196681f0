"""The Canada pack: `load_region ca` loads every record, a second load changes nothing, the
certificate types' examples match their patterns, and the pack's demo catalog has a listing
sellable in Canada and one blocked there for a missing certificate."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps

from marketplace.catalog.demo import load_demo_catalog
from marketplace.catalog.models import Listing
from marketplace.compliance.services import check
from regions.core.market import resolve_market_context
from regions.core.models import Country, PackLoad, Region
from regions.languages.services import default_language, negotiate, offered_languages
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.warehouses.models import ShippingOption
from tests.regions.packs.helpers import load_region, row_counts

PACK = apps.get_app_config("pack_ca")
DATA = PACK.read_data()
DEMO = Path(PACK.path) / "demo.toml"
AS_OF = DATA["pack"]["as_of"]


@pytest.fixture
def ca(db) -> Region:
    load_region("ca")
    return Region.objects.get(code="ca")


@pytest.fixture
def demo(ca, settings):
    # Two merchant logins with the real password hasher would cost seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo_catalog(DEMO)


def market(buyer: str):
    return resolve_market_context(region="ca", country="CA", buyer=buyer)


# --- load_region ca ---------------------------------------------------------------------------


def test_load_region_ca_loads_every_record_of_the_pack(db):
    out = load_region("ca")

    assert f"Loaded region “ca” (data as of {AS_OF}):" in out
    counts = row_counts("ca")
    del counts["history"]
    assert counts == {
        "countries": 1,
        "languages": len(DATA["languages"]),
        "payment methods": len(DATA["payment_methods"]),
        "currencies": sum(len(m["currencies"]) for m in DATA["payment_methods"]),
        "certificate types": len(DATA["certificate_types"]),
        "rules": len(DATA["compliance_rules"]),
        "warehouses": len(DATA["warehouses"]),
        "shipping options": sum(len(w["shipping_options"]) for w in DATA["warehouses"]),
    }
    canada = Country.objects.get(code="CA")
    assert (canada.currency, canada.default_language, canada.timezone) == (
        "CAD", "en-CA", "America/Toronto")


def test_second_load_changes_nothing(ca):
    before = row_counts("ca")

    out = load_region("ca")

    assert out.strip() == (
        f"Region “ca” is up to date with its pack (data as of {AS_OF}): nothing changed.")
    assert row_counts("ca") == before
    assert PackLoad.objects.filter(region=ca).count() == 1


def test_english_is_the_default_and_french_is_offered(ca):
    canada = Country.objects.get(code="CA")
    offered = offered_languages(ca, canada)

    assert offered == ["en-CA", "fr-CA", "fr"]
    assert default_language(ca, canada) == "en-CA"
    assert negotiate(["fr-CA", "fr"], offered, "en-CA") == "fr-CA"
    assert negotiate(["fr"], offered, "en-CA") == "fr"
    assert negotiate(["de"], offered, "en-CA") == "en-CA"


def test_french_is_the_default_in_quebec_unless_the_buyer_asks_for_english(ca):
    canada = Country.objects.get(code="CA")

    assert default_language(ca, canada, "CA-QC") == "fr-CA"
    assert default_language(ca, canada, "CA-ON") == "en-CA"
    assert resolve_market_context(region="ca", country="CA", subdivision="qc").language == "fr-CA"
    assert resolve_market_context(region="ca", country="CA", subdivision="ON").language == "en-CA"
    assert resolve_market_context(region="ca", country="CA", subdivision="CA-QC",
                                  accept_language="en-CA,en;q=0.8").language == "en-CA"
    assert resolve_market_context(region="ca", country="CA", subdivision="CA-QC",
                                  language="en-CA").language == "en-CA"


def test_interac_e_transfer_is_capped_at_the_lowest_receive_limit(ca):
    limits = PaymentMethodCurrency.objects.get(method__region=ca,
                                               method__code="interac-etransfer")

    assert (limits.currency, limits.min_amount, limits.max_amount) == (
        "CAD", None, Decimal("10000.00"))
    assert PaymentMethod.objects.get(region=ca, code="interac-online").active is False


def test_cusma_courier_option_carries_at_most_cad_150_of_goods(ca):
    option = ShippingOption.objects.get(warehouse__region=ca, warehouse__code="us-buffalo",
                                        code="courier-cusma-consumer")

    assert (option.incoterm, option.max_goods_value, option.cost_currency) == (
        "DDP", Decimal("150.00"), "CAD")


# --- certificate types ------------------------------------------------------------------------


def test_every_certificate_type_example_matches_its_pattern():
    patterned = {t["code"]: t for t in DATA["certificate_types"] if t.get("identifier_pattern")}

    assert set(patterned) == {"ised-radio-certification", "ices-003-label"}
    for kind in patterned.values():
        assert re.fullmatch(kind["identifier_pattern"], kind["identifier_example"]), kind["code"]


def test_the_canadian_representative_is_the_packs_representative_type():
    codes = {t["code"] for t in DATA["certificate_types"]}

    assert DATA["pack"]["representative_types"] == ["ised-canadian-representative"]
    assert set(DATA["pack"]["representative_types"]) <= codes


@pytest.mark.parametrize(("code", "number", "valid"), [
    ("ised-radio-certification", "IC: 4104A-WM1234", True),
    ("ised-radio-certification", "IC:21846A-BTS100", True),
    ("ised-radio-certification", "IC 21846A-BTS100", False),  # the colon is part of the label
    ("ised-radio-certification", "FCC ID: 2ABCD-BT100", False),
    ("ised-radio-certification", "IC: 1234567-BTS100", False),  # company number over 6
    ("ices-003-label", "CAN ICES-003(B)/NMB-003(B)", True),
    ("ices-003-label", "CAN ICES-3(A)/NMB-3(A)", True),
    ("ices-003-label", "CAN ICES-3(C)/NMB-3(C)", False),
    ("ices-003-label", "ICES-003", False),
])
def test_identifier_patterns_accept_real_forms_and_refuse_others(code, number, valid):
    kind = next(t for t in DATA["certificate_types"] if t["code"] == code)

    assert bool(re.fullmatch(kind["identifier_pattern"], number)) is valid


# --- demo catalog -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_catalog_loads_and_a_second_load_changes_nothing(demo):
    assert demo.count("suppliers", "created") == 2
    assert demo.count("listings", "created") == 3
    assert demo.count("certificates", "created") == 5

    again = load_demo_catalog(DEMO)

    assert again.changed is False
    assert again.count("listings", "unchanged") == 3


@pytest.mark.django_db
def test_demo_speaker_and_lamp_are_sellable_in_canada(demo):
    for title in ("S10 Portable Bluetooth 5.3 Speaker, 20 W, IPX7, 24-Hour Battery",
                  "F3 Dimmable LED Floor Lamp, 24 W, 3000–6500 K, 120 V"):
        listing = Listing.objects.get(title=title)
        for buyer in ("consumer", "business"):
            summary = check(listing, market(buyer), today=date(2026, 12, 2))

            assert summary.sellable, (title, buyer, summary.findings)
            # ICES-003 is a warning: the pack cannot tell whether there is digital circuitry.
            assert {(f.code, f.certificate_type) for f in summary.findings} == {
                ("certificate_missing", "ices-003-label")}


@pytest.mark.django_db
def test_demo_smart_plug_is_blocked_in_canada_for_missing_certificates(demo):
    plug = Listing.objects.get(title="W2 Wi-Fi Smart Plug, 15 A, 120 V, Energy Monitoring")

    summary = check(plug, market("consumer"), today=date(2026, 12, 2))

    assert not summary.sellable
    assert {(f.code, f.certificate_type) for f in summary.findings
            if f.severity == "blocker"} == {
        ("certificate_missing", "ised-radio-certification"),
        ("certificate_missing", "ised-canadian-representative"),
        ("certificate_missing", "ca-electrical-certification"),
    }
