"""Reading a large queryset a chunk at a time, for batch work over the whole catalog.

Keyset pagination (`WHERE pk > last ORDER BY pk LIMIT n`): each chunk costs the same at any
depth (no OFFSET to skip), no server-side cursor stays open across the caller's writes and
commits (SQLite cannot write while one reads), and no list of every id is built first, so
memory holds one chunk whatever the size of the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet


def by_pk(queryset: QuerySet, size: int) -> Iterator[list[Any]]:
    """The rows of `queryset` in primary-key order, `size` at a time. Rows may be model
    instances, `values()` dicts (with "pk") or `values_list()` tuples (the primary key
    first). Rows the caller changes meanwhile are not read again: the next chunk starts after
    the last primary key seen."""
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        last = _pk(rows[-1])


def _pk(row: Any) -> Any:
    if isinstance(row, tuple):
        return row[0]
    if isinstance(row, dict):
        return row["pk"]
    return row.pk
