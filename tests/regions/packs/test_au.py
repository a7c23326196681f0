"""The Australia pack: `load_region au` loads every record, a second load changes nothing, the
certificate types' examples match their patterns, and the pack's demo catalog has a listing
sellable in Australia and one blocked there for missing certificates."""

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
from regions.languages.services import default_language, offered_languages
from regions.payments.models import PaymentMethod
from regions.warehouses.models import ShippingOption
from tests.regions.packs.helpers import load_region, row_counts

PACK = apps.get_app_config("pack_au")
DATA = PACK.read_data()
DEMO = Path(PACK.path) / "demo.toml"
AS_OF = DATA["pack"]["as_of"]
TODAY = date(2026, 12, 2)


@pytest.fixture
def au(db) -> Region:
    load_region("au")
    return Region.objects.get(code="au")


@pytest.fixture
def demo(au, settings):
    # Two merchant logins with the real password hasher would cost seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo_catalog(DEMO)


def market(buyer: str):
    return resolve_market_context(region="au", country="AU", buyer=buyer)


# --- load_region au ---------------------------------------------------------------------------


def test_load_region_au_loads_every_record_of_the_pack(db):
    out = load_region("au")

    assert f"Loaded region “au” (data as of {AS_OF}):" in out
    counts = row_counts("au")
    del counts["history"]
    assert counts == {
        "countries": 1,
        "languages": 1,
        "payment methods": len(DATA["payment_methods"]),
        "currencies": sum(len(m["currencies"]) for m in DATA["payment_methods"]),
        "certificate types": len(DATA["certificate_types"]),
        "rules": len(DATA["compliance_rules"]),
        "warehouses": len(DATA["warehouses"]),
        "shipping options": sum(len(w["shipping_options"]) for w in DATA["warehouses"]),
    }
    australia = Country.objects.get(code="AU")
    assert (australia.currency, australia.default_language, australia.timezone) == (
        "AUD", "en-AU", "Australia/Sydney")


def test_second_load_changes_nothing(au):
    before = row_counts("au")

    out = load_region("au")

    assert out.strip() == (
        f"Region “au” is up to date with its pack (data as of {AS_OF}): nothing changed.")
    assert row_counts("au") == before
    assert PackLoad.objects.filter(region=au).count() == 1


def test_english_australia_is_the_only_language(au):
    australia = Country.objects.get(code="AU")

    assert offered_languages(au, australia) == ["en-AU"]
    assert default_language(au, australia) == "en-AU"


def test_afterpay_is_for_consumers_between_aud_1_and_2000(au):
    afterpay = PaymentMethod.objects.get(region=au, code="afterpay")
    limits = afterpay.currencies.get()

    assert (afterpay.settlement, afterpay.consumer_buyers, afterpay.business_buyers) == (
        "pay_later", True, False)
    assert (limits.currency, limits.min_amount, limits.max_amount) == (
        "AUD", Decimal("1.00"), Decimal("2000.00"))
    assert not PaymentMethod.objects.filter(region=au, code="poli").exists()
    assert PaymentMethod.objects.get(region=au, code="payto").active is False


def test_consumer_imports_from_china_carry_at_most_the_low_value_goods_limit(au):
    options = ShippingOption.objects.filter(warehouse__region=au, warehouse__code="cn-shenzhen")

    consumer = {(o.code, o.incoterm, o.max_goods_value) for o in options if o.consumer_buyers}
    business = {(o.code, o.incoterm, o.max_goods_value) for o in options if o.business_buyers}

    assert consumer == {("express-consumer", "DDP", Decimal("1000.00")),
                        ("postal-consumer", "DDP", Decimal("1000.00"))}
    assert ("express-business", "DAP", None) in business


# --- certificate types ------------------------------------------------------------------------


def test_every_certificate_type_example_matches_its_pattern():
    kinds = DATA["certificate_types"]
    patterned = [t for t in kinds if t.get("identifier_pattern")]

    # No Australian identifier format was retrieved: every type takes free text, and says so.
    assert patterned == []
    for kind in kinds:
        assert "identifier_example" not in kind or re.fullmatch(
            kind.get("identifier_pattern") or ".*", kind["identifier_example"]), kind["code"]
    for code in ("rcm-eess", "eess-level3-coc"):
        description = next(t["description"] for t in kinds if t["code"] == code)
        assert "[U]" in description


def test_the_responsible_supplier_is_the_packs_representative_type():
    codes = {t["code"] for t in DATA["certificate_types"]}

    assert DATA["pack"]["representative_types"] == ["au-responsible-supplier"]
    assert set(DATA["pack"]["representative_types"]) <= codes


# --- demo catalog -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_catalog_loads_and_a_second_load_changes_nothing(demo):
    assert demo.count("suppliers", "created") == 2
    assert demo.count("listings", "created") == 2
    assert demo.count("certificates", "created") == 4

    again = load_demo_catalog(DEMO)

    assert again.changed is False
    assert again.count("listings", "unchanged") == 2


@pytest.mark.django_db
def test_demo_charger_is_sellable_in_australia_without_findings(demo):
    charger = Listing.objects.get(title="65W 氮化镓充电器 2C1A 澳规插头 240V")

    for buyer in ("consumer", "business"):
        summary = check(charger, market(buyer), today=TODAY)

        assert summary.sellable
        assert summary.findings == ()
        assert {r.certificate_type for r in summary.requirements} == {
            "au-responsible-supplier", "rcm-eess", "eess-level3-coc", "rcm-acma"}


@pytest.mark.django_db
def test_demo_rc_car_is_blocked_in_australia_for_missing_certificates(demo):
    car = Listing.objects.get(title="2.4G 遥控特技车 360°翻滚 可充电 儿童玩具 8岁以上")

    summary = check(car, market("consumer"), today=TODAY)

    assert not summary.sellable
    assert {(f.code, f.certificate_type, f.severity) for f in summary.findings} == {
        ("certificate_missing", "au-responsible-supplier", "blocker"),
        ("certificate_missing", "rcm-acma", "blocker"),
        ("certificate_missing", "au-toys-36-months", "warning"),
        ("certificate_missing", "au-button-batteries", "warning"),
    }
