"""Certificate type names, rule explanations and finding messages reach merchants in their
language through the packs' catalogs: the compliance report and the regions API (`lang`),
and the certificate type's own name wherever it is shown (admin lists, select boxes)."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from marketplace.compliance.models import ComplianceCheckJob
from marketplace.compliance.tasks import run_check
from regions.compliance.models import CertificateType
from regions.core.models import Region


def report(user, listing, query):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/listings/{listing.pk}/compliance/?{query}")


@pytest.mark.parametrize(("language", "red_doc", "missing"), [
    ("de", "EU-Konformitätserklärung (CE-Kennzeichnung)",
     "Für den Verkauf dieses Produkts hier ist ein Nachweis erforderlich: "
     "EU-Konformitätserklärung (CE-Kennzeichnung). Es liegt keiner vor."),
    ("pl", "Deklaracja zgodności UE (oznakowanie CE)",
     "Aby sprzedawać tu ten produkt, wymagany jest dokument: Deklaracja zgodności UE "
     "(oznakowanie CE). Nie ma go w systemie."),
    ("zh-hans", "欧盟符合性声明（CE 标志）", None),
    ("ja", "EU適合宣言書（CEマーキング）", None),
])
def test_the_report_names_certificate_types_in_the_merchants_language(
        member, listing, settings, language, red_doc, missing):
    settings.AI_API_KEY = ""
    run_check(ComplianceCheckJob.objects.create(
        listing=listing, region=Region.objects.get(code="eu")).pk)

    body = report(member, listing, f"region=eu&lang={language}").json()

    names = {r["certificate_type"]: r["certificate_type_name"] for r in body["requirements"]}
    assert names["eu-doc-ce"] == red_doc
    messages = [f["message"] for f in body["findings"]
                if f["code"] == "certificate_missing" and f["certificate_type"] == "eu-doc-ce"]
    assert messages and all(red_doc in message for message in messages)
    if missing:
        assert missing in messages
    assert body["language"] == language


def test_the_regions_api_speaks_the_language_asked_for(client, packs):
    german = client.get("/api/v1/regions/eu/?lang=de").json()
    english = client.get("/api/v1/regions/eu/").json()

    rules = {r["code"]: r for r in german["certificate_rules"]}
    assert rules["ce-doc-radio"]["explanation"] == (
        "Alles, was Funksignale sendet oder empfängt, braucht die CE-Kennzeichnung und eine "
        "EU-Konformitätserklärung nach der Funkanlagenrichtlinie.")
    assert rules["ce-doc-radio"]["certificate_type_name"] == \
        "EU-Konformitätserklärung (CE-Kennzeichnung)"
    assert german["name"] == "Europäische Union"
    sepa = next(m for m in german["payment_methods"] if m["code"] == "sepa-credit-transfer")
    assert sepa["name"] == "SEPA-Überweisung"
    assert {r["code"]: r["explanation"] for r in english["certificate_rules"]}["ce-doc-radio"] \
        .startswith("Anything that transmits or receives radio needs CE marking")


def test_the_regions_api_follows_accept_language_without_lang(client, packs):
    body = client.get("/api/v1/regions/uk/", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert body["name"] == "Royaume-Uni"
    assert {r["certificate_type_name"] for r in body["certificate_rules"]} >= {
        "Marquage UKCA ou CE avec déclaration de conformité"}


def test_an_unknown_lang_is_a_400_naming_the_languages(client, packs):
    response = client.get("/api/v1/regions/eu/?lang=klingon")

    assert response.status_code == 400
    assert "“klingon” is not a UI language" in response.json()["lang"][0]
    assert "zh-hans" in response.json()["lang"][0]


def test_a_certificate_type_reads_in_the_active_language(packs):
    kind = CertificateType.objects.get(region__code="us", code="fcc-id")

    with translation.override("nl"):
        dutch = str(kind)
    with translation.override("en"):
        english = str(kind)

    assert (dutch, english) == ("FCC-apparatuurgoedkeuring (FCC ID)",
                                "FCC equipment authorization (FCC ID)")


def test_ops_read_certificate_types_in_their_language_in_the_admin(client, eu_ops, packs,
                                                                   supplier):
    from django.urls import reverse

    from marketplace.compliance.models import Certificate
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"))
    client.force_login(eu_ops)

    page = client.get(reverse("admin:supplier_compliance_certificate_changelist"),
                      HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "WEEE-Registrierung Deutschland (stiftung ear)" in page
    assert "WEEE registration Germany" not in page
