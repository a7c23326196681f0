"""The market context resolved from a request: region, country, language and buyer type."""

import pytest
from django.test import RequestFactory

from regions.core.market import (
    MarketContextError,
    market_context_from_request,
    parse_accept_language,
    resolve_market_context,
)
from regions.core.models import BuyerType, Country, Region
from regions.languages.models import RegionLanguage

pytestmark = pytest.mark.django_db


@pytest.fixture
def markets(region):
    """Region "tst" with DE and AT (see conftest), languages en (default), de, and de-AT in AT."""
    RegionLanguage.objects.create(region=region, language="en", is_default=True)
    RegionLanguage.objects.create(region=region, language="de", position=1)
    RegionLanguage.objects.create(
        region=region, country=region.countries.get(code="AT"), language="de-AT"
    )
    uk = Region.objects.create(code="uk", name="United Kingdom")
    Country.objects.create(
        code="GB", region=uk, currency="GBP", default_language="en-GB", timezone="Europe/London"
    )
    RegionLanguage.objects.create(region=uk, language="en-GB", is_default=True)
    return region


def context(**params):
    return resolve_market_context(**params)


def test_full_context_from_query_parameters(markets):
    request = RequestFactory().get(
        "/", {"region": "tst", "country": "AT", "lang": "de-AT", "buyer": "business"}
    )

    market = market_context_from_request(request)

    assert (market.region.code, str(market.country.code), market.language, market.buyer_type) == (
        "tst",
        "AT",
        "de-AT",
        BuyerType.BUSINESS,
    )
    assert market.currency == "EUR"


def test_language_variant_falls_back_to_its_parent(markets):
    assert context(region="tst", country="DE", language="de-AT").language == "de"


def test_accept_language_is_negotiated_when_no_lang_is_given(markets):
    request = RequestFactory().get(
        "/",
        {"region": "tst", "country": "DE"},
        HTTP_ACCEPT_LANGUAGE="ja;q=1, de-CH;q=0.9, en;q=0.5",
    )
    assert market_context_from_request(request).language == "de"


def test_without_any_language_the_country_default_is_used(markets):
    assert context(region="tst", country="DE").language == "de"


def test_country_alone_implies_its_region_and_a_single_country_region_needs_no_country(markets):
    assert context(country="AT").region.code == "tst"
    assert str(context(region="uk").country.code) == "GB"


def test_buyer_type_defaults_to_consumer_and_accepts_b2b(markets):
    assert context(country="DE").buyer_type == BuyerType.CONSUMER
    assert context(country="DE", buyer="B2B").buyer_type == BuyerType.BUSINESS


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "region", "Name a region (such as “eu”) or a country."),
        ({"region": "mars"}, "region", "No active region “mars” (active: tst, uk)."),
        ({"region": "tst"}, "country", "Name a country of region “tst”: AT, DE."),
        (
            {"region": "tst", "country": "GB"},
            "country",
            "GB is not in region “tst” (it belongs to “uk”); countries of “tst”: AT, DE.",
        ),
        (
            {"country": "US"},
            "country",
            "“US” is not a country any region sells to (they are: AT, DE, GB).",
        ),
        (
            {"country": "DE", "language": "ja"},
            "lang",
            # in the language asked for, naming the country
            "「ja」は ドイツ では提供されていません。利用可能: en, de。",
        ),
        (
            {"country": "DE", "buyer": "wholesale"},
            "buyer",
            "“wholesale” is not a buyer type; use “business” or “consumer”.",
        ),
    ],
)
def test_unresolvable_parameters_say_what_is_wrong(markets, params, field, message):
    with pytest.raises(MarketContextError) as caught:
        context(**params)
    assert (caught.value.field, caught.value.message) == (field, message)


def test_inactive_region_is_not_a_market(markets):
    Region.objects.filter(code="uk").update(active=False)
    with pytest.raises(MarketContextError, match=r"“GB” is not a country any region sells to"):
        context(country="GB")


def test_accept_language_parsing_orders_by_quality():
    assert parse_accept_language("fr;q=0.8, de-at, *;q=0.1, en;q=0") == ["de-AT", "fr"]
