"""The market context: (region, country, subdivision, postal code, language, buyer type),
resolved once at the edge.

Front doors (API, pages, checkout) call `market_context_from_request` and pass the result
down; nothing below them reads the request again.
"""

from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_supported_language_variant, override
from django.utils.translation import gettext as _

from regions.core.addresses import validate_postal_code
from regions.core.models import BuyerType, Country, Region
from regions.core.subdivisions import validate_subdivision
from regions.core.validators import (
    canonical_language_tag,
    is_well_formed_language_tag,
    shown,
    validate_text,
)
from regions.languages.services import default_language, negotiate, offered_languages

BUYER_ALIASES = {
    "business": BuyerType.BUSINESS,
    "b2b": BuyerType.BUSINESS,
    "consumer": BuyerType.CONSUMER,
    "b2c": BuyerType.CONSUMER,
}


@dataclass(frozen=True)
class MarketContext:
    region: Region
    country: Country
    language: str
    buyer_type: BuyerType
    # ISO 3166-2 of the delivery address (CA-QC, US-NY), "" when not known: tax may vary by it.
    subdivision: str = ""
    # The delivery address's postal code, "" when not known: local tax rates may vary by it.
    postal_code: str = ""

    @property
    def currency(self) -> str:
        return self.country.currency


class MarketContextError(ValueError):
    """A market parameter that cannot be resolved; `field` names the parameter, `code` is the
    stable machine-readable reason (the validator's, else "invalid") that the API reports."""

    def __init__(self, field: str, message: str, code: str = "invalid"):
        self.field = field
        self.message = message
        self.code = code
        super().__init__(f"{field}: {message}")


def resolve_market_context(
    *,
    region: str | None = None,
    country: str | None = None,
    language: str | None = None,
    buyer: str | None = None,
    accept_language: str = "",
    subdivision: str | None = None,
    postal_code: str | None = None,
) -> MarketContext:
    # Errors speak the requested language when it is one of the UI's, else the active one
    # (Accept-Language): the market, whose language is the fallback, is what failed.
    ui = ui_language(language)
    with override(ui) if ui else nullcontext():
        return _resolve(region=region, country=country, language=language, buyer=buyer,
                        accept_language=accept_language, subdivision=subdivision,
                        postal_code=postal_code)


def ui_language(requested: str | None) -> str | None:
    """The UI language closest to `requested` (de-AT → de), or None."""
    if not requested or not is_well_formed_language_tag(requested):
        return None
    try:
        return get_supported_language_variant(requested.lower())
    except LookupError:
        return None


def _resolve(*, region: str | None, country: str | None, language: str | None,
             buyer: str | None, accept_language: str, subdivision: str | None,
             postal_code: str | None) -> MarketContext:
    _check_text(region=region, country=country, lang=language, buyer=buyer,
                subdivision=subdivision, postal_code=postal_code)
    country_row = _country(country) if country else None
    region_row = _region(region) if region else (country_row.region if country_row else None)
    if region_row is None:
        raise MarketContextError("region", _("Name a region (such as “eu”) or a country."))
    if country_row is None:
        country_row = _only_country(region_row)
    elif country_row.region_id != region_row.pk:
        raise MarketContextError(
            "country",
            _("%(country)s is not in region “%(region)s” (it belongs to “%(other)s”); "
              "countries of “%(region)s”: %(countries)s.") % {
                "country": country_row.code, "region": region_row.code,
                "other": country_row.region.code, "countries": _country_codes(region_row)},
        )
    country_code = str(country_row.code)
    subdivision_code = _validated("subdivision", validate_subdivision, subdivision,
                                  country_code) if subdivision else ""
    return MarketContext(
        region=region_row,
        country=country_row,
        language=_language(region_row, country_row, subdivision_code, language,
                           accept_language),
        buyer_type=_buyer_type(buyer),
        subdivision=subdivision_code,
        postal_code=_validated("postal_code", validate_postal_code, postal_code, country_code,
                               subdivision_code) if postal_code else "",
    )


def _check_text(**values: str | None) -> None:
    """A control character (NUL) in a parameter is refused before it reaches a query:
    PostgreSQL cannot even compare it."""
    for field, value in values.items():
        _validated(field, validate_text, value or "")


def _validated(field: str, validate: Callable[..., Any], *args: str) -> Any:
    """`validate(*args)`, its ValidationError as the MarketContextError of `field`."""
    try:
        return validate(*args)
    except ValidationError as exc:
        raise MarketContextError(field, exc.messages[0],
                                 exc.error_list[0].code or "invalid") from None


def market_context_from_request(request: HttpRequest) -> MarketContext:
    """From query parameters `region`, `country`, `subdivision`, `postal_code`, `lang`, `buyer`
    and Accept-Language."""
    params: Mapping[str, str] = request.GET
    return resolve_market_context(
        region=params.get("region") or None,
        country=params.get("country") or None,
        language=params.get("lang") or None,
        buyer=params.get("buyer") or None,
        accept_language=request.headers.get("Accept-Language", ""),
        subdivision=params.get("subdivision") or None,
        postal_code=params.get("postal_code") or None,
    )


def parse_accept_language(header: str) -> list[str]:
    """Language tags from an Accept-Language header, best first (q=0 and `*` dropped)."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0 and is_well_formed_language_tag(tag):
            weighted.append((-quality, position, canonical_language_tag(tag)))
    return [tag for _, _, tag in sorted(weighted)]


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code.lower(), active=True).first()
    if region is None:
        active = ", ".join(Region.objects.filter(active=True).values_list("code", flat=True))
        raise MarketContextError("region", _("No active region “%(value)s” (active: %(active)s).")
                                 % {"value": shown(code), "active": active})
    return region


def _country(code: str) -> Country:
    country = Country.objects.select_related("region").filter(code=code.upper()).first()
    if country is None or not country.region.active:
        sold_to = ", ".join(
            str(c) for c in Country.objects.filter(region__active=True)
            .order_by("code").values_list("code", flat=True))
        raise MarketContextError("country", _(
            "“%(value)s” is not a country any region sells to (they are: %(countries)s).") % {
            "value": shown(code), "countries": sold_to})
    return country


def _only_country(region: Region) -> Country:
    countries = list(region.countries.all()[:2])
    if len(countries) == 1:
        return countries[0]
    raise MarketContextError("country", _("Name a country of region “%(region)s”: "
                                          "%(countries)s.") % {
        "region": region.code, "countries": _country_codes(region)})


def _country_codes(region: Region) -> str:
    return ", ".join(str(c) for c in region.countries.order_by("code")
                     .values_list("code", flat=True))


def _language(region: Region, country: Country, subdivision: str, requested: str | None,
              header: str) -> str:
    """`lang`, else the best of Accept-Language, else the subdivision's, country's or region's
    default: what the buyer asks for wins over where they are."""
    offered = offered_languages(region, country)
    fallback = default_language(region, country, subdivision)
    if requested:
        if not is_well_formed_language_tag(requested):
            raise MarketContextError("lang", _(
                "“%(value)s” is not a well-formed BCP 47 language tag (such as “de”, “de-AT” "
                "or “zh-Hans”); offered: %(offered)s.") % {
                "value": shown(requested), "offered": ", ".join(offered)})
        chosen = negotiate([canonical_language_tag(requested)], offered, None)
        if chosen is None:
            raise MarketContextError("lang", _(
                "“%(value)s” is not offered in %(country)s; offered: %(offered)s.") % {
                "value": shown(requested), "country": country.code.name,
                "offered": ", ".join(offered)})
        return chosen
    chosen = negotiate(parse_accept_language(header), offered, fallback)
    return chosen or fallback or "en"


def _buyer_type(value: str | None) -> BuyerType:
    if not value:
        return BuyerType.CONSUMER
    try:
        return BUYER_ALIASES[value.lower()]
    except KeyError:
        raise MarketContextError("buyer", _(
            "“%(value)s” is not a buyer type; use “business” or “consumer”.") % {
            "value": shown(value)}) from None
