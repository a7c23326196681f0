"""Pagination of the listings API: a cursor over the list's order, and page numbers kept for
the clients that already use them.

`?cursor=` walks the list by keyset: each page asks for the rows after the last one shown,
`(updated_at, id) < (last.updated_at, last.id)`, which the indexes `listing_status_recent_first`
and `listing_recent_first` answer directly, so page 10,000 costs what page 1 costs and no page
counts the catalog.
Listings that share `updated_at` (a bulk import stamps thousands alike) are told apart by
their id, so a walk shows each listing exactly once. DRF's own CursorPagination keys on the
first ordering field alone and skips ties by an offset that it caps at 1,000: a larger tie
would repeat rows, hence the two-column key here. An empty `?cursor=` starts a walk.

`?page=` (or neither parameter) answers as before: a COUNT and an OFFSET, both growing with the
catalog and the depth; the README says to walk with the cursor.
"""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from marketplace.catalog.listing_filter import ListingFilter
from marketplace.localization import page
from marketplace.localization.compiled import CompiledListings
from regions.core.validators import shown


class ListingPageNumbers(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        number = request.query_params.get(self.page_query_param) or "1"
        if isinstance(queryset, CompiledListings) and number.isascii() and number.isdigit() \
                and int(number) > 0:
            # The page the paginator will ask for after the count: read with it, one statement.
            size = self.get_page_size(request)
            queryset.read_ahead((int(number) - 1) * size, int(number) * size)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            # DRF says only "Invalid page."; a client needs the range to correct it.
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            raise NotFound({"page": [_(
                "Page %(page)s does not exist: choose a page from 1 to %(last)s.") % {
                "page": shown(request.query_params.get(self.page_query_param)),
                "last": last}]}) from None


class ListingCursor(BasePagination):
    """Keyset pages over (-updated_at, -id); next and previous links carry the position."""

    cursor_query_param = "cursor"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        self.base_url = request.build_absolute_uri()
        size = self.get_page_size(request)
        position = decode_cursor(request.query_params.get(self.cursor_query_param, ""))
        if position is None:
            backwards, keyed = False, queryset
        else:
            moment, pk, backwards = position
            if backwards:  # the rows before the first one the client saw, nearest first
                keyed = queryset.filter(Q(updated_at__gte=moment) & (
                    Q(updated_at__gt=moment) | Q(pk__gt=pk)))
            else:
                keyed = queryset.filter(Q(updated_at__lte=moment) & (
                    Q(updated_at__lt=moment) | Q(pk__lt=pk)))
        order = ("updated_at", "pk") if backwards else ("-updated_at", "-pk")
        rows = list(keyed.order_by(*order)[:size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
            self.has_previous, self.has_next = more, True
        else:
            self.has_previous, self.has_next = position is not None, more
        self.page = rows
        return rows

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw and raw.isascii() and raw.isdigit() and int(raw) > 0:
            return min(int(raw), self.max_page_size)
        return self.page_size

    def _link(self, listing, backwards: bool) -> str:
        return replace_query_param(self.base_url, self.cursor_query_param,
                                   encode_cursor(listing.updated_at, listing.pk, backwards))

    def get_next_link(self) -> str | None:
        if not (self.has_next and self.page):
            return None
        return self._link(self.page[-1], backwards=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.page:  # walked past the end: back to the start
            return replace_query_param(self.base_url, self.cursor_query_param, "")
        return self._link(self.page[0], backwards=True)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(),
                         "results": data})


def encode_cursor(moment: datetime, pk: int, backwards: bool) -> str:
    payload = json.dumps([moment.isoformat(), pk, int(backwards)], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(raw: str) -> tuple[datetime, int, bool] | None:
    """(updated_at, id, backwards) of a cursor from a next/previous link, None for an empty one
    (the first page); anything else is a 400, not a 404 or a 500."""
    if not raw:
        return None
    try:
        moment, pk, backwards = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        moment = datetime.fromisoformat(moment)
        if (moment.tzinfo is None or type(pk) is not int or not 0 < pk < 2**63
                or backwards not in (0, 1)):
            raise ValueError(moment)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": [_(
            "This cursor is not one of ours: follow the next and previous links, or send an "
            "empty cursor to start from the first page.")]}) from None
    return moment, pk, bool(backwards)


class ListingPagination(BasePagination):
    """Page numbers by default (the response carries `count`), a keyset cursor with
    `?cursor=` (no count: counting is the work that grows with the catalog)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"
    page_query_param = "page"

    def __init__(self):
        self._chosen: BasePagination | None = None

    def _style(self, request) -> BasePagination:
        params = request.query_params
        cursor = self.cursor_query_param in params
        style = ListingCursor() if cursor else ListingPageNumbers()
        if cursor and params.get(self.page_query_param):
            raise ValidationError({self.page_query_param: [_(
                "Use either page or cursor, not both: the next and previous links of a cursor "
                "page carry the position.")]})
        style.page_size, style.max_page_size = self.page_size, self.max_page_size
        return style

    def paginate_queryset(self, listings: ListingFilter, request, view=None) -> list:
        """The page of the filter's listings (with their suppliers) the request asks for."""
        self._chosen = self._style(request)
        if isinstance(self._chosen, ListingCursor):  # its keyset filter varies by position
            return self._chosen.paginate_queryset(page.fetch(listings.queryset()), request, view)
        return self._chosen.paginate_queryset(CompiledListings(listings), request, view)

    def get_paginated_response(self, data) -> Response:
        return self._chosen.get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paged = ListingPageNumbers().get_paginated_response_schema(schema)
        paged["required"] = ["results"]
        paged["properties"]["count"]["description"] = (
            "Every listing the query matches; only on page-number pages, not on cursor pages.")
        return paged

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [*ListingPageNumbers().get_schema_operation_parameters(view), {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "Walk the list by cursor: empty for the first page, then the "
                           "`next` or `previous` link. Pages cost the same at any depth and "
                           "carry no `count`.",
            "schema": {"type": "string"}}]
