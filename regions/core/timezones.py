"""The time zone a region's ops work in, asked of its pack: `[pack] timezone` in pack.toml
(the EU's ops read Brussels time), else the time zone of the pack's first country. Core code
never maps region codes to zones itself."""

from __future__ import annotations

import functools
import zoneinfo

from regions.core.models import Country
from regions.core.packs import PackError, installed_packs

UTC = "UTC"


def region_time_zone(region_code: str) -> str:
    """IANA name, such as "Europe/Brussels"; UTC for a region no pack or country places."""
    declared = _declared_time_zone(region_code)
    if declared:
        return declared
    country = Country.objects.filter(region__code=region_code).order_by("code").first()
    return country.timezone if country is not None else UTC


@functools.cache
def _declared_time_zone(region_code: str) -> str | None:
    pack = installed_packs().get(region_code)
    if pack is None:
        return None
    try:
        data = pack.read_data()
    except PackError:
        return None  # regions.E003 names the unreadable pack
    name = data["pack"].get("timezone") or next(
        (c.get("timezone") for c in data.get("countries", []) if isinstance(c, dict)), None)
    if not isinstance(name, str) or name not in zoneinfo.available_timezones():
        return None
    return name


def operator_time_zone(region_codes: list[str]) -> str:
    """The zone of an operator's regions when they share one; UTC when they differ (an
    operator of the EU and the UK reads UTC, labelled, rather than one region's time)."""
    zones = {region_time_zone(code) for code in region_codes}
    return zones.pop() if len(zones) == 1 else UTC
