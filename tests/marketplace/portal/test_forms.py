"""Form validation tables: six countries' VAT IDs, company registration numbers, phones and
postal codes, valid and invalid (real-format examples with correct check digits), each error on
its own field and in the portal's language."""

import pytest
from django.utils import translation

from marketplace.portal.forms import CompanyForm, ContactForm
from regions.core.models import Region

pytestmark = pytest.mark.django_db

# country, VAT ID (as people type it) → stored, registration number → stored, postal code,
# city, province (IT/ES need one)
VALID_COMPANIES = [
    ("DE", "DE 136 695 976", "DE136695976", "Berlin (Charlottenburg) HRB 12345",
     "Berlin (Charlottenburg) HRB 12345", "10115", "Berlin", ""),
    ("FR", "FR 40 303 265 045", "FR40303265045", "303 265 045", "303265045", "75008", "Paris",
     ""),
    ("PL", "PL526-025-09-95", "PL5260250995", "012100784", "012100784", "90-926", "Łódź", ""),
    ("IT", "IT00743110157", "IT00743110157", "00743110157", "00743110157", "20121", "Milano",
     "MI"),
    ("ES", "ESA28015865", "ESA28015865", "A28015865", "A28015865", "28039", "Madrid",
     "Madrid"),
    ("NL", "NL004495445B01", "NL004495445B01", "33014286", "33014286", "1012 ab", "Amsterdam",
     ""),
]


def company_form(country, vat_id, registration_number, postal_code, city, area="",
                 region="eu"):
    return CompanyForm({
        "legal_name": "Firma", "country": country, "vat_id": vat_id,
        "registration_number": registration_number, "street_address": "Hauptstraße 1",
        "postal_code": postal_code, "city": city, "country_area": area,
    }, region=Region.objects.get(code=region))


@pytest.mark.parametrize(("country", "vat_id", "stored_vat", "number", "stored_number",
                          "postal_code", "city", "area"), VALID_COMPANIES)
def test_valid_company_details_are_normalized(packs, country, vat_id, stored_vat, number,
                                              stored_number, postal_code, city, area):
    form = company_form(country, vat_id, number, postal_code, city, area)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["vat_id"] == stored_vat
    assert form.cleaned_data["registration_number"] == stored_number
    assert form.cleaned_data["city"] == city


# country, field, value, error code, message in the portal language (pl)
INVALID = [
    ("DE", "vat_id", "DE136695977", "invalid_checksum", "cyfra kontrolna"),
    ("DE", "vat_id", "FR40303265045", "wrong_country", "zaczyna się od FR"),
    ("DE", "registration_number", "HRB", "invalid_format", "Handelsregisternummer"),
    ("DE", "postal_code", "1011", "invalid_postal_code", "To nie jest kod pocztowy"),
    ("FR", "vat_id", "FR40303265046", "invalid_checksum", "cyfra kontrolna"),
    ("FR", "registration_number", "303265046", "invalid_checksum", "cyfra kontrolna"),
    ("FR", "postal_code", "750", "invalid_postal_code", "To nie jest kod pocztowy"),
    ("PL", "vat_id", "PL5260250996", "invalid_checksum", "cyfra kontrolna"),
    ("PL", "vat_id", "PL52602509", "invalid_length", "liczba znaków"),
    ("PL", "registration_number", "012100785", "invalid_checksum", "cyfra kontrolna"),
    ("PL", "postal_code", "90926X", "invalid_postal_code", "To nie jest kod pocztowy"),
    ("IT", "vat_id", "IT00743110158", "invalid_checksum", "cyfra kontrolna"),
    ("IT", "registration_number", "00743110158", "invalid_checksum", "cyfra kontrolna"),
    ("IT", "postal_code", "2012", "invalid_postal_code", "To nie jest kod pocztowy"),
    ("ES", "vat_id", "ESA28015866", "invalid_checksum", "cyfra kontrolna"),
    ("ES", "registration_number", "A28015866", "invalid_checksum", "cyfra kontrolna"),
    ("ES", "postal_code", "2803", "invalid_postal_code", "To nie jest kod pocztowy"),
    ("NL", "vat_id", "NL004495446B01", "invalid_checksum", "cyfra kontrolna"),
    ("NL", "registration_number", "1234", "invalid_format", "KvK-nummer"),
    ("NL", "postal_code", "1012", "invalid_postal_code", "To nie jest kod pocztowy"),
]


@pytest.mark.parametrize(("country", "field", "value", "code", "message"), INVALID)
def test_each_bad_value_is_reported_next_to_its_field_in_polish(packs, country, field, value,
                                                                code, message):
    valid = {row[0]: row for row in VALID_COMPANIES}[country]
    values = {"vat_id": valid[1], "registration_number": valid[3], "postal_code": valid[5]}
    values[field] = value

    with translation.override("pl"):
        form = company_form(country, values["vat_id"], values["registration_number"],
                            values["postal_code"], valid[6], valid[7])
        assert not form.is_valid()
        errors = form.errors.as_data()
        assert list(errors) == [field]
        assert errors[field][0].code == code
        assert message in form.errors[field][0]


def test_a_country_outside_the_region_is_refused_in_german(packs):
    with translation.override("de"):
        form = company_form("US", "", "04-2103594", "94103", "San Francisco", "CA")
        assert not form.is_valid()
        assert form.errors["country"] == [
            "US ist kein Land dieser Region. Bitte wählen Sie eines der aufgeführten Länder."]


def test_a_vat_id_is_required_for_an_eu_company(packs):
    form = company_form("DE", "", "Berlin (Charlottenburg) HRB 12345", "10115", "Berlin")

    assert not form.is_valid()
    assert form.errors.as_data()["vat_id"][0].code == "required"


def test_italian_and_spanish_addresses_need_the_province(packs):
    form = company_form("IT", "IT00743110157", "00743110157", "20121", "Milano", "")

    assert not form.is_valid()
    assert list(form.errors) == ["country_area"]


# country, typed, stored (E.164)
VALID_PHONES = [
    ("DE", "030 1234567", "+49301234567"),
    ("FR", "01 42 68 53 00", "+33142685300"),
    ("PL", "42 632 30 00", "+48426323000"),
    ("IT", "02 1234 5678", "+390212345678"),
    ("ES", "912 345 678", "+34912345678"),
    ("NL", "020 123 4567", "+31201234567"),
    ("PL", "+48 512 345 678", "+48512345678"),
]


@pytest.mark.parametrize(("country", "typed", "stored"), VALID_PHONES)
def test_phones_are_read_with_the_company_country_as_default(country, typed, stored):
    form = ContactForm({"contact_name": "Anna", "phone": typed}, country=country)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


INVALID_PHONES = [
    ("DE", "12", "invalid_phone"),
    ("FR", "+49 30 1234567", "wrong_country"),
    ("PL", "123", "invalid_phone"),
    ("IT", "+33 1 42 68 53 00", "wrong_country"),
    ("ES", "12345", "invalid_phone"),
    ("NL", "06 123", "invalid_phone"),
    ("PL", "zadzwoń", "invalid_phone"),
]


@pytest.mark.parametrize(("country", "typed", "code"), INVALID_PHONES)
def test_a_phone_not_valid_for_the_country_is_refused(country, typed, code):
    with translation.override("de"):
        form = ContactForm({"contact_name": "Anna", "phone": typed}, country=country)
        assert not form.is_valid()
        assert form.errors.as_data()["phone"][0].code == code
        assert "Telefonnummer" in form.errors["phone"][0]


def test_a_vat_id_over_the_length_limit_gets_one_message(packs):
    form = company_form("DE", "DE" + "1" * 40, "Berlin (Charlottenburg) HRB 12345", "10115",
                        "Berlin")

    assert not form.is_valid()
    assert form.errors["vat_id"] == ["Ensure this value has at most 30 characters (it has 42)."]
