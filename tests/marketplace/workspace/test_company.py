"""The company details page: the address, VAT ID, register number, phone and tax registrations
in other markets that invoices print, refused by the models' own rules (Supplier.clean,
SupplierTaxRegistration.clean, as in the admin) in the merchant's language with nothing
stored, and only ever the member's own supplier's."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.catalog.models import Supplier, SupplierTaxRegistration
from regions.core.business_ids import normalize_vat_id

NO_REGISTRATIONS = {"registrations-TOTAL_FORMS": "0", "registrations-INITIAL_FORMS": "0"}
BERLIN = {"street_address": "Friedrichstraße 10", "postal_code": "10117", "city": "Berlin",
          "country_area": "", "vat_id": "de 136 695 976", "registration_number": "",
          "phone": "030 901820", "language": "de", **NO_REGISTRATIONS}


@pytest.fixture
def german(supplier):
    Supplier.objects.filter(pk=supplier.pk).update(country="DE")
    supplier.refresh_from_db()
    return supplier


def company_url(supplier, lang: str = "de") -> str:
    return f"/portal/workspace/{lang}/company/{supplier.pk}/"


def registration_rows(*rows: tuple[str, str]) -> dict:
    data = {"registrations-TOTAL_FORMS": str(len(rows)), "registrations-INITIAL_FORMS": "0"}
    for index, (country, number) in enumerate(rows):
        data |= {f"registrations-{index}-country": country,
                 f"registrations-{index}-number": number}
    return data


def test_the_page_opens_for_the_members_supplier_in_their_language(signed_in, supplier):
    response = signed_in.get("/portal/workspace/de/company/")
    assert response.status_code == 302
    assert response["Location"] == company_url(supplier)

    page = signed_in.get(company_url(supplier)).content.decode()
    assert "<h1>Firmendaten</h1>" in page
    assert 'name="registrations-0-number"' in page


def test_the_details_are_stored_normalized(signed_in, german):
    response = signed_in.post(company_url(german), BERLIN)

    assert response.status_code == 302
    german.refresh_from_db()
    assert (german.street_address, german.postal_code, german.city, german.vat_id,
            german.phone) == ("Friedrichstraße 10", "10117", "Berlin", "DE136695976",
                              "+4930901820")


def test_a_bad_vat_id_is_refused_with_the_admins_message_in_german_and_nothing_changes(
        signed_in, german):
    response = signed_in.post(company_url(german), {**BERLIN, "vat_id": "DE123456789"})

    assert response.status_code == 400
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        normalize_vat_id("DE123456789", "DE")
    assert response.context["form"].errors["vat_id"] == refused.value.messages
    german.refresh_from_db()
    assert (german.vat_id, german.street_address, german.phone) == ("", "", "")


def test_a_tax_registration_in_another_market_is_stored_with_its_scheme(signed_in, german):
    response = signed_in.post(company_url(german),
                              {**BERLIN, **registration_rows(("JP", "T7000012050002"))})

    assert response.status_code == 302
    registration = SupplierTaxRegistration.objects.get(supplier=german)
    assert (registration.country, registration.number) == ("JP", "T7000012050002")
    assert registration.scheme != ""


def test_a_bad_tax_registration_is_refused_and_nothing_is_stored(signed_in, german):
    response = signed_in.post(company_url(german),
                              {**BERLIN, **registration_rows(("JP", "T7000012050003"))})

    assert response.status_code == 400
    assert response.context["registrations"].forms[0].errors["number"] == [
        "Registrierungsnummer als qualifizierter Rechnungsaussteller (T-Nummer) ungültig: Die "
        "Prüfziffer stimmt nicht. Bitte prüfen Sie die Eingabe auf Tippfehler (Beispiel einer "
        "gültigen Nummer: T5835678256246)."]
    assert not SupplierTaxRegistration.objects.exists()
    german.refresh_from_db()
    assert german.vat_id == ""


def test_two_rows_of_one_scheme_are_refused_not_a_server_error(signed_in, german):
    response = signed_in.post(company_url(german), {**BERLIN, **registration_rows(
        ("JP", "T7000012050002"), ("JP", "T7000012050002"))})

    assert response.status_code == 400
    assert response.context["registrations"].non_form_errors() == [
        "Zwei Zeilen nennen eine Registrierung derselben Art: Behalten Sie eine."]
    assert not SupplierTaxRegistration.objects.exists()


def test_a_registration_already_on_record_is_refused_with_the_models_message(signed_in,
                                                                             german):
    existing = SupplierTaxRegistration(supplier=german, country="JP", number="T7000012050002")
    existing.clean()
    existing.save()

    response = signed_in.post(company_url(german, "en"), {
        **BERLIN, "registrations-TOTAL_FORMS": "2", "registrations-INITIAL_FORMS": "1",
        "registrations-0-id": str(existing.pk), "registrations-0-country": "JP",
        "registrations-0-number": "T7000012050002",
        "registrations-1-country": "JP", "registrations-1-number": "T7000012050002"})

    assert response.status_code == 400
    assert response.context["registrations"].forms[1].errors["number"] == [
        "This supplier already has a Qualified invoice issuer number (T-number) on record; "
        "edit that one."]
    assert SupplierTaxRegistration.objects.count() == 1


def test_another_suppliers_details_are_not_found_and_nothing_changes(signed_in,
                                                                     other_supplier):
    assert signed_in.get(company_url(other_supplier)).status_code == 404

    response = signed_in.post(company_url(other_supplier), {
        **BERLIN, **registration_rows(("JP", "T7000012050002"))})

    assert response.status_code == 404
    other_supplier.refresh_from_db()
    assert (other_supplier.street_address, other_supplier.vat_id) == ("", "")
    assert not SupplierTaxRegistration.objects.exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, supplier):
    response = client.post(company_url(supplier), BERLIN)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    supplier.refresh_from_db()
    assert supplier.street_address == ""


def test_a_registration_is_removed_with_its_row(signed_in, german):
    registration = SupplierTaxRegistration(supplier=german, country="JP",
                                           number="T7000012050002")
    registration.clean()
    registration.save()

    response = signed_in.post(company_url(german), {
        **BERLIN, "registrations-TOTAL_FORMS": "1", "registrations-INITIAL_FORMS": "1",
        "registrations-0-id": str(registration.pk), "registrations-0-country": "JP",
        "registrations-0-number": "T7000012050002", "registrations-0-DELETE": "on"})

    assert response.status_code == 302
    assert not SupplierTaxRegistration.objects.exists()
