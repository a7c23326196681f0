"""The UAE pack: it loads without errors, a second load changes nothing, and its demo file gives
a listing sellable in the UAE and one blocked there."""

from decimal import Decimal

from regions.core.loading import CREATED, UNCHANGED
from regions.core.models import Country
from regions.languages.models import RegionLanguage
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.warehouses.models import Warehouse
from tests.regions.packs.helpers import demo_listings, load_demo_of, load_twice, summary


def test_load_region_ae_loads_and_a_second_load_changes_nothing(db):
    first, second = load_twice("ae")

    assert first.count(CREATED) == len(first.changes)
    assert second.wrote is False
    assert second.count(UNCHANGED) == len(second.changes) == len(first.changes)


def test_the_uae_speaks_arabic_first_and_pays_cash_on_delivery(db):
    load_twice("ae")

    uae = Country.objects.get(code="AE")
    tabby = PaymentMethodCurrency.objects.get(method__region__code="ae", method__code="tabby")
    assert (uae.currency, uae.default_language, uae.timezone) == ("AED", "ar", "Asia/Dubai")
    assert [(lang.language, lang.is_default) for lang in
            RegionLanguage.objects.filter(region__code="ae").order_by("position")] == [
        ("ar", True), ("en", False)]
    assert PaymentMethod.objects.get(region__code="ae", code="cod").settlement == (
        "cash_on_delivery")
    assert (tabby.min_amount, tabby.max_amount) == (Decimal("10.00"), Decimal("20000.00"))
    assert Warehouse.objects.get(region__code="ae", code="ae-jafza").kind == "bonded"


def test_demo_has_a_listing_sellable_in_the_uae_and_one_blocked(db):
    load_twice("ae")
    report = load_demo_of("ae")

    assert (report.count("listings"), report.count("certificates")) == (2, 1)
    listings = demo_listings("zs-guangyao-home")
    speaker = summary(listings["Portable Bluetooth 5.3 Speaker, 10 W, IPX5"], region="ae",
                      country="AE")
    light = summary(listings["LED Ceiling Light, 24 W, 4000 K, 220–240 V"], region="ae",
                    country="AE")
    assert (speaker.sellable, speaker.status) == (True, "compliant")
    assert light.sellable is False
    assert {f.certificate_type for f in light.findings if f.severity == "blocker"} == {
        "ecas-coc"}
    assert load_demo_of('ae').changed is False
