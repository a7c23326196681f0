"""Open lists packs extend: the merge of core and pack declarations, its problems, the model
fields and forms that use the merged lists, the settings' pack languages and the checks."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from marketplace.catalog.models import Listing
from marketplace.compliance.admin import CertificateForm
from regions.compliance.admin import ComplianceRuleForm
from regions.compliance.models import ComplianceRule
from regions.compliance.services import responsible_person_types
from regions.core import declarations
from regions.core.declarations import Problem, collect
from regions.core.loading import check_shape, load_pack
from regions.core.pack_languages import app_folder, declared_languages, with_pack_languages
from regions.core.packs import get_pack
from regions.payments.models import PaymentMethod

PACKS = Path(settings.BASE_DIR) / "regions" / "packs"


def header(**keys):
    return {"region": "xx", **keys}


def test_pack_entries_follow_the_core_entries():
    merged = collect({"pack_a": {"categories": [{"code": "garden", "name": "Garden"}],
                                 "settlement_kinds": [{"code": "konbini", "name": "Konbini"}]}})

    assert [e.code for e in merged.lists["categories"].values()][-2:] == ["food", "garden"]
    assert merged.lists["categories"]["garden"] == declarations.Entry("garden", "Garden", "pack_a")
    assert merged.lists["settlement_kinds"]["konbini"].pack == "pack_a"
    assert merged.lists["settlement_kinds"]["card"].pack == ""
    assert merged.problems == []


def test_a_code_declared_by_two_packs_names_both():
    merged = collect({"pack_a": {"categories": [{"code": "garden", "name": "Garden"}]},
                      "pack_b": {"categories": [{"code": "garden", "name": "Gardening"}]}})

    assert merged.lists["categories"]["garden"].name == "Garden"
    assert merged.problems == [Problem(
        "pack_b", "categories[0]: “garden” is already declared by pack 'pack_a'",
        "Use the existing code, or rename this one.")]


def test_a_core_code_cannot_be_declared_again():
    merged = collect({"pack_a": {"product_properties": [{"code": "radio", "name": "Radio"}]}})

    assert [p.message for p in merged.problems] == [
        "product_properties[0]: “radio” is already declared by the core list"]


@pytest.mark.parametrize(("record", "message"), [
    ({"code": "Garden", "name": "Garden"},
     "categories[0]: code 'Garden' must be lowercase snake_case, such as “food”"),
    ({"code": "x" * 41, "name": "Long"},
     f"categories[0]: code “{'x' * 41}” is longer than 40 characters"),
    ({"code": "garden"}, "categories[0] (garden): name is required"),
    ({"code": "garden", "name": "Garden", "label": "Garden"},
     "categories[0]: unknown field “label” (known: code, name)"),
])
def test_malformed_entries_are_problems(record, message):
    merged = collect({"pack_a": {"categories": [record]}})

    assert [p.message for p in merged.problems] == [message]
    assert "garden" not in merged.lists["categories"]


def test_a_settlement_kind_fits_its_field():
    merged = collect({"pack_a": {"settlement_kinds": [{"code": "x" * 21, "name": "Long"}]}})

    assert [p.message for p in merged.problems] == [
        f"settlement_kinds[0]: code “{'x' * 21}” is longer than 20 characters"]


def test_a_property_implied_by_an_unknown_category_is_a_problem():
    merged = collect({"pack_a": {"product_properties": [
        {"code": "ac_adapter", "name": "AC adapter", "categories": ["chargers"]}]}})

    assert [p.message for p in merged.problems] == [
        "product_properties (ac_adapter): category “chargers” is not declared by the core or "
        "an installed pack"]


def test_representative_types_must_be_the_packs_own_certificate_types():
    own = {"pack": header(representative_types=["rp"]),
           "certificate_types": [{"code": "rp"}]}
    merged = collect({
        "pack_a": own,
        "pack_b": {"pack": header(representative_types=["other"])},
        "pack_c": {**own},
    })

    assert merged.representative_types == {"rp": "pack_a"}
    assert [(p.pack, p.message) for p in merged.problems] == [
        ("pack_b", "[pack] representative_types: “other” is not a certificate type of this pack"),
        ("pack_c", "[pack] representative_types: “rp” is already declared by pack 'pack_a'"),
    ]


def test_a_pack_declares_who_may_stand_for_its_representative_types():
    merged = collect({"pack_a": {
        "pack": header(representative_types=["rp", "rp2"], representatives={
            "rp": {"roles": ["importer"], "established_in": ["GB"], "source": "law"}}),
        "certificate_types": [{"code": "rp"}, {"code": "rp2"}]}})

    assert merged.representatives == {
        "rp": declarations.Representative("rp", ("importer",), ("GB",), "law"),
        "rp2": declarations.Representative("rp2")}  # no declaration: any country of the region
    assert merged.problems == []


@pytest.mark.parametrize(("details", "problem"), [
    ({"rp": {"roles": ["cousin"], "established_in": ["GB"]}},
     "roles must be a list of manufacturer, importer, authorised_representative, "
     "fulfilment_service_provider"),
    ({"rp": {"established_in": ["gb"]}},
     "established_in must be a list of ISO country codes such as [\"GB\"]"),
    ({"rp": {"established_in": []}},
     "established_in must be a list of ISO country codes such as [\"GB\"]"),
    ({"rp": {"established_in": ["GB"], "where": "UK"}},
     "unknown field “where” (known: roles, established_in, source)"),
    ({"other": {"established_in": ["GB"]}}, "not in representative_types"),
])
def test_a_malformed_representative_declaration_is_a_problem(details, problem):
    key = next(iter(details))
    merged = collect({"pack_a": {
        "pack": header(representative_types=["rp"], representatives=details),
        "certificate_types": [{"code": "rp"}]}})

    assert [(p.pack, p.message) for p in merged.problems] == [
        ("pack_a", f"[pack.representatives.{key}]: {problem}")]
    assert merged.representatives == {"rp": declarations.Representative("rp")}


def test_languages_are_lowercase_tags():
    merged = collect({"pack_a": {"pack": header(languages=["ja", "en"])},
                      "pack_b": {"pack": header(languages=["Arabic"])}})

    assert merged.languages == {"pack_a": ("ja", "en")}
    assert [p.message for p in merged.problems] == [
        "[pack] languages: “Arabic” is not a lowercase language tag such as “ja” or “pt-br”"]


def test_the_installed_packs_extend_the_lists():
    assert "power_supplies" in declarations.codes("categories")
    assert declarations.declarations().lists["categories"]["food"].pack == ""  # a core entry
    assert "ac_adapter" in declarations.codes("product_properties")
    assert {"konbini", "cash_on_delivery"} <= declarations.codes("settlement_kinds")
    assert declarations.pack_languages()["pack_jp"] == ("ja", "en")
    assert declarations.pack_languages()["pack_ae"] == ("ar", "en")
    assert declarations.declarations().problems == []
    assert declarations.label("categories", "food") == "Food and beverages"
    assert declarations.label("settlement_kinds", "barter") == "barter"


def test_responsible_person_types_come_from_the_packs():
    assert responsible_person_types() == frozenset({
        "gpsr-eu-rp", "uk-economic-operator", "ised-canadian-representative",
        "au-responsible-supplier"})


def test_model_fields_and_forms_take_the_merged_lists():
    settlement = PaymentMethod._meta.get_field("settlement")
    category = ComplianceRuleForm.base_fields["categories"]

    assert ("konbini", "Convenience-store payment (cash at the counter)") in settlement.choices
    assert ("food", "Food and beverages") in list(category.choices)
    assert ("food", "Food and beverages") in Listing._meta.get_field("category").choices
    assert ("food", "Food and beverages") in list(
        CertificateForm.base_fields["categories"].choices)


def test_an_undeclared_code_is_refused_with_the_known_ones(region):
    rule = ComplianceRule(region=region, code="x", categories=["food", "groceries"])

    with pytest.raises(ValidationError) as raised:
        rule.clean()

    assert raised.value.message_dict["categories"] == [
        "Unknown codes: groceries. Known: "
        f"{', '.join(sorted(declarations.codes('categories')))}."]


def test_a_category_implies_the_properties_packs_declare_for_it():
    charger = Listing(category="power_supplies", voltage=100)

    assert charger.properties == frozenset(
        {"packaged", "electrical", "mains_voltage", "ac_adapter"})
    assert "ac_adapter" not in Listing(category="consumer_electronics").properties


def test_the_loader_accepts_declaration_sections_and_names_them_when_misspelt():
    data = {"pack": {}, "categories": [{"code": "garden", "name": "Garden"}],
            "settlement_kinds": [], "product_properties": []}

    assert check_shape(data, "pack.toml") == []
    [error] = check_shape({"pack": {}, "category": []}, "pack.toml")
    assert error.startswith("pack.toml: unknown section “category” (known: pack, countries, ")
    assert error.endswith(", categories, product_properties, settlement_kinds)")


def test_check_names_the_pack_of_a_clash(db, monkeypatch):
    clash = collect({"pack_a": {"categories": [{"code": "garden", "name": "Garden"}]},
                     "pack_b": {"categories": [{"code": "garden", "name": "Garden"}]}})
    monkeypatch.setattr(declarations, "declarations", lambda: clash)

    messages = [m for m in declarations.check_messages() if m.id == "regions.E010"]

    assert [m.msg for m in messages] == [
        "Region pack 'pack_b': categories[0]: “garden” is already declared by pack 'pack_a'."]


def test_check_names_a_record_with_an_undeclared_code(region):
    method = PaymentMethod.objects.create(region=region, code="old", name="Old",
                                          settlement="card")
    PaymentMethod.objects.filter(pk=method.pk).update(settlement="voucher_old")

    messages = [m for m in declarations.check_messages() if m.id == "regions.E011"]

    assert [m.msg for m in messages] == [
        f"payment method #{method.pk} (region “tst” (no installed pack)) has settlement "
        "“voucher_old”, which neither the core nor an installed pack declares."]


def test_check_warns_about_a_pack_language_settings_do_not_offer(db, settings):
    settings.LANGUAGES = [("en", "English")]

    warnings = [m for m in declarations.check_messages() if m.id == "regions.W011"]

    assert {m.msg for m in warnings} >= {
        "Region pack 'pack_jp' brings language “ja”, which settings.LANGUAGES does not offer."}


def test_settings_read_pack_languages_without_the_app_registry():
    assert app_folder("regions.packs.jp.apps.JPPackConfig") == PACKS / "jp"
    assert app_folder("regions.packs.jp") == PACKS / "jp"
    assert app_folder("no_such_package.apps") is None
    assert declared_languages(["django.contrib.admin", "regions.packs.jp",
                               "regions.packs.ae"]) == ["ja", "en", "ar"]


def test_pack_languages_are_named_in_their_own_language():
    # Django's locale data writes Arabic with a shadda: العربيّة.
    assert with_pack_languages([("en", "English")], ["en", "ja", "ar"]) == [
        ("en", "English"), ("ja", "日本語"), ("ar", "العربيّة")]


def test_settings_offer_the_installed_packs_languages():
    assert {("ja", "日本語"), ("ar", "العربيّة")} <= set(settings.LANGUAGES)
    assert {"ja", "ar"} <= set(settings.PORTAL_UI_LANGUAGES)


def test_the_api_filters_by_pack_categories_and_refuses_unknown_ones(db, client):
    load_pack(get_pack("jp"))
    market = {"region": "jp", "country": "JP", "lang": "ja", "buyer": "consumer"}

    refused = client.get("/api/v1/listings/", {**market, "category": "groceries"})
    accepted = client.get("/api/v1/listings/", {**market, "category": "power_supplies"})

    assert refused.status_code == 400
    assert refused.json()["category"][0].startswith(  # in the market's language
        "次のいずれかを使用してください: batteries, consumer_electronics,")
    assert "power_supplies" in refused.json()["category"][0]
    assert (accepted.status_code, accepted.json()["count"]) == (200, 0)


def test_installing_other_apps_forgets_the_merged_lists(settings):
    assert "konbini" in declarations.codes("settlement_kinds")

    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS
                               if app != "regions.packs.jp"]

    assert "konbini" not in declarations.codes("settlement_kinds")


def test_check_leaves_history_rows_alone(region):
    method = PaymentMethod.objects.create(region=region, code="old", name="Old",
                                          settlement="card")
    PaymentMethod.history.filter(id=method.pk).update(settlement="voucher_old")

    assert [m for m in declarations.check_messages() if m.id == "regions.E011"] == []
