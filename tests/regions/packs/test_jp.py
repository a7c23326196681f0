"""The Japan pack: it loads without errors, a second load changes nothing, and its demo file
gives a listing sellable in Japan and one blocked there."""

from decimal import Decimal

from regions.compliance.models import CertificateType
from regions.core.loading import CREATED, UNCHANGED
from regions.core.models import Country
from regions.languages.models import RegionLanguage
from regions.payments.models import PaymentMethodCurrency
from tests.regions.packs.helpers import demo_listings, load_demo_of, load_twice, summary


def test_load_region_jp_loads_and_a_second_load_changes_nothing(db):
    first, second = load_twice("jp")

    assert first.count(CREATED) == len(first.changes)
    assert second.wrote is False
    assert second.count(UNCHANGED) == len(second.changes) == len(first.changes)


def test_japan_pays_in_yen_with_documented_limits(db):
    load_twice("jp")

    japan = Country.objects.get(code="JP")
    konbini = PaymentMethodCurrency.objects.get(method__region__code="jp",
                                                method__code="konbini")
    assert (japan.currency, japan.default_language, japan.timezone) == ("JPY", "ja",
                                                                        "Asia/Tokyo")
    assert [(lang.language, lang.is_default) for lang in
            RegionLanguage.objects.filter(region__code="jp").order_by("position")] == [
        ("ja", True), ("en", False)]
    assert (konbini.method.settlement, konbini.min_amount, konbini.max_amount) == (
        "konbini", Decimal("100"), Decimal("299000"))


def test_giteki_numbers_follow_the_construction_design_format(db):
    load_twice("jp")

    giteki = CertificateType.objects.get(region__code="jp", code="giteki")
    assert giteki.identifier_is_valid("R 001-A01234")
    assert giteki.identifier_is_valid("001-A01234")
    assert not giteki.identifier_is_valid("001-A0123")


def test_demo_has_a_listing_sellable_in_japan_and_one_blocked(db):
    load_twice("jp")
    report = load_demo_of("jp")

    assert (report.count("listings"), report.count("certificates")) == (2, 1)
    listings = demo_listings("dg-kaiyuan-power")
    charger = summary(listings["65 W GaN USB-C Charger, 2 Ports, Japanese Plug (Type A), "
                               "100–240 V"], region="jp", country="JP")
    power_bank = summary(listings["20,000 mAh Power Bank, USB-C PD 22.5 W"], region="jp",
                         country="JP")
    assert (charger.sellable, charger.status) == (True, "warnings")
    assert power_bank.sellable is False
    assert [f.certificate_type for f in power_bank.findings if f.severity == "blocker"] == [
        "pse-round"]
    assert load_demo_of('jp').changed is False
