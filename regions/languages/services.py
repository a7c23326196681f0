"""Which languages a market offers, and the order in which to fall back between them."""

from collections.abc import Iterable

from regions.core.models import Country, Region
from regions.languages.models import RegionLanguage


def parent_tags(tag: str) -> list[str]:
    """`zh-Hans-CN` → [`zh-Hans-CN`, `zh-Hans`, `zh`]."""
    parts = tag.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def fallback_chain(
    requested: str, *, region_default: str | None = None, source_language: str | None = None
) -> list[str]:
    """The languages to try, best first: `de-AT` → `de` → region default → listing source."""
    chain: list[str] = []
    for candidate in (
        *parent_tags(requested),
        *(parent_tags(region_default) if region_default else ()),
        *(parent_tags(source_language) if source_language else ()),
    ):
        if candidate not in chain:
            chain.append(candidate)
    return chain


def offered_languages(region: Region, country: Country | None = None) -> list[str]:
    """The region-wide languages plus the country's own, in display order."""
    rows = RegionLanguage.objects.filter(region=region)
    if country is not None:
        rows = rows.filter(country__isnull=True) | rows.filter(country=country)
    else:
        rows = rows.filter(country__isnull=True)
    return _unique(row.language for row in rows.order_by("position", "language"))


def offered_languages_by_country(regions: Iterable[Region]) -> dict[int, list[str]]:
    """`offered_languages` for every country of `regions` (countries prefetched), in one query."""
    regions = list(regions)
    rows = list(RegionLanguage.objects.filter(region__in=regions)
                .order_by("position", "language"))
    return {
        country.pk: _unique(row.language for row in rows
                            if row.region_id == region.pk and row.country_id in (None, country.pk))
        for region in regions
        for country in region.countries.all()
    }


def default_language(region: Region, country: Country | None = None,
                     subdivision: str = "") -> str | None:
    """The subdivision's default language (French in CA-QC), else the country's, else the
    region's."""
    if country is not None and subdivision:
        for row in RegionLanguage.objects.filter(country=country).exclude(
                default_in_subdivisions=[]):
            if subdivision in row.default_in_subdivisions:
                return row.language
    if country is not None and country.default_language:
        return country.default_language
    row = RegionLanguage.objects.filter(
        region=region, country__isnull=True, is_default=True
    ).first()
    return row.language if row else None


def negotiate(requested: Iterable[str], offered: list[str], default: str | None) -> str | None:
    """The first offered language matching a requested one (or its parents), else `default`."""
    lowered = {tag.lower(): tag for tag in offered}
    for tag in requested:
        for candidate in parent_tags(tag):
            if candidate.lower() in lowered:
                return lowered[candidate.lower()]
    return default


def _unique(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        if tag not in seen:
            seen.append(tag)
    return seen
