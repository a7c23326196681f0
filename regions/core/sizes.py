"""Sizes as people read them: limits in messages are in MB ("at most 60 MB"), never in bytes
(62914560)."""

import math

from django.utils.formats import number_format

MEBIBYTE = 1024 * 1024


def megabytes(size: int, *, round_up: bool = False) -> str:
    """`size` bytes in MB for the active language: "60", "2.5" ("2,5" in German). A limit is
    rounded to the nearest tenth; a size over it rounds up (`round_up`), so that a file just
    over 10 MB reads "10.1 MB", not "10.0 MB"."""
    value = size / MEBIBYTE
    if value == int(value):
        return number_format(int(value), force_grouping=True)
    tenths = math.ceil(value * 10) if round_up else max(round(value * 10), 1)
    if tenths % 10 == 0:
        return number_format(tenths // 10, force_grouping=True)
    return number_format(tenths / 10, decimal_pos=1, force_grouping=True)
