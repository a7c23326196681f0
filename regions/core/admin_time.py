"""Changelist columns that show a time in the active time zone with its label, such as
"2026-12-02 14:05 CET" (the operator's region zone: regions.core.middleware)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.contrib import admin
from django.utils import dateformat, timezone

FORMAT = "Y-m-d H:i T"


def labelled_time(value: datetime | None) -> str:
    if value is None:
        return "—"
    return dateformat.format(timezone.localtime(value), FORMAT)


def time_column(field: str, description: str) -> Callable[[object], str]:
    """A list_display entry for the datetime `field`, sortable by it."""

    @admin.display(description=description, ordering=field)
    def column(obj: object) -> str:
        return labelled_time(getattr(obj, field))

    column.__name__ = f"{field}_labelled"
    return column
