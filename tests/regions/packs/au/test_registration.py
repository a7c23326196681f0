"""Australia's numbers: the ABN (stdnum.au.abn) and the ACN (stdnum.au.acn)."""

import pytest
from django.core.exceptions import ValidationError

from regions.core.registration import validate_company_id, validate_tax_id
from regions.packs.au.registration import SCHEMES


@pytest.mark.parametrize("value", ["83 914 571 673", "51824753556", "42 021 773 747"])
def test_valid_abns(value):
    assert validate_tax_id("AU", value) == value.replace(" ", "")


@pytest.mark.parametrize(("value", "code", "message"), [
    ("99 999 999 999", "invalid_checksum",
     "This Australian Business Number (ABN) is not valid: its check digit does not match. "
     "Please check it for typing errors (example of a valid number: 83914571673)."),
    ("8391457167", "invalid_length",
     "This Australian Business Number (ABN) has the wrong number of characters for Australia "
     "(example: 83914571673)."),
    ("ABN 83914571673", "invalid_format",
     "This is not a valid Australian Business Number (ABN) for Australia (example: "
     "83914571673)."),
])
def test_bad_abns_are_refused_with_the_format_and_an_example(value, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("AU", value)

    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_the_acn_is_the_company_number():
    assert validate_company_id("AU", "002 724 334") == "002724334"
    with pytest.raises(ValidationError) as caught:
        validate_company_id("AU", "002 724 335")
    assert caught.value.code == "invalid_checksum"
    with pytest.raises(ValidationError) as caught:
        validate_company_id("AU", "83914571673")  # an ABN where the ACN is asked
    assert caught.value.code == "invalid_length"


def test_the_abn_is_on_invoices_and_qualifies_a_business_buyer():
    flags = {scheme.code: (scheme.kind, scheme.reverse_charge, scheme.on_invoice)
             for scheme in SCHEMES}

    assert flags == {"au.abn": ("tax", True, True), "au.acn": ("company", False, False)}
