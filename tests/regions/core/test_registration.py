"""Registration schemes: the interface (messages, confirm step), the lookups that ask the
installed packs, and the system check that names a pack whose hook fails."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum.exceptions import InvalidChecksum

from regions.core import checks as region_checks
from regions.core.packs import RegionPackConfig, installed_packs
from regions.core.registration import (
    RegistrationScheme,
    WrongScheme,
    check_tax_id,
    company_id_scheme,
    normalize_tax_id,
    pattern_validator,
    registration_schemes,
    scheme_problems,
    schemes_for,
    tax_id_example,
    tax_id_required,
    tax_id_scheme,
    validate_company_id,
    validate_tax_id,
)


def _digits_with_check(value: str) -> str:
    number = pattern_validator(r"\d{4}|\d{3}X")(value)
    if number.endswith("X"):
        raise WrongScheme()
    if sum(map(int, number)) % 10:
        raise InvalidChecksum()
    return number


SCHEME = RegistrationScheme(code="test.id", country="NZ", kind="tax", label="Test ID",
                            example="1234", validator=_digits_with_check)


def refusal(scheme: RegistrationScheme, value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        scheme.validate(value)
    return caught.value


def test_a_valid_number_comes_back_normalized():
    assert SCHEME.validate(" 12-34 ") == "1234"
    assert SCHEME.normalize(" 12-34 ") == "1234"


def test_a_bad_check_digit_is_refused_with_the_example():
    error = refusal(SCHEME, "1235")

    assert error.code == "invalid_checksum"
    assert error.messages == [
        "This Test ID is not valid: its check digit does not match. Please check it for typing "
        "errors (example of a valid number: 1234)."]


def test_a_number_of_another_scheme_is_refused_naming_the_expected_one():
    error = refusal(SCHEME, "123X")

    assert error.code == "wrong_scheme"
    assert error.messages == ["This is not a valid Test ID for New Zealand (example: 1234)."]


def test_a_wrong_format_and_length_name_the_country_and_the_example():
    assert refusal(SCHEME, "12a4").messages == [
        "This is not a valid Test ID for New Zealand (example: 1234)."]
    assert refusal(SCHEME, "123").code == "invalid_format"


def test_messages_follow_the_active_language():
    error = refusal(SCHEME, "1235")

    with translation.override("de"):  # messages are lazy: rendered in the language of the page
        assert error.messages == [
            "Test ID ungültig: Die Prüfziffer stimmt nicht. Bitte prüfen Sie die Eingabe auf "
            "Tippfehler (Beispiel einer gültigen Nummer: 1234)."]


def test_check_runs_the_confirm_step_after_validation_only():
    asked = []
    scheme = RegistrationScheme(code="test.remote", country="NZ", kind="tax", label="Test ID",
                                example="1234", validator=_digits_with_check,
                                confirm=asked.append)

    assert scheme.check("1234") == "1234"
    with pytest.raises(ValidationError):
        scheme.check("1235")
    assert asked == ["1234"]


def test_every_installed_scheme_accepts_its_own_example_in_normalized_form():
    schemes = registration_schemes()

    assert {scheme.country for scheme in schemes} >= {"DE", "GB", "US", "JP", "CA", "AU", "AE"}
    assert [scheme.code for scheme in schemes if scheme.validate(scheme.example)
            != scheme.example] == []
    assert scheme_problems(schemes) == []
    assert len({scheme.code for scheme in schemes}) == len(schemes)


def test_the_lookups_ask_the_packs():
    assert [scheme.code for scheme in schemes_for("ca")] == ["ca.bn.rt", "ca.qst", "ca.bn"]
    assert [scheme.code for scheme in schemes_for("CA", "tax")] == ["ca.bn.rt", "ca.qst"]
    assert tax_id_scheme("JP").code == "jp.tnumber"
    assert company_id_scheme("JP").code == "jp.cn"
    assert tax_id_scheme("US") is None
    assert tax_id_example("AU") == "83914571673"
    assert (tax_id_required("FR"), tax_id_required("CA")) == (True, False)


def test_a_pack_without_schemes_answers_none():
    class Bare(RegionPackConfig):
        region_code = "zz"

    assert Bare.registration_schemes(None) == ()


def test_the_second_tax_scheme_of_a_country_is_tried():
    scheme, number = check_tax_id("CA", "1227494057 TQ 0001")

    assert (scheme.code, number, scheme.reverse_charge) == ("ca.qst", "1227494057TQ0001", False)
    assert check_tax_id("CA", "123026635 RT 0001")[0].reverse_charge is True


def test_the_most_telling_refusal_wins():
    # Not a QST number either, but the BN's check digit is what is wrong.
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("CA", "123026634RT0001")

    assert caught.value.code == "invalid_checksum"
    assert "123026635RT0001" in caught.value.messages[0]


def test_a_country_without_a_tax_scheme_says_so():
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("US", "04-2103594")

    assert caught.value.code == "unsupported_country"
    assert caught.value.messages == [
        "Companies in United States of America have no VAT ID we can check; leave this field "
        "empty."]


def test_an_empty_number_is_required():
    with pytest.raises(ValidationError) as caught:
        validate_tax_id("JP", "  ")

    assert caught.value.code == "required"


def test_unchecked_normalization_uses_the_main_scheme():
    assert normalize_tax_id("GR", "094 259 216") == "EL094259216"
    assert normalize_tax_id("JP", "t 5835678256246") == "T5835678256246"
    assert normalize_tax_id("US", "12-3") == "123"


def test_company_numbers_of_countries_without_a_scheme_are_kept_as_entered():
    assert validate_company_id("NZ", "  Co  42 ") == "Co 42"
    assert validate_company_id("au", "002 724 334") == "002724334"


@pytest.mark.parametrize(("answer", "problem"), [
    ("eu.vat", "registration_schemes() returned str, not a sequence of RegistrationScheme"),
    ([42], "registration_schemes() returned 42, not a RegistrationScheme"),
    ([RegistrationScheme(code="x.bad", country="XX", kind="tax", label="X", example="1",
                         validator=str)],
     "scheme 'x.bad' has country 'XX', not an ISO 3166-1 alpha-2 code"),
    ([RegistrationScheme(code="x.kind", country="NZ", kind="vat", label="X", example="1",
                         validator=str)],
     "scheme 'x.kind' has kind 'vat'; use one of tax, company"),
    ([RegistrationScheme(code="x.example", country="NZ", kind="tax", label="Test ID",
                         example="1235", validator=_digits_with_check)],
     "scheme 'x.example': its example '1235' is refused (This Test ID is not valid: its check "
     "digit does not match. Please check it for typing errors (example of a valid number: "
     "1235).)"),
    ([RegistrationScheme(code="x.form", country="NZ", kind="tax", label="Test ID",
                         example="12-34", validator=_digits_with_check)],
     "scheme 'x.form': its example '12-34' is not in normalized form ('1234')"),
])
def test_nonsense_from_a_hook_is_described(answer, problem):
    assert scheme_problems(answer) == [problem]


def test_manage_py_check_names_the_pack_whose_hook_raises(monkeypatch):
    pack = installed_packs()["jp"]

    def broken():
        raise KeyError("T")

    monkeypatch.setattr(pack, "registration_schemes", broken)
    messages = region_checks.check_registration_schemes(apps.get_app_configs())

    assert [(m.id, m.msg) for m in messages] == [
        ("regions.E020", "Region pack 'pack_jp': registration_schemes() raised KeyError: 'T'")]


def test_manage_py_check_names_the_pack_that_returns_nonsense(monkeypatch):
    monkeypatch.setattr(installed_packs()["au"], "registration_schemes", lambda: [None])

    messages = region_checks.check_registration_schemes(apps.get_app_configs())

    assert [(m.id, m.msg) for m in messages] == [
        ("regions.E021", "Region pack 'pack_au': registration_schemes() returned None, not a "
                         "RegistrationScheme.")]


def test_manage_py_check_refuses_a_scheme_code_in_two_packs(monkeypatch):
    abn = tax_id_scheme("AU")
    monkeypatch.setattr(installed_packs()["ae"], "registration_schemes", lambda: [abn])

    messages = region_checks.check_registration_schemes(apps.get_app_configs())

    assert [m.id for m in messages] == ["regions.E022"]
    assert "'au.abn' is in both region packs 'pack_au' and 'pack_ae'" in messages[0].msg


def test_the_installed_packs_pass_the_check():
    assert region_checks.check_registration_schemes(apps.get_app_configs()) == []
