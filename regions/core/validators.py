"""Validators for the codes the region framework stores. One place for each rule."""

import re
import unicodedata
import zoneinfo
from functools import cache

import langcodes
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
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


def is_well_formed_language_tag(value: object) -> bool:
    """BCP 47 syntax (RFC 5646), any case: `de-XX-invalid-tag-` is not read as `de`."""
    return (isinstance(value, str) and value.isascii() and "_" not in value
            and langcodes.tag_is_valid(value))


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


# --- Values that arrive from outside: ids, free text ----------------------------------------

# BigAutoField's range, the ids' column on SQLite and PostgreSQL: a larger number would not
# even reach the database (OverflowError), so it is refused as not an id.
MAX_ID = 9_223_372_036_854_775_807
# Line breaks (with the CR of a form's CRLF) and tabs are text; other C0/C1 controls are not:
# PostgreSQL refuses NUL in text, and the rest hide or garble what people read.
ALLOWED_CONTROL_CHARACTERS = frozenset("\t\n\r")
SHOWN_LENGTH = 40


def parse_object_id(value: object) -> int | None:
    """An id given as a JSON integer or a string of digits, from 1 to MAX_ID; else None
    (never a bool, a float or 2.5)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 1 <= value <= MAX_ID:
        return value
    return None


def validate_object_id(value: object) -> int:
    number = parse_object_id(value)
    if number is None:
        raise ValidationError(
            _("“%(value)s” is not an id: give a whole number from 1 to %(max)s."),
            code="invalid_id", params={"value": shown(value), "max": MAX_ID})
    return number


def control_characters(value: str) -> list[tuple[int, str]]:
    """(1-based position, character) of each control character other than tab and newline."""
    return [(position, character) for position, character in enumerate(value, start=1)
            if unicodedata.category(character) == "Cc"
            and character not in ALLOWED_CONTROL_CHARACTERS]


def validate_text(value: str, *, max_length: int | None = None) -> None:
    """Free text from a person: no control characters except tab and newline, at most
    `max_length` characters. The message names the first bad character by its code point,
    never echoing it."""
    found = control_characters(value)
    if found:
        position, character = found[0]
        raise ValidationError(
            _("Remove the control character %(character)s at position %(position)s: text may "
              "hold line breaks and tabs but no other control characters."),
            code="control_character",
            params={"character": f"U+{ord(character):04X}", "position": position})
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            _("Enter at most %(max)s characters (this has %(length)s)."),
            code="max_length", params={"max": max_length, "length": len(value)})


def without_control_characters(value: str) -> str:
    """`value` to put back into a form field after an error: what the person typed, minus the
    characters that were refused."""
    return "".join(c for c in value if unicodedata.category(c) != "Cc"
                   or c in ALLOWED_CONTROL_CHARACTERS)


def shown(value: object, limit: int = SHOWN_LENGTH) -> str:
    """`value` as it may be quoted back in a message: control characters written as U+XXXX,
    cut to `limit` characters, so that an error never echoes what it refuses."""
    text = str(value)
    cut = text[:limit]
    cleaned = "".join(f"U+{ord(c):04X}" if unicodedata.category(c) == "Cc" else c for c in cut)
    return cleaned + ("…" if len(text) > limit else "")
