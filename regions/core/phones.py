"""Phone numbers: parsed with the company's or buyer's country as the default region, stored
in E.164 (+4930123456) and shown in the national format."""

import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries


def phone_example(country: str) -> str:
    """An example number of the country in national format, for placeholders and messages."""
    example = phonenumbers.example_number(str(country).upper())
    if example is None:
        return ""
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)


def normalize_phone(value: str, country: str) -> str:
    """The number in E.164, or ValidationError: unparseable, not a valid number, or a number of
    another country than the one given."""
    country = str(country).upper()
    params = {"country": str(countries.name(country) or country),
              "example": phone_example(country)}
    text = str(value).strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    hidden = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf")), None)
    if hidden is not None:
        # phonenumbers would drop a right-to-left override silently; what is stored must be
        # what the person sees, so it is refused, naming the character.
        raise ValidationError(
            _("Remove the invisible character %(character)s from the phone number: type only "
              "digits, spaces, +, - and parentheses."),
            code="invisible_character", params={"character": f"U+{ord(hidden):04X}"})
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("This is not a phone number. Enter it as you would dial it in %(country)s, "
              "e.g. %(example)s."), code="invalid_phone", params=params) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is not valid in %(country)s (example: %(example)s)."),
            code="invalid_phone", params=params)
    if phonenumbers.region_code_for_number(number) != country:
        raise ValidationError(
            _("This is not a phone number in %(country)s (example: %(example)s)."),
            code="wrong_country", params=params)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_national(e164: str) -> str:
    """+4930123456 → '030 123456'; anything unparseable is returned as it is."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
