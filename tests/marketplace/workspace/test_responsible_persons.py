"""Naming a responsible person from the workspace: saved for the member's own supplier, the
listings re-checked at once, refusals in the merchant's language, another supplier's record
untouched."""

import pytest

from marketplace.compliance.models import ComplianceReport, ResponsiblePerson
from regions.core.models import Region

pytestmark = pytest.mark.django_db


def person_post(**overrides) -> dict:
    values = {"region": Region.objects.get(code="eu").pk, "name": "EU Rep GmbH",
              "street_address": "Hafenstraße 1", "postal_code": "20457", "city": "Hamburg",
              "country": "DE", "email": "rep@eu-rep.example",
              "role": "authorised_representative"}
    return {**values, **overrides}


def responsible_person_blockers(listing) -> list[dict]:
    report = ComplianceReport.objects.get(listing=listing, region__code="eu", is_latest=True)
    return [f for f in report.findings
            if dict(f.get("params") or {}).get("proof") == "responsible_person"]


def test_naming_the_responsible_person_lifts_its_blocker_at_once(signed_in, listing, supplier):
    response = signed_in.post("/portal/workspace/en/responsible-persons/", person_post())

    assert response.status_code == 302
    person = ResponsiblePerson.objects.get(supplier=supplier)
    assert (person.name, person.region.code, person.postal_code) == ("EU Rep GmbH", "eu",
                                                                     "20457")
    assert responsible_person_blockers(listing) == []
    html = signed_in.get("/portal/workspace/en/responsible-persons/").content.decode()
    assert 'data-region="eu"' in html and "EU Rep GmbH" in html


def test_naming_another_replaces_the_one_on_record(signed_in, listing, supplier):
    signed_in.post("/portal/workspace/en/responsible-persons/", person_post())

    signed_in.post("/portal/workspace/en/responsible-persons/", person_post(name="New Rep BV"))

    assert list(ResponsiblePerson.objects.values_list("name", flat=True)) == ["New Rep BV"]


@pytest.mark.parametrize(("language", "field", "value", "message"), [
    ("pl", "postal_code", "ABC", "nie jest kodem pocztowym"),
    ("zh-hans", "email", "not-an-address", "请输入合法的邮件地址。"),
])
def test_a_refused_person_says_why_in_the_merchants_language(signed_in, listing, language,
                                                             field, value, message):
    response = signed_in.post(f"/portal/workspace/{language}/responsible-persons/",
                              person_post(**{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResponsiblePerson.objects.exists()


def test_a_country_no_pack_declares_is_not_offered(signed_in, listing):
    response = signed_in.post("/portal/workspace/de/responsible-persons/", person_post(
        country="CH", postal_code="8001", city="Zürich"))

    assert response.status_code == 400
    assert "CH ist keine gültige Auswahl" in response.content.decode()
    assert not ResponsiblePerson.objects.exists()


def test_another_suppliers_person_is_neither_shown_nor_changed(signed_in, listing,
                                                               other_supplier):
    theirs = ResponsiblePerson.objects.create(
        supplier=other_supplier, region=Region.objects.get(code="eu"), name="Their Rep",
        street_address="Via Roma 1", postal_code="00184", city="Roma",
        country="IT", email="their@rep.example")

    html = signed_in.get(f"/portal/workspace/en/responsible-persons/?region=eu"
                         f"&supplier={other_supplier.pk}").content.decode()
    signed_in.post("/portal/workspace/en/responsible-persons/",
                   {**person_post(), "supplier": other_supplier.pk})

    assert "Their Rep" not in html
    theirs.refresh_from_db()
    assert (theirs.name, theirs.supplier_id) == ("Their Rep", other_supplier.pk)
    assert ResponsiblePerson.objects.filter(name="EU Rep GmbH").exclude(
        supplier=other_supplier).count() == 1


@pytest.mark.parametrize(("role", "message"), [
    ("", "Wybierz rolę dopuszczoną przez prawo: Producent, Importer, Upoważniony przedstawiciel, "
         "Dostawca usług realizacji zamówień."),
    ("ghost", "Wybierz poprawną wartość. ghost nie jest żadną z dostępnych opcji."),
])
def test_an_eu_responsible_person_needs_a_role_the_gpsr_names(signed_in, listing, role,
                                                               message):
    response = signed_in.post("/portal/workspace/pl/responsible-persons/",
                              person_post(role=role))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResponsiblePerson.objects.exists()


def test_a_merchant_may_name_one_in_any_member_state_the_eu_pack_declares(signed_in, listing,
                                                                          supplier):
    page = signed_in.get("/portal/workspace/de/responsible-persons/").content.decode()
    assert '<option value="LU">Luxemburg</option>' in page
    assert '<option value="CH"' not in page

    response = signed_in.post("/portal/workspace/en/responsible-persons/", person_post(
        street_address="12 rue de la Gare", postal_code="1611", city="Luxembourg",
        country="LU"))

    assert response.status_code == 302
    assert ResponsiblePerson.objects.get(supplier=supplier).country.code == "LU"
    assert responsible_person_blockers(listing) == []


def test_a_uk_country_for_an_eu_person_is_refused_in_the_merchants_language(signed_in,
                                                                             listing):
    # GB is offered (the uk pack's declaration), but not for the EU.
    response = signed_in.post("/portal/workspace/de/responsible-persons/", person_post(
        country="GB", postal_code="SW1A 1AA"))

    assert response.status_code == 400
    assert ("Die verantwortliche Person muss in Österreich, Belgien, Bulgarien, "
            in response.content.decode())
    assert not ResponsiblePerson.objects.exists()
