"""bench/loadkit/orderable.py: the load bench finds a listing to quote as a client would
(list by cursor → a sellable summary's `url` → quote), past a first page of blocked ones."""

import pytest

from bench.loadkit.orderable import (
    NothingOrderable,
    find_orderable,
    order_quantity,
    path_of,
    with_cursor,
)

LIST = "/api/v1/listings/?region=eu&country=DE&lang=de&buyer=business"
MARKET = {"region": "eu", "country": "DE", "lang": "de", "buyer": "business"}
HOST = "http://127.0.0.1:8123"


def summary(pk: int, sellable: bool) -> dict:
    """The list's summary of a listing, as the API shapes it (the fields the walk reads)."""
    return {"id": pk, "url": f"{HOST}/api/v1/listings/{pk}/?region=eu&country=DE&lang=de&"
            "buyer=business", "sellable": sellable, "moq": 10,
            "payment_methods": ["card"] if sellable else [],
            "delivery_days": [11, 17] if sellable else None}


def detail(pk: int, moq: int, first_tier: int) -> dict:
    return {"id": pk, "sellable": True, "moq": moq,
            "price_tiers": [{"min_quantity": first_tier}, {"min_quantity": 500}],
            "shipping_options": [{"code": "parcel-business"}]}


class FakeAPI:
    """Two pages: the first all blocked (as the newest generated supplier's), the second with
    one listing that sells; every request is recorded."""

    def __init__(self, quote_status: int = 201) -> None:
        self.quote_status = quote_status
        self.gets: list[str] = []
        self.quotes: list[dict] = []
        second = "cursor=bmV4dA"
        self.pages = {
            with_cursor(LIST): {"next": f"{HOST}/api/v1/listings/?{second}",
                                "results": [summary(n, sellable=False) for n in (30, 29)]},
            f"/api/v1/listings/?{second}": {"next": None,
                                             "results": [summary(7, sellable=True)]},
        }

    def get(self, path: str):
        self.gets.append(path)
        if path in self.pages:
            return 200, self.pages[path]
        if path.startswith("/api/v1/listings/7/?"):
            return 200, detail(7, moq=50, first_tier=100)
        return 404, {"detail": "Not found."}

    def quote(self, body: dict):
        self.quotes.append(body)
        if self.quote_status != 201:
            return self.quote_status, {"lines[0].listing": ["cannot be sold here"]}
        return 201, {"id": "q1", "shipping_options": [
            {"id": "de-duisburg:collection", "payment_methods": []},
            {"id": "de-duisburg:parcel", "payment_methods": ["card"]}]}


def test_it_walks_past_blocked_listings_to_the_detail_url_and_quotes_the_least_order():
    api = FakeAPI()

    found = find_orderable(api.get, api.quote, LIST, MARKET)

    assert found.listing == 7
    assert found.detail_path == ("/api/v1/listings/7/?region=eu&country=DE&lang=de&"
                                 "buyer=business")
    # The first tier (100) is above the minimum order (50): the least that prices.
    assert found.quote_body == {**MARKET, "lines": [{"listing": 7, "quantity": 100}]}
    # Blocked summaries are never opened nor quoted: one quote, for the one that sells.
    assert api.quotes == [found.quote_body]
    assert api.gets == [with_cursor(LIST), "/api/v1/listings/?cursor=bmV4dA",
                        found.detail_path]


def test_a_list_where_nothing_can_be_quoted_says_what_it_saw():
    api = FakeAPI(quote_status=400)

    with pytest.raises(NothingOrderable) as nothing:
        find_orderable(api.get, api.quote, LIST, MARKET)

    assert str(nothing.value) == (
        f"no listing of {LIST} could be quoted: 3 listings on 2 page(s), 1 of them sellable; "
        "refused: {'quote 400': 1}")


def test_the_walk_is_bounded_by_pages():
    api = FakeAPI()

    with pytest.raises(NothingOrderable, match="2 listings on 1 page"):
        find_orderable(api.get, api.quote, LIST, MARKET, max_pages=1)
    assert api.quotes == []


def test_a_list_that_fails_is_reported_with_its_status():
    def broken(path: str):
        return 503, {"detail": "database unavailable"}

    with pytest.raises(NothingOrderable, match="the list answered 503"):
        find_orderable(broken, FakeAPI().quote, LIST, MARKET)


def test_links_become_paths_and_the_walk_starts_by_cursor():
    assert path_of(f"{HOST}/api/v1/listings/7/?lang=de&buyer=business") == (
        "/api/v1/listings/7/?lang=de&buyer=business")
    assert with_cursor(f"{LIST}&page=3&page_size=100") == (
        "/api/v1/listings/?region=eu&country=DE&lang=de&buyer=business&page_size=100&cursor=")
    assert order_quantity({"moq": 20, "price_tiers": [{"min_quantity": 10}]}) == 20
    assert order_quantity({"moq": 1, "price_tiers": []}) == 1
