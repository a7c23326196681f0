"""UK numbers: VAT (stdnum.gb.vat, XI for Northern Ireland) and the Companies House number."""

import pytest
from django.core.exceptions import ValidationError

from regions.core.registration import tax_id_required, validate_company_id, validate_tax_id


@pytest.mark.parametrize(("value", "expected"), [
    ("GB 980 7806 84", "GB980780684"),
    ("980780684", "GB980780684"),
    ("XI980780684", "XI980780684"),
])
def test_valid_vat_numbers(value, expected):
    assert validate_tax_id("GB", value) == expected


@pytest.mark.parametrize(("value", "code", "message"), [
    ("GB980780685", "invalid_checksum",
     "This UK VAT registration number is not valid: its check digit does not match. Please "
     "check it for typing errors (example of a valid number: GB980780684)."),
    ("DE136695976", "wrong_country",
     "This VAT ID starts with DE, but the company is in United Kingdom: its VAT ID starts with "
     "GB."),
])
def test_bad_vat_numbers_are_refused(value, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("GB", value)

    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_a_uk_vat_number_is_optional():
    assert tax_id_required("GB") is False


def test_companies_house_numbers():
    assert validate_company_id("GB", "sc 123456") == "SC123456"
    with pytest.raises(ValidationError) as caught:
        validate_company_id("GB", "S1234567")
    assert caught.value.messages == [
        "This is not a valid Companies House number for United Kingdom (example: 00445790)."]
