"""Japan's numbers: the qualified invoice issuer number (T + corporate number, check digit by
stdnum.jp.cn) and the corporate number."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regions.core.registration import validate_company_id, validate_tax_id
from regions.packs.jp.registration import SCHEMES


@pytest.mark.parametrize(("value", "expected"), [
    ("T5835678256246", "T5835678256246"),
    ("t 5-8356-7825-6246", "T5835678256246"),
])
def test_a_t_number_is_stored_compact(value, expected):
    assert validate_tax_id("JP", value) == expected


@pytest.mark.parametrize(("value", "code", "message"), [
    ("T2835678256246", "invalid_checksum",
     "This Qualified invoice issuer number (T-number) is not valid: its check digit does not "
     "match. Please check it for typing errors (example of a valid number: T5835678256246)."),
    # The corporate number alone: registration as an invoice issuer is the T-number.
    ("5835678256246", "wrong_scheme",
     "This is not a valid Qualified invoice issuer number (T-number) for Japan (example: "
     "T5835678256246)."),
    ("DE136695976", "invalid_format",
     "This is not a valid Qualified invoice issuer number (T-number) for Japan (example: "
     "T5835678256246)."),
    ("T583567825624", "invalid_length",
     "This Qualified invoice issuer number (T-number) has the wrong number of characters for "
     "Japan (example: T5835678256246)."),
])
def test_a_bad_t_number_is_refused_with_the_format_and_an_example(value, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("JP", value)

    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_the_corporate_number_is_the_company_number():
    assert validate_company_id("JP", "5-8356-7825-6246") == "5835678256246"
    with pytest.raises(ValidationError) as caught:
        validate_company_id("JP", "5835678256247")
    assert caught.value.code == "invalid_checksum"
    with pytest.raises(ValidationError) as caught:
        validate_company_id("JP", "T5835678256246")  # the T-number where the company's is asked
    assert caught.value.code == "invalid_length"


def test_the_t_number_is_printed_on_invoices_but_removes_no_tax():
    flags = {scheme.code: (scheme.kind, scheme.reverse_charge, scheme.on_invoice, scheme.required)
             for scheme in SCHEMES}

    assert flags == {"jp.tnumber": ("tax", False, True, False),
                     "jp.cn": ("company", False, False, False)}


def test_a_bad_t_number_is_refused_in_japanese():
    with translation.override("ja"), pytest.raises(ValidationError) as caught:
        validate_tax_id("JP", "T2835678256246")

    with translation.override("ja"):
        assert caught.value.messages == [
            "適格請求書発行事業者登録番号（T番号）が正しくありません：チェックディジットが一致しません。"
            "入力ミスがないかご確認ください（有効な番号の例：T5835678256246）。"]
