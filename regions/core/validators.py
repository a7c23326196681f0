"""Validators for the codes the region framework stores. One place for each rule."""

import re
import zoneinfo
from functools import cache

import langcodes
from django.core.exceptions import ValidationError
from django_countries import countries
from moneyed import CurrencyDoesNotExist, get_currency

REGION_CODE_RE = re.compile(r"^[a-z]{2,8}$")


def validate_region_code(value: str) -> None:
    if not REGION_CODE_RE.fullmatch(value or ""):
        raise ValidationError(
            "“%(value)s” is not a region code: use 2 to 8 lowercase letters, such as “eu”.",
            code="invalid_region_code",
            params={"value": value},
        )


COUNTRY_CODE_MESSAGE = (
    "“%(value)s” is not an ISO 3166-1 alpha-2 country code (two capital letters, such as “DE”)."
)
# For CountryField, whose choice check runs before (and instead of) field validators.
COUNTRY_FIELD_ERRORS = {"invalid_choice": COUNTRY_CODE_MESSAGE}


def validate_country_code(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 2 and value.isupper() and value in countries):
        raise ValidationError(
            COUNTRY_CODE_MESSAGE,
            code="invalid_country_code",
            params={"value": value},
        )


def validate_currency_code(value: str) -> None:
    try:
        if not (isinstance(value, str) and len(value) == 3 and value.isupper()):
            raise CurrencyDoesNotExist(value)
        get_currency(value)
    except CurrencyDoesNotExist:
        raise ValidationError(
            "“%(value)s” is not an ISO 4217 currency code (three capital letters, such as “EUR”).",
            code="invalid_currency_code",
            params={"value": value},
        ) from None


def validate_language_tag(value: str) -> None:
    """A well-formed BCP 47 tag whose subtags are all registered, in its canonical case."""
    ok = isinstance(value, str) and langcodes.tag_is_valid(value)
    if ok:
        ok = langcodes.Language.get(value).is_valid() and value == canonical_language_tag(value)
    if not ok:
        raise ValidationError(
            "“%(value)s” is not a BCP 47 language tag (such as “de”, “de-AT” or “zh-Hans”).",
            code="invalid_language_tag",
            params={"value": value},
        )


def canonical_language_tag(value: str) -> str:
    """`DE-at` → `de-AT`: the case BCP 47 recommends, without changing the subtags."""
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in _timezones():
        raise ValidationError(
            "“%(value)s” is not an IANA time zone (such as “Europe/Berlin”).",
            code="invalid_timezone",
            params={"value": value},
        )


def validate_regex(value: str) -> None:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValidationError(
            "“%(value)s” is not a valid regular expression: %(reason)s.",
            code="invalid_regex",
            params={"value": value, "reason": exc},
        ) from None
