"""The UAE's TRN: 15 digits, format only (python-stdnum has no `ae` module and no check digit
is published, so a TRN cannot fail a check digit)."""

import importlib.util

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regions.core.registration import schemes_for, validate_company_id, validate_tax_id


def test_stdnum_still_has_no_uae_module():
    # When it gains one, the pack should use it instead of the pattern.
    assert importlib.util.find_spec("stdnum.ae") is None


def test_a_trn_is_stored_compact():
    assert validate_tax_id("AE", "100 1234 5670 0003") == "100123456700003"


@pytest.mark.parametrize(("value", "code", "message"), [
    ("10012345670000", "invalid_length",
     "This Tax Registration Number (TRN) has the wrong number of characters for United Arab "
     "Emirates (example: 100123456700003)."),
    ("TRN100123456700003", "invalid_format",
     "This is not a valid Tax Registration Number (TRN) for United Arab Emirates (example: "
     "100123456700003)."),
    ("83914571673", "invalid_length",  # another market's number (an Australian ABN)
     "This Tax Registration Number (TRN) has the wrong number of characters for United Arab "
     "Emirates (example: 100123456700003)."),
])
def test_bad_trns_are_refused_with_the_format_and_an_example(value, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("AE", value)

    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_there_is_no_company_register_scheme():
    assert [scheme.code for scheme in schemes_for("AE")] == ["ae.trn"]
    assert validate_company_id("AE", " DED  123456 ") == "DED 123456"  # kept as entered


def test_a_bad_trn_is_refused_in_arabic():
    with translation.override("ar"), pytest.raises(ValidationError) as caught:
        validate_tax_id("AE", "1001")

    with translation.override("ar"):
        assert caught.value.messages == [
            "عدد أحرف رقم التسجيل الضريبي (TRN) هذا غير صحيح بالنسبة إلى الإمارات العربية "
            "المتحدة (مثال: 100123456700003)."]
