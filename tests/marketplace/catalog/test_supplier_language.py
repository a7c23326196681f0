"""The language a supplier reads (catalog.languages.supplier_language): its stored preference,
else the one its listings are written in, else settings.LANGUAGE_CODE; editable in the
Supplier admin, where a language merchant text is not written in is refused; the migration
fills existing suppliers from their listings."""

import importlib
import tomllib

import pytest
from django.apps import apps
from django.urls import reverse

from marketplace.catalog.demo import DEMO_CATALOG, DemoDataError, load_demo_catalog
from marketplace.catalog.languages import (
    closest_of,
    merchant_language_choices,
    merchant_languages,
    supplier_language,
)
from marketplace.catalog.models import Supplier
from tests.marketplace.catalog.test_demo import (  # noqa: F401
    demo,
    fast_passwords,
    region_packs,
)
from tests.marketplace.catalog.test_supplier_validation import form
from tests.marketplace.localization.conftest import make_listing

pytestmark = pytest.mark.django_db

DATA_SUPPLIERS = tomllib.loads(DEMO_CATALOG.read_text())["suppliers"]
MIGRATION = importlib.import_module("marketplace.catalog.migrations.0009_supplier_language")


def test_the_stored_preference_wins_over_the_listings_language(supplier):
    make_listing(supplier, source_language="en")
    Supplier.objects.filter(pk=supplier.pk).update(language="zh-hans")
    supplier.refresh_from_db()

    assert supplier_language(supplier) == "zh-hans"


@pytest.mark.parametrize(("written_in", "reads"), [
    (["en", "zh-Hans", "zh-Hans"], "zh-hans"), (["pl", "pl", "en"], "pl"), (["de-AT"], "de"),
    (["zh-Hant"], "en")])  # no merchant text in Traditional Chinese: the default, not 简体
def test_without_a_preference_the_listings_language_is_inferred(supplier, written_in, reads):
    for index, language in enumerate(written_in):
        make_listing(supplier, source_language=language, title=f"Lamp {index}")

    assert supplier_language(supplier) == reads


def test_without_a_preference_or_listings_it_is_the_sites_language(supplier, settings):
    settings.LANGUAGE_CODE = "de"

    assert supplier_language(supplier) == "de"
    assert supplier_language(None) == "de"


def test_the_merchant_languages_are_english_chinese_and_the_portals(settings):
    settings.PORTAL_UI_LANGUAGES = ["en", "de", "pl", "ja"]

    assert merchant_languages() == ["en", "zh-hans", "de", "pl", "ja"]
    assert merchant_language_choices() == [("en", "English"), ("zh-hans", "简体中文"),
                                           ("de", "Deutsch"), ("pl", "polski"), ("ja", "日本語")]


@pytest.mark.parametrize(("tag", "closest"), [
    ("en-GB", "en"), ("zh-CN", "zh-hans"), ("zh-Hans-CN", "zh-hans"), ("zh-Hant-TW", None),
    ("PL", "pl"), ("xx", None), ("", None), (None, None)])
def test_the_closest_merchant_language(tag, closest):
    assert closest_of(tag, ["en", "zh-hans", "pl"]) == closest


def test_the_admin_sets_the_language(admin_client):
    response = admin_client.post(reverse("admin:catalog_supplier_add"), form(language="pl"))

    assert response.status_code == 302
    assert Supplier.objects.get(slug="rheinberg").language == "pl"


def test_the_admin_refuses_a_language_merchant_text_is_not_written_in(admin_client):
    response = admin_client.post(reverse("admin:catalog_supplier_add"), form(language="tlh"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["language"] == [
        "Select a valid choice. tlh is not one of the available choices."]
    assert not Supplier.objects.filter(slug="rheinberg").exists()


def test_the_migration_fills_existing_suppliers_from_their_listings(supplier, settings):
    settings.PORTAL_UI_LANGUAGES = ["en", "de", "pl"]
    chinese = supplier
    make_listing(chinese, source_language="zh-Hans")
    polish = Supplier.objects.create(name="Lniana", slug="lniana", country="PL")
    make_listing(polish, source_language="pl-PL", title="Len")
    Supplier.objects.create(name="Nothing listed", slug="silent", country="DE")
    thai = Supplier.objects.create(name="Bangkok Silk", slug="bkk-silk", country="TH")
    make_listing(thai, source_language="th", title="ผ้าไหม")
    chosen = Supplier.objects.create(name="Chose German", slug="chosen", country="CN",
                                     language="de")
    make_listing(chosen, source_language="zh-Hans", title="灯")

    MIGRATION.fill_from_listings(apps, None)

    assert dict(Supplier.objects.values_list("slug", "language")) == {
        chinese.slug: "zh-hans", "lniana": "pl", "silent": "en", "bkk-silk": "",
        "chosen": "de"}


def test_the_demo_suppliers_that_write_in_english_read_their_own_language(demo):  # noqa: F811
    languages = dict(Supplier.objects.values_list("slug", "language"))
    polish = Supplier.objects.get(slug="pl-tkalnia-lodzka")

    assert (languages["sz-hexin-audio"], languages["pl-tkalnia-lodzka"],
            languages["de-rheinberg-tools"], languages["nb-jinhui-kitchen"]) == (
        "zh-hans", "pl", "de", "")
    assert set(polish.listings.values_list("source_language", flat=True)) == {"en"}
    assert supplier_language(polish) == "pl"


def test_a_demo_supplier_with_a_language_not_offered_is_refused(region_packs, tmp_path):  # noqa: F811
    bad = tmp_path / "demo_catalog.toml"
    bad.write_text(DEMO_CATALOG.read_text().replace('language = "pl"', 'language = "tlh"'))
    index = next(i for i, record in enumerate(DATA_SUPPLIERS)
                 if record["slug"] == "pl-tkalnia-lodzka")

    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog(bad)

    assert caught.value.errors == [
        f"{bad}: suppliers[{index}] (pl-tkalnia-lodzka): language: Value 'tlh' is not a valid "
        "choice."]
    assert Supplier.objects.count() == 0
