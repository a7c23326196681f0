"""EU numbers: a VAT ID scheme per member state (stdnum.eu.vat, VIES as the confirm step) and
the company registers of the pack's countries."""

import pytest
from django.core.exceptions import ValidationError
from stdnum.eu import vat as eu_vat

from regions.core.registration import schemes_for, validate_company_id, validate_tax_id
from regions.packs.eu.registration import MEMBER_STATES, SCHEMES, confirm_with_vies


def test_every_member_state_has_a_required_vat_scheme_with_vies():
    vat = [scheme for scheme in SCHEMES if scheme.kind == "tax"]

    assert sorted(scheme.country for scheme in vat) == sorted(MEMBER_STATES)
    assert len(MEMBER_STATES) == len(set(eu_vat.MEMBER_STATES) - {"xi"}) == 27
    assert {(s.required, s.reverse_charge, s.on_invoice, s.confirm) for s in vat} == {
        (True, True, True, confirm_with_vies)}


@pytest.mark.parametrize(("country", "value", "expected"), [
    ("DE", "de 136 695 976", "DE136695976"),
    ("GR", "094259216", "EL094259216"),  # Greece's prefix is EL
    ("LT", "LT119511515", "LT119511515"),
])
def test_valid_vat_ids(country, value, expected):
    assert validate_tax_id(country, value) == expected


@pytest.mark.parametrize(("country", "value", "code", "message"), [
    ("DE", "DE136695977", "invalid_checksum",
     "This VAT ID is not valid: its check digit does not match. Please check it for typing "
     "errors (example of a valid number: DE136695976)."),
    ("DE", "FR40303265045", "wrong_country",
     "This VAT ID starts with FR, but the company is in Germany: its VAT ID starts with DE."),
    ("GR", "GR094259216", "wrong_country",
     "This VAT ID starts with GR, but the company is in Greece: its VAT ID starts with EL."),
    ("DE", "XI980780684", "wrong_country",  # a UK (Northern Ireland) number
     "This VAT ID starts with XI, but the company is in Germany: its VAT ID starts with DE."),
])
def test_bad_vat_ids_are_refused(country, value, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_tax_id(country, value)

    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_the_company_registers_of_the_pack():
    assert {s.country for s in SCHEMES if s.kind == "company"} == {
        "AT", "BE", "DE", "ES", "FR", "IE", "IT", "NL", "PL", "PT", "SE"}
    assert schemes_for("FR", "company")[0].label == "SIREN / SIRET"
    assert validate_company_id("BE", "BE 0403.019.261") == "0403019261"
    with pytest.raises(ValidationError) as caught:
        validate_company_id("FR", "303265046")
    assert caught.value.messages == [
        "This SIREN / SIRET is not valid: its check digit does not match. Please check it for "
        "typing errors (example of a valid number: 303265045)."]
