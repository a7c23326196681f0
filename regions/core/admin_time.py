"""Changelist columns that show a time in the active time zone with its label, such as
"2026-12-02 14:05 MEZ" (the operator's region zone: regions.core.middleware), the zone named
in the admin's language by the function the buyers' pages use (regions.core.local_time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.contrib import admin
from django.utils import dateformat, timezone

from regions.core.local_time import active_locale, zone_name

# ISO order: compact in a column, and sorts as it reads.
FORMAT = "Y-m-d H:i"


def labelled_time(value: datetime | None) -> str:
    if value is None:
        return "—"
    zone = timezone.get_current_timezone()
    label = zone_name(value, zone, active_locale(), short=True)
    return f"{dateformat.format(timezone.localtime(value, zone), FORMAT)} {label}"


def current_zone_name(short: bool = False) -> str:
    """The active time zone's name now, in the admin's language (the header's label)."""
    return zone_name(timezone.now(), timezone.get_current_timezone(), active_locale(),
                     short=short)


def time_column(field: str, description: str) -> Callable[[object], str]:
    """A list_display entry for the datetime `field`, sortable by it."""

    @admin.display(description=description, ordering=field)
    def column(obj: object) -> str:
        return labelled_time(getattr(obj, field))

    column.__name__ = f"{field}_labelled"
    return column
