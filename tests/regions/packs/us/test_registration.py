"""The US numbers: the EIN (stdnum.us.ein: format and IRS campus prefix, no check digit); no
tax registration number (sales tax exemptions rest on certificates)."""

import pytest
from django.core.exceptions import ValidationError

from regions.core.registration import schemes_for, validate_company_id, validate_tax_id


def test_an_ein_is_stored_compact():
    assert validate_company_id("US", "91-1144442") == "911144442"


@pytest.mark.parametrize(("value", "code"), [
    ("07-1144442", "invalid_format"),  # no IRS campus issues prefix 07
    ("911-14-4442", "invalid_format"),
    ("91-114444", "invalid_format"),
])
def test_bad_eins_are_refused_with_the_format_and_an_example(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_company_id("US", value)

    assert caught.value.code == code
    assert caught.value.messages == [
        "This is not a valid Employer Identification Number (EIN) for United States of America "
        "(example: 042103594)."]


def test_there_is_no_tax_registration_to_check():
    assert [scheme.kind for scheme in schemes_for("US")] == ["company"]
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("US", "91-1144442")
    assert caught.value.code == "unsupported_country"
