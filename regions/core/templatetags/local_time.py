"""{% load local_time %}{% current_zone_name %}: the active time zone's name now, in the
page's language (regions/core/local_time.py), for the admin's "Times in ..." label;
{{ moment|labelled_time }}: a time as the admin's changelists show it."""

from datetime import datetime

from django import template

from regions.core.admin_time import current_zone_name as zone_name_now
from regions.core.admin_time import labelled_time

register = template.Library()


@register.simple_tag
def current_zone_name() -> str:
    return zone_name_now()


@register.filter(name="labelled_time")
def labelled_time_filter(value: datetime | None) -> str:
    """{{ record.history_date|labelled_time }}: as the changelists show times."""
    return labelled_time(value)
