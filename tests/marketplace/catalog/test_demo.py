"""The demo catalog: the real file loads, a second load changes nothing, an edited file updates
what changed, and a bad record is reported with file and record while nothing is written."""

import re
import tomllib
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from marketplace.catalog.demo import (
    DEMO_CATALOG,
    DemoDataError,
    DemoRefused,
    load_demo,
    load_demo_catalog,
)
from marketplace.catalog.models import (
    Listing,
    ListingTranslation,
    PriceTier,
    Supplier,
    TranslationOrigin,
    TranslationState,
)
from marketplace.compliance.models import Certificate
from regions.compliance.models import VerificationStatus
from regions.core.packs import installed_packs

DATA = tomllib.loads(DEMO_CATALOG.read_text())
CERTIFICATES = [cert for supplier in DATA["suppliers"] for cert in supplier["certificates"]]
MEMBERS = [member for supplier in DATA["suppliers"] for member in supplier["members"]]
TRANSLATIONS = [t for listing in DATA["listings"] for t in listing.get("translations", [])]
PACKS_AS_OF = date(2026, 11, 24)
FRYPAN = "三层复合不锈钢煎锅 28cm 电磁炉通用"
RENAMED_FRYPAN = "三层复合不锈钢煎锅 28cm 全炉具通用"
DESK_LAMP = "Dimmable LED Desk Lamp, 5 Colour Temperatures, USB-C Powered"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Ten merchant logins with the real hasher would cost seconds on every load.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def region_packs(db):
    """The real EU, UK and US packs: the certificate types the demo's certificates need."""
    call_command("load_region", "eu", "uk", "us", stdout=StringIO())


@pytest.fixture
def demo(region_packs):
    """The real demo file loaded on top of the real packs."""
    return load_demo_catalog()


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the demo file with one exact piece of text replaced."""
    text = DEMO_CATALOG.read_text()
    assert text.count(old) == 1
    path = tmp_path / "demo_catalog.toml"
    path.write_text(text.replace(old, new))
    return path


def rows() -> dict[str, int]:
    return {
        "suppliers": Supplier.objects.count(),
        "listings": Listing.objects.count(),
        "price tiers": PriceTier.objects.count(),
        "translations": ListingTranslation.objects.count(),
        "certificates": Certificate.objects.count(),
        "users": get_user_model().objects.count(),
        "listing history": Listing.history.count(),
        "translation history": ListingTranslation.history.count(),
        "certificate history": Certificate.history.count(),
    }


# --- the file itself ----------------------------------------------------------------------


def test_demo_file_is_big_enough_and_mostly_from_chinese_suppliers():
    languages = Counter(listing["source_language"] for listing in DATA["listings"])
    categories = {listing["category"] for listing in DATA["listings"]}

    assert len(DATA["suppliers"]) >= 5
    assert len(DATA["listings"]) >= 30
    assert languages["zh-Hans"] >= 10
    assert {"machinery", "ppe_category_ii"} <= categories


def test_each_lowest_price_tier_starts_at_the_moq():
    for listing in DATA["listings"]:
        quantities = [tier["min_quantity"] for tier in listing["price_tiers"]]
        assert 2 <= len(quantities) <= 4, listing["key"]
        assert min(quantities) == listing["moq"], listing["key"]


# --- loading ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_catalog_loads_every_record_of_the_file(demo):
    assert Supplier.objects.count() == len(DATA["suppliers"])
    assert Listing.objects.count() == len(DATA["listings"])
    assert PriceTier.objects.count() == sum(len(x["price_tiers"]) for x in DATA["listings"])
    assert Certificate.objects.count() == len(CERTIFICATES)
    assert ListingTranslation.objects.count() == len(TRANSLATIONS)
    assert demo.count("suppliers", "created") == len(DATA["suppliers"])
    assert demo.count("listings", "created") == len(DATA["listings"])
    assert demo.count("certificates", "created") == len(CERTIFICATES)
    assert demo.count("translations", "created") == len(TRANSLATIONS)
    assert demo.count("merchant logins", "created") == len(MEMBERS)
    assert Listing.objects.count() >= 30
    assert Listing.objects.filter(source_language="zh-Hans").count() >= 10


@pytest.mark.django_db
def test_certificates_keep_their_status_and_one_has_expired(demo):
    statuses = Counter(Certificate.objects.values_list("status", flat=True))
    expired = Certificate.objects.filter(valid_until__lt=PACKS_AS_OF)

    assert statuses == Counter(cert["status"] for cert in CERTIFICATES)
    assert statuses[VerificationStatus.PENDING] >= 1
    assert [(c.supplier.slug, c.certificate_type.code, c.number) for c in expired] == [
        ("nt-anhu-safety", "ppe-eu-type-exam", "2849-PPE-0142-21")
    ]
    assert all(c.rejection_reason for c in Certificate.objects.filter(status="rejected"))


@pytest.mark.django_db
def test_certificate_numbers_match_the_pattern_of_their_type(demo):
    checked = 0
    for certificate in Certificate.objects.select_related("certificate_type"):
        kind = certificate.certificate_type
        assert kind.identifier_problem(certificate.number) is None, certificate.number
        assert kind.normalize_identifier(certificate.number) == certificate.number
        if kind.identifier_pattern:
            assert re.fullmatch(kind.identifier_pattern, certificate.number), certificate.number
            checked += 1

    assert checked == sum(1 for c in CERTIFICATES if c["type"] in {
        "weee-de", "lucid-de", "fcc-id", "idu-fr", "cosmetics-cpnp", "uk-economic-operator"})


@pytest.mark.django_db
def test_certificates_cover_the_listings_the_file_names(demo):
    drill_docs = Certificate.objects.filter(listings__title__startswith="18 V Cordless Drill")

    assert sorted(drill_docs.values_list("certificate_type__code", flat=True)) == [
        # One EU DoC under the Machinery Directive, one under the Regulation (pending).
        "battery-epr", "eu-doc-ce", "eu-doc-ce", "rohs-test-report", "uk-ce-doc",
    ]


# Every listing whose CE DoC is on record and that sold before every DoC rule asked for its
# act (LVD, EMC, RoHS, batteries, machinery; a UK DoC for its acts too) still sells: the demo's
# DoCs list the acts that apply.
SOLD_WITH_THEIR_DOC = {
    ("eu", "DE"): {"sz-earbuds-x1", "sz-powerbank-20k", "sz-charger-65w", "sz-led-bulb-e27",
                   "sz-desk-lamp", "de-cordless-drill", "de-angle-grinder", "de-bench-drill"},
    ("uk", "GB"): {"sz-earbuds-x1", "sz-charger-65w"},
}


@pytest.mark.parametrize(("region", "country"), list(SOLD_WITH_THEIR_DOC))
def test_listings_with_a_doc_that_lists_their_acts_stay_sellable(demo, region, country):
    from marketplace.compliance.services import check
    from regions.core.market import resolve_market_context

    titles = {record["key"]: record["title"] for record in DATA["listings"]}
    market = resolve_market_context(region=region, country=country, buyer="consumer")
    wanted = SOLD_WITH_THEIR_DOC[region, country]

    sellable = {key for key in wanted
                if check(Listing.objects.get(title=titles[key]), market).sellable}

    assert sellable == wanted


@pytest.mark.django_db
def test_sanitizing_example_loses_script_and_handler_but_keeps_allowed_markup(demo):
    source = DEMO_CATALOG.read_text()
    description = Listing.objects.get(title=DESK_LAMP).description

    assert "<script>alert(1)</script>" in source and "onerror=" in source
    assert "<script" not in description
    assert "alert" not in description
    assert "onerror" not in description
    assert "<img" not in description
    assert "<ul><li>Power: 8 W at 5 V through USB-C (cable included, no mains adapter)</li>" in (
        description)
    assert "<p><strong>Bulk packing:</strong> 10 lamps per export carton.</p>" in description


@pytest.mark.django_db
def test_human_translations_are_reviewed_and_match_the_current_source(demo):
    translations = ListingTranslation.objects.select_related("listing")

    assert {t.state for t in translations} == {TranslationState.REVIEWED}
    assert {t.origin for t in translations} == {TranslationOrigin.HUMAN}
    assert all(t.source_hash == t.listing.source_hash for t in translations)


@pytest.mark.django_db
def test_merchants_log_in_and_see_their_own_drafts_only(demo, client):
    User = get_user_model()
    cable = Listing.objects.get(title__startswith="USB-C to USB-C Cable")

    assert client.login(username="sz-audio", password="sz-audio-demo-2026")
    assert cable in Listing.objects.visible_to(User.objects.get(username="sz-audio"))
    assert cable not in Listing.objects.visible_to(User.objects.get(username="nb-kitchen"))
    assert [login.username for login in demo.logins] == [m["username"] for m in MEMBERS]


# --- idempotence and updates --------------------------------------------------------------


@pytest.mark.django_db
def test_second_load_changes_nothing(demo):
    before = rows()

    report = load_demo_catalog()

    assert report.changed is False
    assert rows() == before
    assert report.count("listings", "unchanged") == len(DATA["listings"])
    assert report.count("certificates", "unchanged") == len(CERTIFICATES)
    assert report.count("translations", "unchanged") == len(TRANSLATIONS)
    assert report.count("merchant logins", "unchanged") == len(MEMBERS)
    assert report.outdated_translations == 0


@pytest.mark.django_db
def test_renamed_listing_is_updated_and_its_reviewed_translation_becomes_outdated(demo,
                                                                                 tmp_path):
    frypan = Listing.objects.get(title=FRYPAN)
    edited = copy_with(tmp_path, f'title = "{FRYPAN}"', f'title = "{RENAMED_FRYPAN}"')

    report = load_demo_catalog(edited)

    frypan.refresh_from_db()
    assert frypan.title == RENAMED_FRYPAN
    assert Listing.objects.count() == len(DATA["listings"])
    assert report.count("listings", "updated") == 1
    assert report.count("listings", "created") == 0
    assert report.outdated_translations == 1
    assert frypan.translations.get(language="de").state == TranslationState.OUTDATED
    assert ListingTranslation.objects.filter(state=TranslationState.REVIEWED).count() == (
        len(TRANSLATIONS) - 1)
    assert report.not_in_file == []


@pytest.mark.django_db
def test_loading_again_does_not_reapprove_an_outdated_translation(demo, tmp_path):
    edited = copy_with(tmp_path, f'title = "{FRYPAN}"', f'title = "{RENAMED_FRYPAN}"')
    load_demo_catalog(edited)

    report = load_demo_catalog(edited)

    assert report.changed is False
    translation = ListingTranslation.objects.get(language="de", listing__title=RENAMED_FRYPAN)
    assert translation.state == TranslationState.OUTDATED


@pytest.mark.django_db
def test_changed_price_tiers_replace_the_old_ones(demo, tmp_path):
    edited = copy_with(tmp_path, '{ min_quantity = 2000, unit_price = "7.80" },\n', "")

    report = load_demo_catalog(edited)

    earbuds = Listing.objects.get(title__startswith="X1 ")
    assert [(t.min_quantity, str(t.unit_price)) for t in earbuds.price_tiers.all()] == [
        (500, "8.9000"), (5000, "6.9500")]
    assert report.count("listings", "updated") == 1
    assert report.outdated_translations == 0


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_bad_certificate_number_is_reported_with_file_and_record_and_nothing_is_written(
        region_packs, tmp_path):
    index = next(i for i, cert in enumerate(DATA["suppliers"][0]["certificates"])
                 if cert["type"] == "weee-de")
    bad = copy_with(tmp_path, 'number = "DE 73948215"', 'number = "DE 7394821"')

    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog(bad)

    assert caught.value.errors == [
        f"{bad}: suppliers[0].certificates[{index}] (eu/weee-de DE 7394821): number: This is "
        "not a valid WEEE-Reg.-Nr.; expected the format such as “DE 12345678”."
    ]
    assert (Supplier.objects.count(), Listing.objects.count(), Certificate.objects.count(),
            get_user_model().objects.count()) == (0, 0, 0, 0)


@pytest.mark.django_db
def test_bad_record_in_an_edited_file_leaves_the_loaded_catalog_as_it_was(demo, tmp_path):
    before = rows()
    text = DEMO_CATALOG.read_text().replace(f'title = "{FRYPAN}"', 'title = "改名"')
    bad = tmp_path / "demo_catalog.toml"
    bad.write_text(text.replace('hs_code = "961700"', 'hs_code = "9617"'))
    flask = next(i for i, x in enumerate(DATA["listings"]) if x["key"] == "nb-vacuum-flask")

    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog(bad)

    assert caught.value.errors == [
        f"{bad}: listings[{flask}] ({DATA['listings'][flask]['title']}): hs_code: An HS code "
        "has 6, 8 or 10 digits, such as 851830."
    ]
    assert rows() == before
    assert Listing.objects.filter(title=FRYPAN).exists()


@pytest.mark.django_db
def test_lowest_price_tier_above_the_moq_is_refused(region_packs, tmp_path):
    bad = copy_with(tmp_path, "moq = 1200\nlead_time_min_days = 20", "moq = 1000\n"
                    "lead_time_min_days = 20")
    gloves = next(i for i, x in enumerate(DATA["listings"]) if x["key"] == "nt-cut-gloves")

    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog(bad)

    assert caught.value.errors == [
        f"{bad}: listings[{gloves}] ({DATA['listings'][gloves]['title']}): price_tiers: the "
        "lowest tier starts at 1200; it must start at the minimum order quantity (1000)"
    ]


@pytest.mark.django_db
def test_price_written_as_a_number_is_refused(region_packs, tmp_path):
    bad = copy_with(tmp_path, 'unit_price = "58.00"', "unit_price = 58.0")
    powerbank = next(i for i, x in enumerate(DATA["listings"])
                     if x["key"] == "sz-powerbank-20k")

    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog(bad)

    assert caught.value.errors == [
        f"{bad}: listings[{powerbank}].price_tiers[0]: unit_price: write 58.0 as a string "
        "(\"58.0\") so it is not rounded"
    ]


@pytest.mark.django_db
def test_without_region_packs_the_error_says_to_load_them():
    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog()

    assert caught.value.errors == [
        "fixtures/demo_catalog.toml: no certificate types for region “eu”, “uk”, “us”: load "
        "the region packs first (`python manage.py load_region --all`)"
    ]
    assert Supplier.objects.count() == 0


@pytest.mark.django_db
def test_merchant_login_never_takes_over_a_staff_account(region_packs):
    get_user_model().objects.create_user("sz-audio", password="ops-secret", is_staff=True)

    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog()

    assert caught.value.errors == [
        "fixtures/demo_catalog.toml: suppliers[0].members[0] (sz-audio): username: belongs to "
        "a staff user; pick another name"
    ]
    assert get_user_model().objects.get(username="sz-audio").check_password("ops-secret")


@pytest.mark.django_db
def test_demo_catalog_is_refused_in_production(region_packs, settings):
    settings.PRODUCTION = True

    with pytest.raises(DemoRefused, match="refusing in production"):
        load_demo_catalog()
    with pytest.raises(CommandError, match="refusing in production"):
        call_command("load_demo")
    assert Supplier.objects.count() == 0


# --- the command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_what_it_did_then_nothing_changed_and_the_logins(region_packs):
    first, second = StringIO(), StringIO()
    totals = (f"{len(DATA['suppliers'])} suppliers", f"{len(MEMBERS)} merchant logins",
              f"{len(DATA['listings'])} listings", f"{len(TRANSLATIONS)} translations",
              f"{len(CERTIFICATES)} certificates")

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    created = ", ".join(f"{total} ({total.split()[0]} created)" for total in totals)
    assert first.getvalue().splitlines()[0] == (
        f"Demo catalog (fixtures/demo_catalog.toml): {created}.")
    assert second.getvalue().splitlines()[0] == (
        "Demo catalog (fixtures/demo_catalog.toml) is up to date: nothing changed "
        f"({', '.join(totals)}).")
    assert second.getvalue().splitlines()[1] == "Merchant logins:"
    assert re.search(r"^  sz-audio +password sz-audio-demo-2026 +Shenzhen Hexin Audio "
                     r"Technology Co\., Ltd\.$", second.getvalue(), re.MULTILINE)


@pytest.mark.django_db
def test_command_reports_bad_records_and_writes_nothing(region_packs, tmp_path):
    bad = copy_with(tmp_path, 'hs_code = "961700"', 'hs_code = "9617"')

    with pytest.raises(CommandError) as caught:
        call_command("load_demo", "--file", str(bad))

    assert str(caught.value).startswith(
        "The demo catalog has 1 problem(s); nothing was changed:\n"
        f"  {bad}: listings[")
    assert Supplier.objects.count() == 0


# --- a region pack's own demo.toml --------------------------------------------------------

PACK_DEMO = '''
# Adds to a supplier of the global file (slug only) and defines one of its own.
[[suppliers]]
slug = "sz-hexin-audio"

[[suppliers.certificates]]
region = "uk"
type = "uk-ce-doc"
number = "HX-UKCA-X1-2026-01"
status = "verified"
listings = ["sz-earbuds-x1", "uk-demo-earbuds-x2"]

[[suppliers]]
slug = "uk-demo-lamps"
name = "Ningbo Lamp Works (UK demo)"
country = "CN"

[[suppliers.members]]
username = "uk-demo-lamps"
password = "uk-demo-lamps-2026"

[[listings]]
key = "uk-demo-earbuds-x2"
supplier = "sz-hexin-audio"
source_language = "en"
source_currency = "USD"
title = "X2 wireless earbuds, UK plug charger"
description = "<p>X2 earbuds with a UK three-pin charger.</p>"
category = "radio_devices"
radio = true
hs_code = "851830"
moq = 100
lead_time_min_days = 10
lead_time_max_days = 20
price_tiers = [{ min_quantity = 100, unit_price = "9.50" }]

[[listings]]
key = "uk-demo-lamp"
supplier = "uk-demo-lamps"
source_language = "en"
source_currency = "USD"
title = "LED desk lamp, UK plug"
description = "<p>A desk lamp.</p>"
category = "lighting"
hs_code = "940520"
moq = 50
lead_time_min_days = 10
lead_time_max_days = 20
price_tiers = [{ min_quantity = 50, unit_price = "6.20" }]
'''


@pytest.fixture
def uk_pack_demo(tmp_path, monkeypatch) -> Path:
    """A demo.toml for the UK pack, in a temporary folder (the real packs may have none)."""
    path = tmp_path / "demo.toml"
    path.write_text(PACK_DEMO)
    monkeypatch.setattr(apps.get_app_config("pack_uk"), "demo_filename", str(path))
    for config in installed_packs().values():
        if config.label != "pack_uk" and config.demo_file.is_file():
            # Only the temporary file: other packs' real demo data is not this test's subject.
            monkeypatch.setattr(config, "demo_filename", str(tmp_path / "none.toml"))
    return path


@pytest.mark.django_db
def test_a_pack_demo_file_loads_after_the_global_one_and_uses_its_suppliers(region_packs,
                                                                              uk_pack_demo):
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    assert Supplier.objects.count() == len(DATA["suppliers"]) + 1
    assert Listing.objects.count() == len(DATA["listings"]) + 2
    hexin = Supplier.objects.get(slug="sz-hexin-audio")
    certificate = Certificate.objects.get(number="HX-UKCA-X1-2026-01")
    assert certificate.supplier == hexin
    assert sorted(certificate.listings.values_list("title", flat=True)) == [
        "X1 真无线蓝牙耳机 蓝牙5.3 主动降噪 30小时续航", "X2 wireless earbuds, UK plug charger"]
    assert Listing.objects.get(title="LED desk lamp, UK plug").supplier.slug == "uk-demo-lamps"
    assert first.getvalue().splitlines()[0].startswith(
        f"Demo catalog (fixtures/demo_catalog.toml, {uk_pack_demo}): "
        f"{len(DATA['suppliers']) + 1} suppliers ({len(DATA['suppliers']) + 1} created)")
    # Idempotent across files, and the global file's suppliers do not report the pack's
    # listings as "no longer in the file".
    assert "is up to date: nothing changed" in second.getvalue().splitlines()[0]
    assert "kept, no longer in the file" not in second.getvalue()


@pytest.mark.django_db
def test_a_pack_demo_file_is_skipped_while_its_region_is_not_loaded(uk_pack_demo):
    call_command("load_region", "eu", "us", stdout=StringIO())
    empty = uk_pack_demo.parent / "empty.toml"
    empty.write_text("")
    out = StringIO()

    call_command("load_demo", "--file", str(empty), stdout=out)

    assert out.getvalue().splitlines()[-1] == (
        f"Skipped {uk_pack_demo}: region “uk” is not loaded (python manage.py load_region uk)")


@pytest.mark.django_db
def test_a_pack_demo_may_not_redefine_a_supplier_of_the_global_file(region_packs,
                                                                     uk_pack_demo):
    uk_pack_demo.write_text(PACK_DEMO.replace('slug = "sz-hexin-audio"\n',
                                              'slug = "sz-hexin-audio"\nname = "Other"\n', 1))

    with pytest.raises(DemoDataError) as caught:
        load_demo()

    assert caught.value.errors == [
        f"{uk_pack_demo}: suppliers[0] (sz-hexin-audio): name: supplier “sz-hexin-audio” is "
        "defined in fixtures/demo_catalog.toml; give only its slug here (with members or "
        "certificates to add)"
    ]
    assert Supplier.objects.count() == 0


@pytest.mark.django_db
def test_a_pack_demo_with_an_unknown_supplier_says_so_and_writes_nothing(region_packs,
                                                                        uk_pack_demo):
    uk_pack_demo.write_text(PACK_DEMO.replace('slug = "sz-hexin-audio"', 'slug = "nobody"', 1)
                            .replace('supplier = "sz-hexin-audio"', 'supplier = "nobody"'))

    with pytest.raises(DemoDataError) as caught:
        load_demo()

    assert caught.value.errors == [
        f"{uk_pack_demo}: suppliers[0] (nobody): name: required (no supplier “nobody” in an "
        "earlier file)",
        f"{uk_pack_demo}: suppliers[0] (nobody): country: required (no supplier “nobody” in "
        "an earlier file)",
    ]
    assert Supplier.objects.count() == 0
