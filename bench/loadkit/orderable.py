"""Finding a listing to quote the way an API client does: walk the localized list by cursor,
keep the summaries that say they sell here, follow a summary's `url` to the full record, and
quote the record's minimum order.

The list shows the newest listings first, so its first page is whatever was written last (a
generated catalog's last supplier, whose listings may all be blocked): the walk goes on past
it. Nothing is quoted that the list already says cannot be sold.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (status, decoded JSON body) of one request.
Answer = tuple[int, Any]


class NothingOrderable(Exception):
    """The walk found no listing that can be quoted; the message says what it saw."""


@dataclass(frozen=True)
class Orderable:
    listing: int
    detail_path: str  # the summary's `url`, as a path with its query (the same market)
    quote_body: dict  # a body of POST /api/v1/checkout/quotes/ that the API accepted


def path_of(url: str) -> str:
    """A link of the API (absolute, built for the host the client asked) as a path with its
    query, for a client that keeps its own connection."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))


def with_cursor(path: str) -> str:
    """The list's first page by cursor (keyset pages cost the same at any depth)."""
    parts = urllib.parse.urlsplit(path)
    query = [(name, value) for name, value in urllib.parse.parse_qsl(parts.query)
             if name not in ("cursor", "page")] + [("cursor", "")]
    return urllib.parse.urlunsplit(("", "", parts.path, urllib.parse.urlencode(query), ""))


def order_quantity(detail: dict) -> int:
    """The least an order may ask for: the minimum order, or the first price tier if that is
    higher."""
    tiers = [tier["min_quantity"] for tier in detail.get("price_tiers") or ()]
    return max([detail["moq"], *tiers[:1]])


def find_orderable(get: Callable[[str], Answer], quote: Callable[[dict], Answer],
                   list_path: str, market: dict, *, max_pages: int = 50,
                   max_quotes: int = 10) -> Orderable:
    """The first listing of the list at `list_path` that sells in `market` (the quote body's
    market fields) and whose quote offers a shipping option with a payment method.

    `get(path)` and `quote(body)` send the requests. Bounded: at most `max_pages` pages and
    `max_quotes` quotes; raises NothingOrderable saying what it saw."""
    seen: Counter = Counter()
    refused: Counter = Counter()
    path: str | None = with_cursor(list_path)
    pages = 0
    while path is not None and pages < max_pages and sum(refused.values()) < max_quotes:
        status, page = get(path)
        if status != 200:
            raise NothingOrderable(f"the list answered {status}: {str(page)[:300]}")
        pages += 1
        for summary in page["results"]:
            seen["listings"] += 1
            if not (summary["sellable"] and summary["payment_methods"]
                    and summary["delivery_days"]):
                continue
            seen["sellable"] += 1
            detail_path = path_of(summary["url"])
            status, detail = get(detail_path)
            if status != 200 or not (detail["sellable"] and detail["shipping_options"]):
                refused[f"detail {status}"] += 1
                continue
            body = {**market, "lines": [{"listing": detail["id"],
                                         "quantity": order_quantity(detail)}]}
            status, quoted = quote(body)
            if status == 201 and any(option["payment_methods"]
                                     for option in quoted["shipping_options"]):
                return Orderable(detail["id"], detail_path, body)
            refused[f"quote {status}"] += 1
            if sum(refused.values()) >= max_quotes:
                break
        path = path_of(page["next"]) if page.get("next") else None
    raise NothingOrderable(
        f"no listing of {list_path} could be quoted: {seen['listings']} listings on "
        f"{pages} page(s), {seen['sellable']} of them sellable; refused: "
        f"{dict(refused) or 'none'}")
