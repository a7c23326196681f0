"""Which markets the merchant compares: the presets offered, and the ones picked in the query.

Query string: `market=DE-consumer&market=US-business` picks markets (country code + buyer
type); `lang-DE-consumer=en` optionally asks for a language in one of them (empty: the
country's default). The values go to `resolve_market_context` as they are, so a bad value is
reported with the resolver's own message rather than silently dropped.
"""

import re
from dataclasses import dataclass
from itertools import zip_longest

from django.http import QueryDict
from django.utils.translation import gettext as _

from marketplace.preview.labels import BUYER_TYPES, label, language_name
from regions.core.market import MarketContext, MarketContextError, resolve_market_context
from regions.core.models import BuyerType, Country, Region
from regions.core.packs import installed_packs
from regions.languages.services import offered_languages_by_country

# Side by side, more columns than this stop being readable (and each costs queries).
MAX_MARKETS = 8
# The shape of a market key or a language tag. Anything else (NUL bytes, kilobytes of text)
# is refused here, before it reaches a query that a database might reject with a 500.
WELL_FORMED = re.compile(r"[A-Za-z0-9-]{1,35}")


def market_key(country_code: str, buyer_type: str) -> str:
    return f"{country_code}-{buyer_type}"


def language_param(key: str) -> str:
    return f"lang-{key}"


@dataclass(frozen=True)
class MarketChoice:
    """One checkbox of the picker: a country sold to one buyer type."""

    key: str
    buyer_type: str
    buyer_label: str
    selected: bool
    language: str  # the requested language, "" for the country's default
    language_param: str


@dataclass(frozen=True)
class CountryChoices:
    country: Country
    name: str
    default_language: str  # its name, such as "German"
    languages: tuple[tuple[str, str], ...]  # (tag, name) of those offered in the country
    markets: tuple[MarketChoice, ...]


@dataclass(frozen=True)
class RegionChoices:
    region: Region
    countries: tuple[CountryChoices, ...]


@dataclass(frozen=True)
class MarketRequest:
    """A market as the query names it, before resolution."""

    key: str
    country: str
    buyer: str
    language: str


class MarketSelectionError(Exception):
    """A market parameter that cannot be resolved; `message` is shown next to the form."""

    def __init__(self, message: str, *, field: str = "market"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class MarketSelection:
    requests: tuple[MarketRequest, ...]
    # False when the query names no market and the defaults stand in.
    explicit: bool


def default_markets() -> tuple[str, ...]:
    """The markets shown when the query names none: each active region's featured markets
    (its pack's `preview_markets`, else its first country's consumers), taken in turn, one
    of each region before a second of any, up to MAX_MARKETS."""
    packs = installed_packs()
    featured = []
    for region in Region.objects.filter(active=True).prefetch_related("countries"):
        pack = packs.get(region.code)
        keys = tuple(pack.preview_markets) if pack is not None else ()
        if not keys:
            first = next(iter(region.countries.all()), None)
            keys = (market_key(str(first.code), BuyerType.CONSUMER.value),) if first else ()
        featured.append(keys)
    in_turn = [key for round_ in zip_longest(*featured) for key in round_ if key]
    return tuple(dict.fromkeys(in_turn))[:MAX_MARKETS]


def requested_markets(params: QueryDict) -> MarketSelection:
    """The markets in the query, in order and without repeats; the defaults when none."""
    keys = params.getlist("market")
    requests = []
    for key in dict.fromkeys(key.strip() for key in keys or default_markets()):
        country, _sep, buyer = key.partition("-")
        requests.append(MarketRequest(key=key, country=country, buyer=buyer,
                                      language=params.get(language_param(key), "").strip()))
    return MarketSelection(tuple(requests), explicit=bool(keys))


def resolve(selection: MarketSelection) -> list[MarketContext]:
    """Each requested market as a market context. Defaults that this installation lacks (no
    US pack, say) are skipped; a market the merchant asked for that cannot be resolved is an
    error."""
    if len(selection.requests) > MAX_MARKETS:
        raise MarketSelectionError(
            _("Choose at most %(max)s markets to compare.") % {"max": MAX_MARKETS})
    markets = []
    for request in selection.requests:
        _check_shape(request)
        try:
            markets.append(resolve_market_context(
                country=request.country or None, buyer=request.buyer or None,
                language=request.language or None))
        except MarketContextError as exc:
            if not selection.explicit:
                continue
            raise MarketSelectionError(
                _("Market “%(market)s”: %(problem)s") % {"market": request.key,
                                                         "problem": exc.message},
                field=exc.field) from exc
    if not markets:
        raise MarketSelectionError(_("Choose at least one market."))
    return markets


def _check_shape(request: MarketRequest) -> None:
    if not WELL_FORMED.fullmatch(request.key):
        raise MarketSelectionError(
            _("“%(value)s” is not a market such as “DE-consumer”.") % {
                "value": request.key[:40]})
    if request.language and not WELL_FORMED.fullmatch(request.language):
        raise MarketSelectionError(
            _("“%(value)s” is not a language tag such as “de” or “en-GB”.") % {
                "value": request.language[:40]}, field="lang")


def market_choices(selection: MarketSelection) -> list[RegionChoices]:
    """Every active region's countries by buyer type, with the requested ones ticked."""
    requested = {request.key: request for request in selection.requests}
    regions = list(Region.objects.filter(active=True).prefetch_related("countries"))
    offered = offered_languages_by_country(regions)
    choices = []
    for region in regions:
        countries = []
        for country in region.countries.all():
            markets = []
            for buyer_type in (BuyerType.CONSUMER, BuyerType.BUSINESS):
                key = market_key(str(country.code), buyer_type.value)
                request = requested.get(key)
                markets.append(MarketChoice(
                    key=key, buyer_type=buyer_type.value,
                    buyer_label=label(BUYER_TYPES, buyer_type.value),
                    selected=request is not None,
                    language=request.language if request else "",
                    language_param=language_param(key)))
            countries.append(CountryChoices(
                country=country, name=str(country.code.name),
                default_language=language_name(country.default_language),
                languages=tuple((tag, language_name(tag))
                                for tag in offered[country.pk]),
                markets=tuple(markets)))
        choices.append(RegionChoices(region=region, countries=tuple(countries)))
    return choices
