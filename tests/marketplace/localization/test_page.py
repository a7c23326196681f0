"""page.fetch + page.read: the one way a page's data is read, for one market or several."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalog.models import Listing
from marketplace.localization import page
from marketplace.localization.engine import localize, localize_in_markets
from marketplace.localization.market import market_data_for
from regions.core.market import resolve_market_context
from tests.marketplace.localization.conftest import TODAY, make_listing, translate

pytestmark = pytest.mark.django_db


def markets():
    return [resolve_market_context(country="DE", language="de"),
            resolve_market_context(country="FR", language="fr", buyer="business"),
            resolve_market_context(region="us", country="US", language="en-US")]


def rows():
    return list(page.fetch(Listing.objects.order_by("pk")))


def test_reading_for_several_markets_costs_what_one_costs(listing, supplier):
    # Given: three more listings, with French translations, and the three markets' data.
    for index in range(3):
        translate(make_listing(supplier, title=f"Item {index}"), "fr", f"Article {index}")
    listings = rows()
    data = [market_data_for(market, listings, TODAY) for market in markets()]
    page.read(rows(), data)  # (the regions' certificate types are then kept with the markets)

    # When: the page read for one market, then for all three (EU and US).
    with CaptureQueriesContext(connection) as one:
        page.read(listings, data[:1])
    listings = rows()
    with CaptureQueriesContext(connection) as three:
        page.read(listings, data)

    # Then: one statement either way (the findings source's rows included), and localizing
    # every listing in every market reads nothing more.
    assert len(one) == len(three) == 1
    with CaptureQueriesContext(connection) as localizing:
        titles = [[localize(row, market_data).title for row in listings]
                  for market_data in data]
    assert len(localizing) == 0
    assert titles[0][0] == "CNC-Graviermaschine 6090"
    assert titles[1][1:] == ["Article 0", "Article 1", "Article 2"]


def test_a_listing_read_for_another_market_is_read_again_not_shown_wrong(listing):
    # Given: the page read for Germany only (German, English translations).
    translate(listing, "fr", "Graveuse CNC 6090")
    listings = rows()
    german, french = (market_data_for(market, listings, TODAY) for market in markets()[:2])
    page.read(listings, [german])

    # When: localized for France, whose language the read did not include.
    with CaptureQueriesContext(connection) as captured:
        result = localize(listings[0], french)

    # Then: read again (the same path, this listing alone), and in French.
    assert result.title == "Graveuse CNC 6090"
    assert len(captured) > 0
    assert page.is_read_for(listings[0], french)


def test_an_unread_listing_answers_as_a_read_page_does(listing):
    market = markets()[0]
    [read] = rows()
    data = market_data_for(market, [read], TODAY)
    page.read([read], [data])
    unread = Listing.objects.get(pk=listing.pk)  # no supplier joined, nothing read

    assert localize(unread, data) == localize(read, data)


def test_localize_in_markets_gives_each_market_its_own_answer(listing):
    answers = localize_in_markets(rows(), markets(), today=TODAY)

    assert [(market.country.code, [item.currency for item in items])
            for market, items in answers] == [("DE", ["EUR"]), ("FR", ["EUR"]),
                                              ("US", ["USD"])]
    assert localize_in_markets([], markets(), today=TODAY) == [
        (market, []) for market in markets()]
