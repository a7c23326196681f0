"""The list's listings from SQL compiled once per filter: the same rows, count and model values
as the filter's queryset, nothing compiled on a second request, and no filter ever served
another's SQL (a member's drafts stay theirs)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalog.listing_filter import ListingFilter
from marketplace.catalog.models import Listing, ListingStatus
from marketplace.localization import compiled, page
from marketplace.localization.compiled import CompiledListings
from tests.marketplace.localization.conftest import make_listing, translate

pytestmark = pytest.mark.django_db

DE = {"region": "eu", "country": "DE", "lang": "de", "buyer": "business"}


@pytest.fixture
def catalog(packs, rates, supplier):
    member = get_user_model().objects.create_user("member", password="pw-member-1")
    supplier.members.add(member)
    listings = [make_listing(supplier, title=f"Item {n}", voltage=230 if n % 2 else None)
                for n in range(7)]
    translate(listings[2], "de", "Artikel zwei")
    draft = make_listing(supplier, status=ListingStatus.DRAFT, title="Prototype",
                         category="kitchenware", radio=False, contains_battery=False)
    return member, listings, draft


FILTERS = {
    "everyone": ListingFilter(),
    "member": "member",  # the member's id, once it exists
    "member's drafts": ("member", ListingStatus.DRAFT),
    "category": ListingFilter(category="kitchenware"),
    "search, translated title": ListingFilter(search="zwei", languages=("de",)),
    "search, source title": ListingFilter(search="item 1", languages=("de",)),
}


def made(name: str, member) -> ListingFilter:
    wanted = FILTERS[name]
    if wanted == "member":
        return ListingFilter(member=member.pk)
    if isinstance(wanted, tuple):
        return ListingFilter(member=member.pk, status=wanted[1])
    return wanted


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("bounds", [(0, 20), (2, 5), (6, 100), (40, 60)])
def test_a_slice_and_the_count_are_the_querysets(catalog, name, bounds):
    listing_filter = made(name, catalog[0])
    queryset = page.fetch(listing_filter.queryset())
    start, stop = bounds

    got = CompiledListings(listing_filter)[start:stop]
    expected = list(queryset[start:stop])

    assert CompiledListings(listing_filter).count() == queryset.count()
    assert [x.pk for x in got] == [x.pk for x in expected]
    timestamps = {"created_at", "updated_at"}
    fields = [field.attname for field in Listing._meta.concrete_fields
              if field.attname not in timestamps]
    for mine, theirs in zip(got, expected, strict=True):
        # Every value as the ORM gives it (JSON, dates, decimals), the supplier included,
        # read with the row; the timestamps, which no summary shows, are left deferred.
        with CaptureQueriesContext(connection) as captured:
            assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields]
            assert mine.properties == theirs.properties
            assert mine.supplier.name == theirs.supplier.name
        assert len(captured) == 0
        assert mine.get_deferred_fields() == timestamps
        assert mine.supplier.get_deferred_fields() == {"created_at"}
        assert not mine._state.adding and mine._state.db == "default"


def test_the_supplier_comes_with_its_listing(catalog):
    [first] = CompiledListings(ListingFilter())[0:1]
    with CaptureQueriesContext(connection) as captured:
        assert first.supplier.name == "Shenzhen Audio Works"
    assert len(captured) == 0


def test_a_filter_is_compiled_once_and_each_filter_gets_its_own_sql(catalog):
    member = catalog[0]
    draft = catalog[2]
    compiled._compiled.cache_clear()

    for _ in range(3):
        CompiledListings(ListingFilter(member=member.pk))[0:20]
        everyone = CompiledListings(ListingFilter())[0:20]
    stranger = get_user_model().objects.create_user("stranger", password="pw-s-1")
    theirs = CompiledListings(ListingFilter(member=stranger.pk))[0:20]

    info = compiled._compiled.cache_info()
    assert (info.misses, info.hits) == (3, 4)
    # The member's SQL never answers for anyone else: their draft stays theirs.
    assert draft.pk in [x.pk for x in CompiledListings(ListingFilter(member=member.pk))[0:20]]
    assert draft.pk not in [x.pk for x in everyone]
    assert draft.pk not in [x.pk for x in theirs]


def test_an_empty_or_reversed_slice_sends_nothing(catalog):
    with CaptureQueriesContext(connection) as captured:
        assert CompiledListings(ListingFilter())[5:5] == []
        assert CompiledListings(ListingFilter())[5:2] == []
    assert len(captured) == 0
    with pytest.raises(TypeError):
        CompiledListings(ListingFilter())[0:10:2]
    with pytest.raises(TypeError):
        CompiledListings(ListingFilter())[3:]


def test_the_list_costs_three_queries(client, catalog):
    client.get("/api/v1/listings/", DE)  # fills the market configuration cache

    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/listings/", DE).json()

    # The configuration version, the page with the count, and everything the page shows
    # (tiers, translations, reports, certificates, their scope, responsible persons, AI
    # findings).
    assert len(captured) == 3, [query["sql"][:80] for query in captured]
    assert body["count"] == 7


@pytest.mark.parametrize("bounds", [(0, 20), (2, 5), (6, 100)])
def test_a_slice_read_ahead_brings_the_count_in_one_statement(catalog, bounds):
    queryset = page.fetch(ListingFilter().queryset())
    listings = CompiledListings(ListingFilter())
    start, stop = bounds

    with CaptureQueriesContext(connection) as captured:
        listings.read_ahead(start, stop)
        count = listings.count()
        got = listings[start:min(stop, count)]  # as the paginator clamps the last page

    assert len(captured) == 1
    assert count == queryset.count()
    assert [x.pk for x in got] == [x.pk for x in queryset[start:stop]]


def test_a_slice_past_the_end_has_no_row_to_carry_the_count(catalog):
    listings = CompiledListings(ListingFilter())

    with CaptureQueriesContext(connection) as captured:
        listings.read_ahead(40, 60)
        assert listings.count() == 7
        assert listings[40:60] == []

    assert len(captured) == 2


def test_a_page_past_the_end_still_names_the_pages_there_are(client, catalog):
    response = client.get("/api/v1/listings/", {**DE, "page": 3, "page_size": 5})

    assert response.status_code == 404
    assert response.json()["page"] == [  # in the market's language
        "Seite 3 gibt es nicht: Wählen Sie eine Seite von 1 bis 2."]
