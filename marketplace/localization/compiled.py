"""The listings of a `ListingFilter`, with their suppliers, from SQL compiled once per filter.

Django compiles a queryset to SQL on every evaluation: for the localized list's page and its
count that was ~0.6 ms a request, and building the page's model instances through the ORM's
iterator another ~0.4 ms, together a fifth of the request (issue 14: the list at half the
trivial endpoint's throughput), for SQL that is the same on every request with the same
filter. So the list's SQL is compiled by Django itself, from the filter's own queryset, on a
filter's first request in a process, and kept (an LRU of `KEPT` filters); later requests only
run it. The filter holds every input of its queryset, so equal filters mean equal SQL, and
whatever the queryset says (visibility, search) stays said in one place.

    listings = CompiledListings(listing_filter)  # what Django's Paginator takes
    listings.count(); listings[40:60]           # two statements, nothing compiled
    listings.read_ahead(40, 60)                 # or one: each row carries the count

Rows become models as the ORM's iterator makes them (`from_db`, the fields' converters, the
supplier cached on its listing as `select_related` caches it), so `page.read` and `localize`
take them like any fetched page; only the timestamps are left deferred (see `_shown`).
"""

from functools import lru_cache
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateTimeField, IntegerField
from django.db.models.expressions import RawSQL

from marketplace.catalog.listing_filter import ListingFilter
from marketplace.catalog.models import Listing, Supplier
from marketplace.localization import page
from marketplace.localization.rows import Converters, converted, converters_for

KEPT = 256  # filters whose SQL a process keeps: search texts and members vary


def _shown(model) -> tuple[str, ...]:
    # Every column but the timestamps, which no summary shows: psycopg parses each under
    # Django's time zone loader in Python (~4 µs, 60 on a page of 20), where the rest of the
    # row costs almost nothing. Left deferred, one read on access would be a query, which the
    # list's query count test would catch.
    return tuple(field.attname for field in model._meta.concrete_fields
                 if not isinstance(field, DateTimeField))


_LISTING_FIELDS = _shown(Listing)
_SUPPLIER_FIELDS = _shown(Supplier)
_SUPPLIER = Listing._meta.get_field("supplier")


class _Compiled(NamedTuple):
    # The rows in the list's order, each with the count of every matching listing last, with
    # LIMIT and OFFSET placeholders last.
    rows_sql: str
    count_sql: str
    params: tuple
    count_params: tuple
    converters: Converters  # the ORM's, for the selected columns


class CompiledListings:
    """A filter's listings, sliced and counted as Django's Paginator asks: the count first,
    then the slice. A caller that knows the slice to come (`read_ahead`) makes that one
    statement: each slice's rows carry the count."""

    ordered = True  # the filter's queryset orders them (Paginator warns otherwise)

    def __init__(self, listing_filter: ListingFilter, using: str = DEFAULT_DB_ALIAS):
        self.filter = listing_filter
        self.using = using
        self._count: int | None = None
        self._ahead: tuple[int, int, list[Listing]] | None = None  # start, stop, listings

    def read_ahead(self, start: int, stop: int) -> None:
        """Read [start:stop] now: the count comes with it (unless the slice is past the end,
        where no row carries it), and the slice or a shorter one from `start` is answered
        from it."""
        self._ahead = (start, stop, self[start:stop])

    def count(self) -> int:
        if self._count is None:
            compiled = _compiled(self.filter, self.using)
            with connections[self.using].cursor() as cursor:
                cursor.execute(compiled.count_sql, compiled.count_params)
                self._count = cursor.fetchone()[0]
        return self._count

    def __getitem__(self, bounds: slice) -> list[Listing]:
        if not isinstance(bounds, slice) or bounds.step is not None or bounds.stop is None:
            raise TypeError("CompiledListings takes a slice with an end and no step")
        start, stop = bounds.start or 0, bounds.stop
        if stop <= start:
            return []
        if self._ahead is not None and self._ahead[0] == start and stop <= self._ahead[1]:
            return self._ahead[2][:stop - start]
        compiled = _compiled(self.filter, self.using)
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.rows_sql, [*compiled.params, stop - start, start])
            rows = cursor.fetchall()
        listings = []
        size, end = len(_LISTING_FIELDS), len(_LISTING_FIELDS) + len(_SUPPLIER_FIELDS)
        suppliers: dict[int, Supplier] = {}  # one instance per supplier: a page is read-only
        for row in converted(rows, compiled.converters, connection):
            listing = Listing.from_db(self.using, _LISTING_FIELDS, row[:size])
            supplier = suppliers.get(listing.supplier_id)
            if supplier is None:
                supplier = suppliers[listing.supplier_id] = Supplier.from_db(
                    self.using, _SUPPLIER_FIELDS, row[size:end])
            _SUPPLIER.set_cached_value(listing, supplier)
            listings.append(listing)
            self._count = row[end]
        return listings


@lru_cache(maxsize=KEPT)
def _compiled(listing_filter: ListingFilter, using: str) -> _Compiled:
    listings = page.fetch(listing_filter.queryset())
    count_sql, count_params = (listings.order_by().values("pk").query
                               .get_compiler(using).as_sql())
    # Only SQL Django compiled from the filter's queryset goes in; its values stay parameters.
    count_sql = f"SELECT COUNT(*) FROM ({count_sql}) AS listings"  # noqa: S608
    rows = listings.values_list(
        *_LISTING_FIELDS, *(f"supplier__{name}" for name in _SUPPLIER_FIELDS),
    ).annotate(matching=RawSQL(count_sql, count_params,  # noqa: S611 (Django's SQL)
                               output_field=IntegerField()))
    compiler = rows.query.get_compiler(using)
    rows_sql, params = compiler.as_sql()
    return _Compiled(
        rows_sql=f"{rows_sql} LIMIT %s OFFSET %s", count_sql=count_sql,
        params=tuple(params), count_params=tuple(count_params),
        converters=converters_for(
            [expression for expression, _sql, _alias in compiler.select],
            connections[using]))
