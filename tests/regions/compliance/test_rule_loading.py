"""load_region and the new rule shapes: several targets, alternative types by code, acts a
certificate must list; rules and types the pack no longer has are removed unless ops edited
them or something still uses them; ops edits survive a reload."""

import importlib

import pytest
from django.apps import apps

from marketplace.catalog.models import Supplier
from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType, ComplianceRule
from regions.core import declarations
from regions.core.loading import KEPT, KEPT_IN_USE, REMOVED, UNCHANGED, PackDataError, load_pack
from regions.core.models import PackRecord

pytestmark = pytest.mark.django_db

HEADER = """
[pack]
region = "eu"
name = "European Union"
as_of = 2026-12-02

[[countries]]
code = "DE"
currency = "EUR"
default_language = "de"
timezone = "Europe/Berlin"

[[languages]]
language = "en"
is_default = true
"""

TYPES = """
[[certificate_types]]
code = "eu-doc-ce"
name = "EU Declaration of Conformity (CE marking)"
acts = { red = "Radio Equipment Directive 2014/53/EU", lvd = "Low Voltage Directive 2014/35/EU" }

[[certificate_types]]
code = "fcc-like-grant"
name = "Equipment certification"
"""

OLD_TYPE = """
[[certificate_types]]
code = "red-doc-cyber"
name = "RED DoC with cybersecurity"
"""

RULES = """
[[compliance_rules]]
code = "ce-doc-radio"
certificate_type = "eu-doc-ce"
alternative_types = ["fcc-like-grant"]
covers = ["red"]
categories = ["radio_devices"]
product_properties = ["radio"]
legal_basis = "Directive 2014/53/EU Art. 10 and 18"
source = "example.org/red"
"""

OLD_RULES = """
[[compliance_rules]]
code = "reach-toys"
certificate_type = "eu-doc-ce"
categories = ["toys"]

[[compliance_rules]]
code = "red-cyber-radio"
certificate_type = "red-doc-cyber"
product_properties = ["radio"]
"""


@pytest.fixture
def eu_pack(tmp_path, monkeypatch):
    pack = apps.get_app_config("pack_eu")
    path = tmp_path / "pack.toml"
    monkeypatch.setattr(pack, "data_filename", str(path))
    yield pack, path
    # The merged declarations were read from this small file: forget them.
    declarations.reset()


def load(eu_pack, text: str, **options):
    pack, path = eu_pack
    path.write_text(HEADER + text)
    return load_pack(pack, **options)


def actions(report, model: str) -> dict[str, str]:
    return {change.key.split("code=")[1]: change.action for change in report.changes
            if change.model == model}


def test_one_rule_takes_several_targets_alternative_types_and_acts(eu_pack):
    load(eu_pack, TYPES + RULES)

    rule = ComplianceRule.objects.get(code="ce-doc-radio")
    assert (rule.categories, rule.product_properties, rule.covers) == (
        ["radio_devices"], ["radio"], ["red"])
    assert [kind.code for kind in rule.accepted_types()] == ["eu-doc-ce", "fcc-like-grant"]
    assert (rule.legal_basis, rule.source) == ("Directive 2014/53/EU Art. 10 and 18",
                                               "example.org/red")
    assert set(actions(load(eu_pack, TYPES + RULES), "regions_compliance.compliancerule")
               .values()) == {UNCHANGED}


def test_rules_and_types_the_pack_dropped_are_removed(eu_pack):
    load(eu_pack, TYPES + OLD_TYPE + RULES + OLD_RULES)

    report = load(eu_pack, TYPES + RULES)

    assert actions(report, "regions_compliance.compliancerule") == {
        "ce-doc-radio": UNCHANGED, "reach-toys": REMOVED, "red-cyber-radio": REMOVED}
    assert actions(report, "regions_compliance.certificatetype")["red-doc-cyber"] == REMOVED
    assert sorted(ComplianceRule.objects.values_list("code", flat=True)) == ["ce-doc-radio"]
    assert not CertificateType.objects.filter(code="red-doc-cyber").exists()
    assert not PackRecord.objects.filter(natural_key__endswith="code=reach-toys").exists()


def test_a_dropped_rule_that_ops_edited_is_kept_and_reported(eu_pack):
    load(eu_pack, TYPES + OLD_TYPE + RULES + OLD_RULES)
    ComplianceRule.objects.filter(code="reach-toys").update(categories=["toys", "textiles"])

    report = load(eu_pack, TYPES + OLD_TYPE + RULES)

    assert actions(report, "regions_compliance.compliancerule")["reach-toys"] == KEPT
    assert ComplianceRule.objects.get(code="reach-toys").categories == ["toys", "textiles"]


def test_a_dropped_type_with_certificates_on_record_is_kept(eu_pack):
    load(eu_pack, TYPES + OLD_TYPE + RULES + OLD_RULES)
    supplier = Supplier.objects.create(name="Hexin", slug="hexin", country="CN")
    Certificate.objects.create(supplier=supplier, number="HX-RED-2025-04",
                               certificate_type=CertificateType.objects.get(code="red-doc-cyber"))

    report = load(eu_pack, TYPES + RULES)

    assert actions(report, "regions_compliance.certificatetype")["red-doc-cyber"] == KEPT_IN_USE
    assert CertificateType.objects.filter(code="red-doc-cyber").exists()
    assert not ComplianceRule.objects.filter(code="red-cyber-radio").exists()


def test_an_ops_edit_of_a_rules_targets_survives_a_reload(eu_pack):
    load(eu_pack, TYPES + RULES)
    rule = ComplianceRule.objects.get(code="ce-doc-radio")
    rule.categories = ["radio_devices", "toys"]
    rule.save()
    rule.alternative_types.clear()

    report = load(eu_pack, TYPES + RULES)

    assert actions(report, "regions_compliance.compliancerule")["ce-doc-radio"] == KEPT
    rule.refresh_from_db()
    assert rule.categories == ["radio_devices", "toys"]
    assert list(rule.alternative_types.all()) == []


def test_an_unknown_alternative_type_or_act_is_refused_naming_the_record(eu_pack):
    text = TYPES + RULES.replace('["fcc-like-grant"]', '["fcc-grant"]') + """
[[compliance_rules]]
code = "ce-doc-toys"
certificate_type = "eu-doc-ce"
covers = ["toys"]
categories = ["toys"]
"""
    with pytest.raises(PackDataError) as raised:
        load(eu_pack, text)

    file = eu_pack[1]
    assert raised.value.errors == [
        f"{file}: compliance_rules[0] (ce-doc-radio): alternative_types: no certificate_types "
        "record “fcc-grant” in this pack",
        f"{file}: compliance_rules[1] (ce-doc-toys): covers: No accepted type declares the act "
        "toys (their acts: lvd, red).",
    ]
    assert not ComplianceRule.objects.exists()


def test_certificates_of_the_former_separate_docs_become_eu_docs_listing_the_act(eu_pack):
    load(eu_pack, TYPES + OLD_TYPE)
    supplier = Supplier.objects.create(name="Hexin", slug="hexin", country="CN")
    old = Certificate.objects.create(
        supplier=supplier, number="HX-RED-2025-04",
        certificate_type=CertificateType.objects.get(code="red-doc-cyber"))
    migration = importlib.import_module(
        "marketplace.compliance.migrations.0004_certificate_acts")

    migration.fold_separate_docs(apps, None)

    old.refresh_from_db()
    assert (old.certificate_type.code, old.acts) == ("eu-doc-ce", ["red", "red-cyber"])


def test_check_names_a_rule_whose_lists_use_an_undeclared_code(eu_pack):
    load(eu_pack, TYPES + RULES)
    rule = ComplianceRule.objects.get(code="ce-doc-radio")
    ComplianceRule.objects.filter(pk=rule.pk).update(categories=["radio_devices", "drones"])

    messages = [m for m in declarations.check_messages() if m.id == "regions.E011"]

    assert [m.msg for m in messages] == [
        f"compliance rule #{rule.pk} (region “eu”) has categories drones, which neither the "
        "core nor an installed pack declares."]


def test_the_admin_checks_covers_against_the_alternatives_chosen_in_the_form(packs):
    from regions.compliance.admin import ComplianceRuleForm

    rule = ComplianceRule.objects.get(region__code="uk", code="ukca-ce-radio")
    ce_doc = CertificateType.objects.filter(region__code="uk", code="uk-ce-doc")
    data = {"region": rule.region_id, "code": rule.code, "certificate_type":
            rule.certificate_type_id, "covers": ["uk-radio-2017"], "categories": ["radio_devices"],
            "buyers": "all", "severity": "blocker"}

    with_ce = ComplianceRuleForm({**data, "alternative_types": [ce_doc.get().pk]},
                                 instance=rule)
    without = ComplianceRuleForm(data, instance=rule)

    assert with_ce.errors == {"covers": [
        "uk-ce-doc declares none of the covered acts; add its equivalent act to the list."]}
    assert without.is_valid(), without.errors
