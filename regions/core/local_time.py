"""A moment as a person reads it: in a time zone, named in their language from CLDR (Babel).
One place for every page that shows a time with its zone: the buyer's quote and invoice
(marketplace.checkout.documents) and the ops admin's columns and header (admin_time).

Which CLDR name: the abbreviation the locale's readers use, where CLDR records one ("MEZ" in
German, "GMT" and "CET" in British English, "JST" in Japanese, "EST" in American English);
else the zone's long specific name ("Golf-Zeit", "توقيت الخليج", "heure du Golfe"), which
says standard or summer time too. Never the bare "+0400" that CLDR's short form falls back
to. Where space is short (admin columns) the fallback is CLDR's localized GMT offset
instead ("GMT+04:00", "غرينتش+04:00")."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_timezone_gmt, get_timezone_name
from django.utils.translation import get_language, to_locale

FALLBACK_LOCALE = "en"


def zone_name(moment: datetime, zone: tzinfo | str, locale: Locale | str, *,
              short: bool = False) -> str:
    """The name of `zone` at `moment` (standard or summer time) in `locale`."""
    local = moment.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)
    locale = Locale.parse(locale)
    abbreviation = get_timezone_name(local, "short", locale=locale)
    # Without an abbreviation for this locale CLDR answers the ISO offset ("+0400").
    if abbreviation != get_timezone_gmt(local, "short", locale=locale):
        return abbreviation
    if short:
        return get_timezone_gmt(local, "long", locale=locale)
    return get_timezone_name(local, "long", locale=locale)


def local_datetime(moment: datetime, zone: tzinfo | str, locale: Locale | str) -> str:
    """A moment in `zone`, in the locale's medium date-time format, to the minute, with the
    zone named: "02.12.2026, 22:57 MEZ", "2 Dec 2026, 21:57 GMT"."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    locale = Locale.parse(locale)
    time = format_time(moment, "short", tzinfo=zone, locale=locale)
    day = format_date(moment.astimezone(zone), "medium", locale=locale)
    return locale.datetime_formats["medium"].format(
        f"{time} {zone_name(moment, zone, locale)}", day)


def active_locale() -> Locale:
    """The Babel locale of the active Django language (English where Babel has none)."""
    try:
        return Locale.parse(to_locale(get_language() or FALLBACK_LOCALE))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LOCALE)
