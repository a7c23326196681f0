"""The packs' identifier formats as suppliers meet them: every type with a format takes a valid
number and refuses a bad one with a message that shows the format by its example; numbers are
stored normalised; free-text types refuse placeholders; `load_region` refuses a format whose
example does not fit it, naming the record."""

import shutil

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.compliance.models import Certificate
from marketplace.compliance.services import check_many
from regions.compliance.models import CertificateType
from regions.core.loading import PackDataError, load_pack

pytestmark = pytest.mark.django_db


def kind(packs, region: str, code: str) -> CertificateType:
    return CertificateType.objects.get(region=packs[region], code=code)


def stored(packs, supplier, region: str, code: str, number: str) -> str:
    certificate = Certificate(supplier=supplier, certificate_type=kind(packs, region, code),
                              number=number)
    certificate.full_clean()
    return certificate.number


def refusal(packs, supplier, region: str, code: str, number: str) -> str:
    certificate = Certificate(supplier=supplier, certificate_type=kind(packs, region, code),
                              number=number)
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            certificate.full_clean()
        [message] = caught.value.message_dict["number"]
    return message


@pytest.mark.parametrize(("region", "code", "number", "stored_as"), [
    ("us", "fcc-id", "2ABCD-BT100", "2ABCD-BT100"),  # 5-character grantee code
    ("us", "fcc-id", "BCG-E2430A", "BCG-E2430A"),  # 3-character grantee code, dash in product
    ("us", "fcc-id", "FCC ID: 2bhxa-x1tws", "2BHXA-X1TWS"),
    ("eu", "weee-de", "WEEE-Reg.-Nr. DE 12345678", "DE 12345678"),
    ("eu", "weee-de", "DE12345678", "DE 12345678"),
    ("eu", "weee-de", "de 12345678", "DE 12345678"),
    ("eu", "lucid-de", "LUCID-Nr. de 1234567890123", "DE1234567890123"),
    ("eu", "idu-fr", "IDU: fr123456_01abcd", "FR123456_01ABCD"),
    ("eu", "cosmetics-cpnp", "CPNP reference 4182736", "4182736"),
    ("uk", "uk-economic-operator", "Hexin Audio UK Ltd,  Unit 4, Leicester LE19 1WZ",
     "Hexin Audio UK Ltd, Unit 4, Leicester LE19 1WZ"),
    ("eu", "eu-doc-ce", " HX-DOC-X1-2025-01 ", "HX-DOC-X1-2025-01"),
])
def test_a_valid_number_is_stored_normalised(packs, supplier, region, code, number,
                                             stored_as):
    assert stored(packs, supplier, region, code, number) == stored_as


@pytest.mark.parametrize(("region", "code", "number", "example"), [
    ("us", "fcc-id", "AAAA", "2ABCD-BT100"),
    ("us", "fcc-id", "ABC-", "2ABCD-BT100"),
    ("us", "fcc-id", "000-", "2ABCD-BT100"),
    ("us", "fcc-id", "21ABC-X1", "2ABCD-BT100"),  # 5-character codes use no 0 or 1
    ("us", "fcc-id", "2ABCD-" + "X" * 15, "2ABCD-BT100"),  # product code over 14 characters
    ("eu", "weee-de", "WEEE-Reg.-Nr. DE 00000000", "DE 12345678"),
    ("eu", "weee-de", "DE 1234567", "DE 12345678"),
    ("eu", "lucid-de", "DE123456789012", "DE1234567890123"),
    ("eu", "idu-fr", "DE123456", "FR123456_01ABCD"),
    ("eu", "idu-fr", "n/a", "FR123456_01ABCD"),
    ("eu", "cosmetics-cpnp", "n/a", "1234567"),
    ("eu", "cosmetics-cpnp", "CPNP-123", "1234567"),
    ("uk", "uk-economic-operator", "Shenzhen Factory Co., Bao'an, Shenzhen 518000, China",
     "Example Imports Ltd, 1 High Street, London SW1A 1AA"),
])
def test_a_bad_number_is_refused_showing_the_format(packs, supplier, region, code, number,
                                                    example):
    label = kind(packs, region, code).identifier_label
    assert refusal(packs, supplier, region, code, number) == (
        f"This is not a valid {label}; expected the format such as “{example}”.")
    assert Certificate.objects.count() == 0


@pytest.mark.parametrize("number", ["x", "n/a", "NA", "none", "-", "tbd", "todo", "unknown",
                                    "0", "DoC1"])
@pytest.mark.parametrize(("region", "code"), [
    ("eu", "eu-doc-ce"), ("us", "fcc-sdoc"), ("uk", "uk-doc-ukca"),
    ("uk", "uk-ce-doc"),
])
# gpsr-eu-rp is no free text: it is the responsible person's address (test_responsible_persons).
def test_free_text_types_refuse_placeholders(packs, supplier, region, code, number):
    label = kind(packs, region, code).identifier_label or kind(packs, region, code).name
    assert refusal(packs, supplier, region, code, number) == (
        f"This is not a valid {label}: give it as it appears on the document, with at least 5 "
        "letters or digits, not a placeholder such as “n/a”.")


def test_the_refusal_is_in_the_merchants_language(packs, supplier):
    certificate = Certificate(supplier=supplier,
                              certificate_type=kind(packs, "eu", "eu-doc-ce"), number="n/a")
    with translation.override("de"):
        with pytest.raises(ValidationError) as caught:
            certificate.full_clean()
        [message] = caught.value.message_dict["number"]  # lazy: rendered in German here
    assert message.startswith("Das ist keine gültige Angabe für ")


def test_a_stored_placeholder_written_around_the_model_satisfies_no_rule(packs, supplier,
                                                                        listing):
    # create() skips Certificate.clean; the rule check refuses the number all the same.
    doc = kind(packs, "eu", "eu-doc-ce")
    Certificate.objects.create(supplier=supplier, certificate_type=doc, number="n/a",
                               status="verified")

    check = check_many([listing], packs["eu"])[listing.pk]
    [requirement] = [r for r in check.requirements if r.certificate_type == "eu-doc-ce"]
    assert requirement.status == "invalid_identifier"


def test_load_region_refuses_an_example_that_does_not_fit_its_pattern(packs, tmp_path,
                                                                      monkeypatch):
    pack = apps.get_app_config("pack_us")
    path = tmp_path / "pack.toml"
    shutil.copy(pack.data_file, path)
    path.write_text(path.read_text().replace('identifier_example = "2ABCD-BT100"',
                                             'identifier_example = "AAAA"'))
    monkeypatch.setattr(pack, "data_filename", str(path))
    before = CertificateType.objects.get(region=packs["us"], code="fcc-id").identifier_example

    with pytest.raises(PackDataError) as caught:
        load_pack(pack, force=True)

    assert [e for e in caught.value.errors if "(fcc-id):" in e] == [
        f"{path}: certificate_types[0] (fcc-id): identifier_example: The example “AAAA” is "
        "refused as a placeholder or too short."]
    assert CertificateType.objects.get(
        region=packs["us"], code="fcc-id").identifier_example == before


def test_ops_editing_a_types_format_in_the_admin_see_the_error_on_the_field(packs, rf,
                                                                           superuser):
    from django.contrib import admin
    from django.forms.models import model_to_dict

    fcc = kind(packs, "us", "fcc-id")
    request = rf.get("/")
    request.user = superuser
    form_class = admin.site._registry[CertificateType].get_form(request, fcc)
    data = {name: value for name, value in model_to_dict(fcc).items() if value is not None}
    data["identifier_strip_prefixes"] = '["FCC ID"]'
    data["identifier_format"] = "{grantee}-{model}"

    form = form_class(data, instance=fcc)

    assert not form.is_valid()
    assert form.errors["identifier_format"] == [
        "The format names parts the pattern does not have: model (the pattern's named parts: "
        "grantee, product)."]
    fcc.refresh_from_db()
    assert fcc.identifier_format == ""
