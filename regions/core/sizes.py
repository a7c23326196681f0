"""Sizes as people read them: limits in messages are in MB ("at most 60 MB"), never in bytes
(62914560)."""

import math

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

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


def read_within_limit(upload, limit: int, *, over_size: str, over_read: str) -> bytes:
    """Every byte of `upload` (rewound afterwards), refused with a ValidationError in MB when its
    announced size or what is read passes `limit`, or when it is empty. `over_size` takes
    %(size)s and %(limit)s, `over_read` %(limit)s: each upload names what it refuses."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        # Refused before a byte is read: a huge upload must not cost reading or parsing time.
        raise ValidationError(over_size, code="too_large",
                              params={"size": megabytes(size, round_up=True),
                                      "limit": megabytes(limit)})
    try:
        upload.seek(0)
        data = upload.read(limit + 1)
    finally:
        upload.seek(0)
    if len(data) > limit:
        raise ValidationError(over_read, code="too_large", params={"limit": megabytes(limit)})
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data
