"""Registration numbers as a plug-in per market: tax registrations (VAT, GST, JCT, TRN) and
company registers, each described by a `RegistrationScheme` that a region pack supplies.

Core code never knows a country's numbers: it asks the installed packs
(`RegionPackConfig.registration_schemes()`) and refuses a bad number with the same words in
checkout, the supplier portal and the admin: what the number is called, for which country, and
a valid example, in the active language.

A scheme's `validator` checks format and check digits offline and returns the compact form; it
may raise python-stdnum's exceptions (turned into messages here) or a Django ValidationError
with its own words. An optional `confirm` hook asks a registry online (the EU pack's VIES) and
must fail closed: when the registry cannot answer, it raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from stdnum import exceptions as stdnum_errors

SchemeKind = Literal["tax", "company"]
KINDS: tuple[SchemeKind, ...] = ("tax", "company")
# Codes of ValidationErrors that say the value looked like this scheme's number (a check digit,
# a prefix or program account that does not fit); with several schemes for a country, these
# explain a refusal better than "not the format" of another scheme.
_SPECIFIC_CODES = ("invalid_checksum", "wrong_country", "wrong_scheme", "invalid_length")
_MAX_UNCHECKED_LENGTH = 40


class WrongScheme(stdnum_errors.InvalidFormat):
    """Raised by a validator for a number of another scheme of the same country (a corporate
    number without the T of an invoice registration, a BN's income tax account instead of the
    GST/HST one): refused with what is expected and an example."""

    message = "The number is of another scheme."


def compact(value: str) -> str:
    """Spaces, dots, dashes and slashes removed, upper case: how people type numbers."""
    return re.sub(r"[\s.\-/]", "", str(value)).upper()


@dataclass(frozen=True)
class RegistrationScheme:
    """One kind of number of one country, as a pack describes it."""

    code: str                          # unique, dotted: "eu.vat.de", "jp.tnumber", "ca.bn.rt"
    country: str                       # ISO 3166-1 alpha-2 of the companies that hold it
    kind: SchemeKind                   # "tax" registration or "company" register
    label: str | Promise               # what it is called, translatable: "ABN", "VAT ID"
    example: str                       # a valid number, in normalized form
    validator: Callable[[str], str]    # format + check digits; returns the normalized number
    normalizer: Callable[[str], str] = compact   # without checking: for display and matching
    reverse_charge: bool = False       # a valid number lets a business buyer be invoiced
                                       # without this tax (reverse charge, B2B zero-rating)
    on_invoice: bool = False           # printed on (pro-forma) invoices
    required: bool = False             # every company of the country must give one
    confirm: Callable[[str], None] | None = None  # online check after `validate`; fails closed

    def normalize(self, value: str) -> str:
        """The number in the form it is stored in, without checking it."""
        return self.normalizer(str(value))

    def validate(self, value: str) -> str:
        """The normalized number, or a ValidationError naming this scheme, the country and the
        example, in the active language. Offline: `confirm` is the caller's next step."""
        try:
            return self.validator(str(value))
        except stdnum_errors.ValidationError as exc:
            raise stdnum_error(exc, self) from None

    def check(self, value: str) -> str:
        """`validate`, then the scheme's online confirmation when it has one."""
        number = self.validate(value)
        if self.confirm is not None:
            self.confirm(number)
        return number


def country_name(country: str) -> str:
    return str(countries.name(country) or country)


def format_error(scheme: RegistrationScheme, *, code: str = "invalid_format") -> ValidationError:
    """The refusal for a number that does not have the scheme's format (or is another scheme's
    number): names what is expected, with a valid example."""
    return ValidationError(
        _("This is not a valid %(what)s for %(country)s (example: %(example)s)."),
        code=code, params=_params(scheme))


def stdnum_error(exc: stdnum_errors.ValidationError,
                 scheme: RegistrationScheme) -> ValidationError:
    """python-stdnum's exception as a message a person understands."""
    if isinstance(exc, WrongScheme):
        return format_error(scheme, code="wrong_scheme")
    if isinstance(exc, stdnum_errors.InvalidLength):
        return ValidationError(
            _("This %(what)s has the wrong number of characters for %(country)s "
              "(example: %(example)s)."), code="invalid_length", params=_params(scheme))
    if isinstance(exc, stdnum_errors.InvalidChecksum):
        return ValidationError(
            _("This %(what)s is not valid: its check digit does not match. Please check it "
              "for typing errors (example of a valid number: %(example)s)."),
            code="invalid_checksum", params=_params(scheme))
    return format_error(scheme)


def _params(scheme: RegistrationScheme) -> dict[str, str]:
    return {"what": str(scheme.label), "country": country_name(scheme.country),
            "example": scheme.example}


def pattern_validator(regex: str) -> Callable[[str], str]:
    """For numbers without check digits: the compact form must match `regex` in full."""
    compiled = re.compile(regex)

    def validate(value: str) -> str:
        number = compact(value)
        if not compiled.fullmatch(number):
            raise stdnum_errors.InvalidFormat()
        return number
    return validate


def prefixed_vat_validator(country: str, prefix: str, validate_body: Callable[[str], str],
                           *, accepted_prefixes: Iterable[str] = ()) -> Callable[[str], str]:
    """EU-style VAT numbers: the country prefix is optional when typing (added from the
    country), another country's prefix is refused as such. `validate_body` checks the part
    after the prefix and returns it compact. `accepted_prefixes` are other prefixes of the same
    registration (XI: Northern Ireland traders hold UK VAT numbers)."""
    own = {prefix, *accepted_prefixes}

    def validate(value: str) -> str:
        number = compact(value)
        given = prefix
        if re.match(r"^[A-Z]{2}", number):
            given, number = number[:2], number[2:]
            if given not in own:
                raise ValidationError(
                    _("This VAT ID starts with %(given)s, but the company is in %(country)s: "
                      "its VAT ID starts with %(prefix)s."), code="wrong_country",
                    params={"given": given, "country": country_name(country),
                            "prefix": prefix})
        return given + validate_body(number)
    return validate


def prefixed_normalizer(prefix: str) -> Callable[[str], str]:
    """Compact, with the prefix added when the number was typed without one."""
    def normalize(value: str) -> str:
        number = compact(value)
        return number if re.match(r"^[A-Z]{2}", number) else prefix + number
    return normalize


# --- Lookups: what the installed packs provide -------------------------------------------------

def registration_schemes() -> tuple[RegistrationScheme, ...]:
    """Every scheme of every installed pack, in pack order."""
    from regions.core.packs import installed_packs

    return tuple(scheme for pack in installed_packs().values()
                 for scheme in pack.registration_schemes())


def schemes_for(country: str, kind: SchemeKind | None = None) -> list[RegistrationScheme]:
    """The schemes of the country (of one kind), the pack's main one first."""
    country = str(country).upper()
    return [scheme for scheme in registration_schemes()
            if scheme.country == country and (kind is None or scheme.kind == kind)]


def tax_id_scheme(country: str) -> RegistrationScheme | None:
    """The country's main tax registration (the one forms show an example of)."""
    return next(iter(schemes_for(country, "tax")), None)


def company_id_scheme(country: str) -> RegistrationScheme | None:
    """The country's company register number, if a pack describes it."""
    return next(iter(schemes_for(country, "company")), None)


def tax_id_required(country: str) -> bool:
    """Whether a company of the country must give its tax registration (the EU's VAT ID:
    reverse charge depends on it)."""
    return any(scheme.required for scheme in schemes_for(country, "tax"))


def tax_id_label(country: str) -> str | Promise:
    """What the country's main tax registration is called ("VAT ID" where no pack says)."""
    scheme = tax_id_scheme(country)
    return scheme.label if scheme else _("VAT ID")


def tax_id_example(country: str) -> str:
    scheme = tax_id_scheme(country)
    return scheme.example if scheme else ""


def find_tax_scheme(country: str, number: str) -> RegistrationScheme | None:
    """Which of the country's tax schemes a valid, normalized number belongs to."""
    for scheme in schemes_for(country, "tax"):
        try:
            if scheme.validate(number) == number:
                return scheme
        except ValidationError:
            continue
    return None


def normalize_tax_id(country: str, value: str) -> str:
    """The number as the country's main tax scheme stores it, unchecked (a prefix added, spaces
    removed): to show or compare a number that could not be confirmed."""
    scheme = tax_id_scheme(country)
    return scheme.normalize(value) if scheme else compact(value)


def validate_tax_id(country: str, value: str, *, confirm: bool = True) -> str:
    """The normalized tax registration number of a company in `country`, or a ValidationError
    in the active language that names the expected number and an example."""
    return check_tax_id(country, value, confirm=confirm)[1]


def check_tax_id(country: str, value: str, *,
                 confirm: bool = True) -> tuple[RegistrationScheme, str]:
    """(scheme, normalized number): like `validate_tax_id`, and says which scheme matched, so
    that callers can read its flags (reverse charge, invoices)."""
    country = str(country).upper()
    schemes = schemes_for(country, "tax")
    if not schemes:
        raise ValidationError(
            _("Companies in %(country)s have no VAT ID we can check; leave this field empty."),
            code="unsupported_country", params={"country": country_name(country)})
    if not compact(value):
        raise ValidationError(_("Enter a VAT ID."), code="required")
    scheme, number = _first_valid(schemes, value)
    if confirm and scheme.confirm is not None:
        scheme.confirm(number)
    return scheme, number


def validate_company_id(country: str, value: str) -> str:
    """The country's company registration number, checked where a pack describes the country's
    register (with check digits where it has them); other numbers are kept as entered."""
    value = " ".join(str(value).split())
    if not value:
        raise ValidationError(_("Enter the company registration number."), code="required")
    schemes = schemes_for(country, "company")
    if not schemes:
        if len(value) > _MAX_UNCHECKED_LENGTH:
            raise ValidationError(_("Enter at most 40 characters."), code="invalid_length")
        return value
    return _first_valid(schemes, value)[1]


def _first_valid(schemes: Sequence[RegistrationScheme],
                 value: str) -> tuple[RegistrationScheme, str]:
    """The first scheme that accepts the value; else the most telling refusal: a check digit
    or prefix that does not fit one scheme says more than "not the format" of another."""
    refusals: list[ValidationError] = []
    for scheme in schemes:
        try:
            return scheme, scheme.validate(value)
        except ValidationError as exc:
            refusals.append(exc)
    for code in _SPECIFIC_CODES:
        for refusal in refusals:
            if refusal.code == code:
                raise refusal
    raise refusals[0]


# --- Checking what packs return (manage.py check) ----------------------------------------------

def scheme_problems(schemes: object) -> list[str]:
    """What is wrong with a pack's `registration_schemes()` answer, in words; [] when fine."""
    if isinstance(schemes, (str, bytes)) or not isinstance(schemes, Iterable):
        return [f"registration_schemes() returned {type(schemes).__name__}, not a sequence of "
                "RegistrationScheme"]
    problems = []
    for scheme in schemes:
        if not isinstance(scheme, RegistrationScheme):
            problems.append(f"registration_schemes() returned {scheme!r}, not a "
                            "RegistrationScheme")
            continue
        if scheme.kind not in KINDS:
            problems.append(f"scheme {scheme.code!r} has kind {scheme.kind!r}; use one of "
                            f"{', '.join(KINDS)}")
        if not re.fullmatch(r"[A-Z]{2}", scheme.country) or scheme.country not in countries:
            problems.append(f"scheme {scheme.code!r} has country {scheme.country!r}, not an "
                            "ISO 3166-1 alpha-2 code")
        try:
            normalized = scheme.validate(scheme.example)
        except ValidationError as exc:
            problems.append(f"scheme {scheme.code!r}: its example {scheme.example!r} is refused "
                            f"({'; '.join(exc.messages)})")
        else:
            if normalized != scheme.example:
                problems.append(f"scheme {scheme.code!r}: its example {scheme.example!r} is not "
                                f"in normalized form ({normalized!r})")
    return problems
