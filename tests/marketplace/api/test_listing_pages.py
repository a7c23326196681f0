"""GET /api/v1/listings/ at catalog scale: no DISTINCT, a cursor that walks every listing once,
page numbers kept, and ?search= on the title a buyer reads."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalog.models import Listing, ListingStatus, TranslationState
from tests.api_errors import messages
from tests.marketplace.localization.conftest import make_listing, translate

pytestmark = pytest.mark.django_db

DE = {"region": "eu", "country": "DE", "lang": "de", "buyer": "consumer"}
LISTING_TABLE = f'FROM "{Listing._meta.db_table}"'


def listing_queries(captured) -> list[str]:
    return [query["sql"] for query in captured if LISTING_TABLE in query["sql"]]


def walk(client, url: str, params: dict | None = None, link: str = "next") -> list[list[int]]:
    """The ids of each page, following `link` from `url` to the end."""
    pages = []
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.json()
        body = response.json()
        pages.append([item["id"] for item in body["results"]])
        url, params = body[link], None
    return pages


def test_the_list_and_its_count_select_without_distinct_for_a_member(client, packs, rates,
                                                                      supplier):
    # Given a supplier with three members (a join through members repeated each listing 3x)
    users = [get_user_model().objects.create_user(f"member{n}", password="pw-member-1")
             for n in range(3)]
    supplier.members.add(*users)
    published = [make_listing(supplier, title=f"Item {n}") for n in range(4)]
    draft = make_listing(supplier, status=ListingStatus.DRAFT, title="Prototype")
    client.force_login(users[0])

    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/listings/", DE).json()

    queries = listing_queries(captured)
    assert len(queries) == 1  # the page, each row carrying the count
    assert [sql for sql in queries if "DISTINCT" in sql.upper()] == []
    assert body["count"] == 5
    assert sorted(item["id"] for item in body["results"]) == sorted(
        [draft.pk, *(listing.pk for listing in published)])


def test_a_stranger_sees_the_published_listings_once_and_no_draft(client, packs, rates,
                                                                  supplier):
    supplier.members.add(*(get_user_model().objects.create_user(f"m{n}", password="pw-m-1")
                           for n in range(2)))
    shown = make_listing(supplier, title="Shown")
    make_listing(supplier, status=ListingStatus.DRAFT, title="Hidden")
    client.force_login(get_user_model().objects.create_user("stranger", password="pw-s-1"))

    body = client.get("/api/v1/listings/", {**DE, "cursor": ""}).json()

    assert [item["id"] for item in body["results"]] == [shown.pk]


def test_the_cursor_walks_every_listing_once_when_many_share_updated_at(client, packs, rates,
                                                                        supplier):
    # Given 23 listings, 17 of them stamped with the same instant (as a bulk import does)
    listings = [make_listing(supplier, title=f"Item {n}") for n in range(23)]
    same = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
    Listing.objects.filter(pk__in=[x.pk for x in listings[3:20]]).update(updated_at=same)
    expected = list(Listing.objects.order_by("-updated_at", "-pk").values_list("pk", flat=True))

    pages = walk(client, "/api/v1/listings/", {**DE, "cursor": "", "page_size": 5})

    assert [len(page) for page in pages] == [5, 5, 5, 5, 3]
    assert [pk for page in pages for pk in page] == expected


def test_previous_links_walk_back_over_the_same_pages(client, packs, rates, supplier):
    for n in range(12):
        make_listing(supplier, title=f"Item {n}")
    Listing.objects.update(updated_at=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC))
    forward = walk(client, "/api/v1/listings/", {**DE, "cursor": "", "page_size": 5})
    last = client.get("/api/v1/listings/", {**DE, "cursor": "", "page_size": 5}).json()
    while last["next"]:
        last = client.get(last["next"]).json()

    backward = walk(client, last["previous"], link="previous")

    assert backward == forward[-2::-1]


def test_a_cursor_page_carries_links_and_no_count(client, packs, rates, supplier):
    for n in range(3):
        make_listing(supplier, title=f"Item {n}")

    first = client.get("/api/v1/listings/", {**DE, "cursor": "", "page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert sorted(first) == ["next", "previous", "results"]
    assert first["previous"] is None
    assert (len(second["results"]), second["next"]) == (1, None)
    assert "cursor=" in second["previous"]


def test_page_numbers_still_answer_with_a_count(client, packs, rates, supplier):
    for n in range(3):
        make_listing(supplier, title=f"Item {n}")

    body = client.get("/api/v1/listings/", {**DE, "page": 2, "page_size": 2}).json()

    assert (body["count"], len(body["results"]), body["next"]) == (3, 1, None)
    assert body["previous"] == ("http://testserver/api/v1/listings/?buyer=consumer&country=DE"
                                "&lang=de&page_size=2&region=eu")


def test_a_deep_cursor_page_costs_the_queries_of_the_first(client, packs, rates, supplier):
    for n in range(30):
        translate(make_listing(supplier, title=f"Item {n}"), "de", f"Artikel {n}")
    params = {**DE, "cursor": "", "page_size": 5}
    client.get("/api/v1/listings/", params)  # fills the market configuration cache

    with CaptureQueriesContext(connection) as first:
        url = client.get("/api/v1/listings/", params).json()["next"]
    for _ in range(3):
        url = client.get(url).json()["next"]
    with CaptureQueriesContext(connection) as deep:
        client.get(url)

    assert len(deep) == len(first)
    assert len(listing_queries(deep)) == 1  # the page alone: nothing counts the catalog


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"cursor": "bm90IGEgY3Vyc29y"}, "cursor",
     "Dieser Cursor stammt nicht von uns: Folgen Sie den Links next und previous oder senden "
     "Sie einen leeren Cursor, um auf der ersten Seite zu beginnen."),
    ({"cursor": "%%%"}, "cursor",
     "Dieser Cursor stammt nicht von uns: Folgen Sie den Links next und previous oder senden "
     "Sie einen leeren Cursor, um auf der ersten Seite zu beginnen."),
    ({"cursor": "", "page": "2"}, "page",
     "Verwenden Sie entweder page oder cursor, nicht beides: Die Links next und previous "
     "einer Cursor-Seite tragen die Position."),
    ({"search": "x" * 101}, "search", "Geben Sie höchstens 100 Zeichen ein (hier sind es 101)."),
])
def test_a_bad_cursor_or_search_is_a_400_in_the_market_language(client, listing, params, field,
                                                                 message):
    response = client.get("/api/v1/listings/", {**DE, **params})

    assert response.status_code == 400
    assert messages(response) == {field: [message]}


def test_search_finds_a_listing_by_its_title_in_the_market_language(client, packs, rates,
                                                                    supplier):
    # Given listings with source titles in Chinese and English and German translations
    engraver = make_listing(supplier, title="数控雕刻机 6090")
    translate(engraver, "de", "CNC-Graviermaschine 6090")
    earbuds = make_listing(supplier, title="Bluetooth earbuds", source_language="en")
    translate(earbuds, "de", "Bluetooth-Ohrhörer")
    translate(earbuds, "fr", "Écouteurs Bluetooth")

    def found(text: str, market: dict = DE) -> list[int]:
        response = client.get("/api/v1/listings/", {**market, "search": text})
        assert response.status_code == 200
        return [item["id"] for item in response.json()["results"]]

    assert found("graviermaschine") == [engraver.pk]  # translated, any case
    assert found("雕刻") == [engraver.pk]  # the source title
    assert found("EARBUDS") == [earbuds.pk]
    # (SQLite folds the case of ASCII letters only; PostgreSQL of every letter.)
    assert found("Écouteurs") == []  # French is not the market's language
    assert found("Écouteurs", {"region": "eu", "country": "FR", "lang": "fr"}) == [earbuds.pk]
    assert found("6090 ") == [engraver.pk]  # surrounding blanks do not count
    assert found("bluetooth") == [earbuds.pk]  # two matching titles, one listing
    assert found("") == [earbuds.pk, engraver.pk]


def test_search_ignores_a_translation_buyers_are_not_shown(client, packs, rates, supplier):
    item = make_listing(supplier, title="Towel")
    translate(item, "de", "Handtuch", state=TranslationState.NEEDS_REVIEW)

    response = client.get("/api/v1/listings/", {**DE, "search": "handtuch"})

    assert response.json()["count"] == 0


def test_the_schema_documents_cursor_and_search(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    names = {parameter["name"] for parameter in
             schema["paths"]["/api/v1/listings/"]["get"]["parameters"]}

    assert {"cursor", "page", "page_size", "search", "category", "status"} <= names


LIST_PARAMETERS = ("region, country, subdivision, postal_code, lang, buyer, quantity, search, "
                   "category, status, page, page_size, cursor, format")


def test_an_unknown_parameter_of_the_list_is_refused_naming_the_known_ones(client, listing):
    response = client.get("/api/v1/listings/", {**DE, "q": "earbuds", "sort": "price"})

    assert response.status_code == 400
    message = f"Unbekannter Parameter; die Parameter sind: {LIST_PARAMETERS}."
    assert messages(response) == {"q": [message], "sort": [message]}


def test_search_on_one_listing_is_refused_not_ignored(client, listing):
    response = client.get(f"/api/v1/listings/{listing.pk}/",
                          {**DE, "lang": "en", "search": "x"})

    assert response.status_code == 400
    assert messages(response) == {"search": [
        "Unknown parameter; the parameters are: region, country, subdivision, postal_code, "
        "lang, buyer, quantity, format."]}


def test_the_format_override_is_a_known_parameter(client, listing):
    response = client.get("/api/v1/listings/", {**DE, "format": "json"})

    assert response.status_code == 200
