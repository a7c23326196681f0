"""Canada's numbers: the GST/HST program account of the Business Number (stdnum.ca.bn, RT
only), Quebec's QST number (documented pattern) and the BN9 as the company's number."""

import pytest
from django.core.exceptions import ValidationError

from regions.core.registration import check_tax_id, validate_company_id, validate_tax_id
from regions.packs.ca.registration import SCHEMES

GST_HST = "GST/HST registration number (BN + RT0001)"


@pytest.mark.parametrize(("value", "expected", "scheme"), [
    ("123026635RT0001", "123026635RT0001", "ca.bn.rt"),
    ("12302 6635 rt 0001", "123026635RT0001", "ca.bn.rt"),
    ("123026635RT9999", "123026635RT9999", "ca.bn.rt"),  # a simplified registrant
    ("1227494057TQ0001", "1227494057TQ0001", "ca.qst"),
    ("NR00001234", "NR00001234", "ca.qst"),  # QST specified system
])
def test_valid_tax_numbers(value, expected, scheme):
    assert check_tax_id("CA", value)[0].code == scheme
    assert validate_tax_id("CA", value) == expected


@pytest.mark.parametrize(("value", "code", "message"), [
    ("123026634RT0001", "invalid_checksum",
     f"This {GST_HST} is not valid: its check digit does not match. Please check it for typing "
     "errors (example of a valid number: 123026635RT0001)."),
    # The income tax account of the same BN, and the BN without a program account.
    ("123026635RC0001", "wrong_scheme",
     f"This is not a valid {GST_HST} for Canada (example: 123026635RT0001)."),
    ("123026635", "wrong_scheme",
     f"This is not a valid {GST_HST} for Canada (example: 123026635RT0001)."),
    ("1227494057TQ001", "invalid_format",
     f"This is not a valid {GST_HST} for Canada (example: 123026635RT0001)."),
])
def test_bad_tax_numbers_are_refused_with_the_format_and_an_example(value, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("CA", value)

    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_the_business_number_is_the_company_number():
    assert validate_company_id("CA", "123 026 635") == "123026635"
    assert validate_company_id("CA", "123026635RC0001") == "123026635"
    with pytest.raises(ValidationError) as caught:
        validate_company_id("CA", "123026634")
    assert caught.value.code == "invalid_checksum"


def test_only_the_gst_hst_number_removes_the_tax():
    flags = {scheme.code: (scheme.kind, scheme.reverse_charge, scheme.on_invoice)
             for scheme in SCHEMES}

    assert flags == {"ca.bn.rt": ("tax", True, True), "ca.qst": ("tax", False, True),
                     "ca.bn": ("company", False, False)}
