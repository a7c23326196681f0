"""The company step of the portal checks the numbers of the new markets with their packs'
schemes: a Japanese company's T-number and corporate number are accepted, a Canadian BN with
a bad check digit is refused next to its field with the format and an example."""

import pytest
from django.utils import translation

from marketplace.portal.forms import CompanyForm, company_field_hints
from regions.core.models import Country, Region

pytestmark = pytest.mark.django_db


def region_of(code: str, country: str, currency: str, language: str, zone: str) -> Region:
    region = Region.objects.create(code=code, name=code.upper())
    Country.objects.create(code=country, region=region, currency=currency,
                           default_language=language, timezone=zone)
    return region


def japanese_company(vat_id: str) -> CompanyForm:
    return CompanyForm({
        "legal_name": "株式会社テスト", "country": "JP", "vat_id": vat_id,
        "registration_number": "5-8356-7825-6246", "street_address": "霞が関3-1-1",
        "postal_code": "100-8926", "country_area": "Tokyo",
    }, region=region_of("jp", "JP", "JPY", "ja", "Asia/Tokyo"))


def canadian_company(vat_id: str) -> CompanyForm:
    return CompanyForm({
        "legal_name": "Érablière Tremblay inc.", "country": "CA", "vat_id": vat_id,
        "registration_number": "123026635", "street_address": "100 rue Sainte-Catherine O",
        "city": "Montréal", "country_area": "QC", "postal_code": "H2X 1Y4",
    }, region=region_of("ca", "CA", "CAD", "fr", "America/Toronto"))


def test_a_japanese_company_gives_its_t_number_and_corporate_number():
    form = japanese_company("t5835678256246")

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["vat_id"], form.cleaned_data["registration_number"]) == (
        "T5835678256246", "5835678256246")


def test_a_japanese_company_may_leave_the_t_number_empty():
    form = japanese_company("")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["vat_id"] == ""


def test_a_canadian_bn_with_a_bad_check_digit_is_refused_in_german():
    with translation.override("de"):
        form = canadian_company("123026634RT0001")

        assert not form.is_valid()
        assert form.errors.as_data()["vat_id"][0].code == "invalid_checksum"
        assert form.errors == {"vat_id": [
            "GST/HST-Registrierungsnummer (BN + RT0001) ungültig: Die Prüfziffer stimmt nicht. "
            "Bitte prüfen Sie die Eingabe auf Tippfehler (Beispiel einer gültigen Nummer: "
            "123026635RT0001)."]}


def test_a_canadian_income_tax_account_is_not_the_gst_hst_number():
    form = canadian_company("123026635RC0001")

    assert not form.is_valid()
    assert form.errors == {"vat_id": [
        "This is not a valid GST/HST registration number (BN + RT0001) for Canada (example: "
        "123026635RT0001)."]}


def test_the_hints_show_the_markets_examples_and_labels():
    hints = company_field_hints(region_of("jp", "JP", "JPY", "ja", "Asia/Tokyo"))["JP"]

    assert (hints["vat_id"], hints["vat_label"], hints["registration_number"],
            hints["registration_label"]) == (
        "T5835678256246", "Qualified invoice issuer number (T-number)", "5835678256246",
        "Corporate Number (法人番号)")
