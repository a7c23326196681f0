"""GET /api/v1/listings/: localized per market, paginated, safe, and strict about parameters."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from marketplace.api.serializers import OrderSerializer
from marketplace.catalog.models import Listing, ListingStatus, Supplier
from marketplace.localization.engine import localize_many
from marketplace.localization.page import fetch
from regions.core.market import resolve_market_context
from tests.api_errors import messages
from tests.marketplace.localization.conftest import make_listing, translate

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
DE_BUSINESS = {"region": "eu", "country": "DE", "lang": "de", "buyer": "business"}


SUMMARY_FIELDS = {"id", "url", "supplier", "status", "language", "requested_language",
                  "source_language", "title", "category", "moq", "currency", "price_tiers",
                  "vat", "payment_methods", "delivery_days", "compliance", "sellable",
                  "exchange_rates_as_of"}


def test_list_item_summarizes_the_localized_listing(client, listing):
    response = client.get("/api/v1/listings/", DE_BUSINESS)

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert set(item) == SUMMARY_FIELDS
    assert item["id"] == listing.pk
    assert item["url"] == (f"http://testserver/api/v1/listings/{listing.pk}/"
                           "?region=eu&country=DE&lang=de&buyer=business")
    assert (item["language"], item["title"]) == ("de", "CNC-Graviermaschine 6090")
    assert item["price_tiers"][0] == {"min_quantity": 1, "amount": "1200.00",
                                      "currency": "EUR", "formatted": f"1.200,00{NBSP}€"}
    assert item["moq"] == 1
    assert item["vat"] == {"system": "vat", "rate": "19.00", "included": False}
    assert "tt-30-70" in item["payment_methods"]
    assert item["compliance"]["status"] == "blocked"
    assert item["compliance"]["blockers"] >= 1
    assert item["sellable"] is False
    detail = client.get(item["url"]).json()
    assert item["delivery_days"] == min(o["delivery_days"] for o in detail["shipping_options"])
    assert item["payment_methods"] == [m["code"] for m in detail["payment_methods"]]
    assert item["compliance"]["blockers"] == len(
        [f for f in detail["compliance"]["findings"] if f["severity"] == "blocker"])


def test_the_detail_carries_the_localized_listing(client, listing):
    response = client.get(f"/api/v1/listings/{listing.pk}/", DE_BUSINESS)

    assert response.status_code == 200
    item = response.json()
    assert item["id"] == listing.pk
    assert (item["language"], item["title"]) == ("de", "CNC-Graviermaschine 6090")
    assert item["price_tiers"][0] == {"min_quantity": 1, "amount": "1200.00",
                                      "currency": "EUR", "formatted": f"1.200,00{NBSP}€"}
    assert item["vat"]["rate"] == "19.00" and item["vat"]["included"] is False
    # The pack's names in the market's language (its locale/ catalogs), codes as they are.
    assert {"code": "tt-30-70", "name": "T/T: 30 % Anzahlung, 70 % vor Versand",
            "terms": "30 % Anzahlung, 70 % vor Versand"}.items() <= \
        next(m for m in item["payment_methods"] if m["code"] == "tt-30-70").items()
    assert {o["warehouse"] for o in item["shipping_options"]} >= {"EU-Lager, Duisburg"}
    assert item["shipping_options"][0]["incoterm"]
    assert item["compliance"]["status"] == "blocked"
    assert item["compliance"]["findings"][0]["severity"] == "blocker"
    assert item["sellable"] is False


def test_detail_with_a_quantity_prices_the_order(client, listing):
    response = client.get(f"/api/v1/listings/{listing.pk}/", {**DE_BUSINESS, "quantity": 12})

    assert response.status_code == 200
    assert response.json()["order"] == {
        "quantity": 12, "meets_moq": True,
        "unit_price": {"amount": "1100.00", "currency": "EUR", "formatted": f"1.100,00{NBSP}€"},
        "total": {"amount": "13200.00", "currency": "EUR", "formatted": f"13.200,00{NBSP}€"},
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"region": "mars"}, "region", "No active region “mars” (active: eu, uk, us)."),
        ({"region": "eu", "country": "GB"}, "country",
         "GB is not in region “eu” (it belongs to “uk”); countries of “eu”: AT, BE, DE, ES, FR, "
         "IE, IT, NL, PL, PT, SE."),
        ({"region": "eu", "country": "XX"}, "country",
         "“XX” is not a country any region sells to (they are: AT, BE, DE, ES, FR, GB, IE, IT, "
         "NL, PL, PT, SE, US)."),
        ({"region": "eu", "country": "DE", "lang": "ja"}, "lang",  # said in the language asked
         "「ja」は ドイツ では提供されていません。利用可能: en, de, fr, it, es, nl, pl, sv, pt。"),
        ({"region": "eu", "country": "DE", "buyer": "reseller"}, "buyer",
         "“reseller” is not a buyer type; use “business” or “consumer”."),
        ({"region": "eu", "country": "DE", "lang": "en", "quantity": "-5"}, "quantity",
         "“-5” is not a whole number from 1 to 10,000,000."),
        ({"region": "eu", "country": "DE", "lang": "en", "quantity": "1e9"}, "quantity",
         "“1e9” is not a whole number from 1 to 10,000,000."),
        ({"region": "eu", "country": "DE", "lang": "en", "page_size": "5000"}, "page_size",
         "“5000” is not a whole number from 1 to 100."),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, listing, params, field, message):
    response = client.get("/api/v1/listings/", params)

    assert response.status_code == 400
    assert messages(response) == {field: [message]}


def test_non_numeric_id_is_a_400(client, listing):
    response = client.get("/api/v1/listings/abc/", DE_BUSINESS)
    assert response.status_code == 400
    assert messages(response) == {"id": ["“abc” is not a listing id (a whole number)."]}


def test_drafts_are_visible_only_to_their_supplier(client, packs, rates, supplier):
    draft = make_listing(supplier, status=ListingStatus.DRAFT, title="Prototype")
    other = Supplier.objects.create(name="Other Factory", slug="other", country="CN")
    member = get_user_model().objects.create_user("owner", password="pw-owner-1")
    supplier.members.add(member)
    stranger = get_user_model().objects.create_user("stranger", password="pw-stranger-1")
    other.members.add(stranger)
    url = f"/api/v1/listings/{draft.pk}/"

    assert client.get(url, DE_BUSINESS).status_code == 404
    client.force_login(stranger)
    assert client.get(url, DE_BUSINESS).status_code == 404
    assert client.get("/api/v1/listings/", DE_BUSINESS).json()["count"] == 0
    client.force_login(member)
    assert client.get(url, DE_BUSINESS).status_code == 200
    assert client.get("/api/v1/listings/", DE_BUSINESS).json()["count"] == 1


def test_html_in_listing_text_comes_back_sanitized(client, packs, rates, supplier):
    make_listing(supplier, title="<script>alert(1)</script>Earbuds",
                 description="<p>Good <script>steal()</script><a href='javascript:x'>sound</a></p>")

    [item] = client.get("/api/v1/listings/", DE_BUSINESS).json()["results"]
    item = client.get(item["url"]).json()

    # JSON carries the title as text (clients escape it); markup is reduced to the allowed set.
    assert item["title"] == "<script>alert(1)</script>Earbuds"
    assert item["description"] == "<p>Good sound</p>"


def test_a_page_costs_the_same_queries_for_few_or_many_listings(client, packs, rates,
                                                                supplier):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/listings/", {**DE_BUSINESS, "page_size": 50}).status_code \
                == 200
        return len(captured)

    for index in range(3):
        translate(make_listing(supplier, title=f"Item {index}"), "de", f"Artikel {index}")
    queries()  # the first request also fills the market configuration cache
    few = queries()
    for index in range(3, 40):
        translate(make_listing(supplier, title=f"Item {index}"), "de", f"Artikel {index}")

    assert queries() == few


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/listings/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_fast_representation_matches_the_documented_serializer(listing):
    from marketplace.api.representation import listing_json, listing_summary_json
    from marketplace.api.serializers import ListingSummarySerializer, LocalizedListingSerializer
    from marketplace.localization.engine import preview_order
    from marketplace.localization.market import MarketData
    from tests.marketplace.localization.conftest import TODAY

    context = resolve_market_context(country="DE", language="de", buyer="business")
    data = MarketData.load(context, source_currencies={"CNY"}, today=TODAY)
    [item] = localize_many(fetch(Listing.objects.filter(pk=listing.pk)), context,
                           today=TODAY)
    order = preview_order(item, 12, data)

    documented = dict(LocalizedListingSerializer(item).data)
    documented["order"] = dict(OrderSerializer(order).data)
    assert json.loads(json.dumps(listing_json(item, order))) == json.loads(
        json.dumps(documented))
    # The summary through its serializer: the same keys, each in the documented format.
    summary = listing_summary_json(item, "http://testserver/api/v1/listings/1/", order)
    assert set(summary) == {*SUMMARY_FIELDS, "order"}
    assert json.loads(json.dumps(summary)) == json.loads(json.dumps(
        ListingSummarySerializer(summary).data))


@pytest.mark.parametrize("market", [
    {"country": "AT", "lang": "de-AT"},  # de-AT → de
    {"country": "IT", "lang": "it"},  # no Italian: the region default, English
    {"country": "FR", "lang": "fr", "buyer": "business"},
    {"country": "PL", "lang": "pl"},  # Polish is waiting for review: the region default
])
def test_the_list_shows_what_the_engine_shows(client, listing, market):
    # The list and the detail read their page (page.read, only the languages the market can
    # show) as every other caller of the engine does: the summary and the record say what
    # the engine says.
    from marketplace.api.representation import listing_json, listing_summary_json
    from marketplace.catalog.models import ListingAttribute, TranslationState

    translate(listing, "fr", "Graveuse CNC 6090")
    translate(listing, "en", "CNC engraver 6090")  # reviewed now: beats the machine text
    translate(listing, "pl", "Grawerka CNC 6090", state=TranslationState.NEEDS_REVIEW)
    for position, (name, value) in enumerate([("Spindle", "2.2"), ("Bed", "600x900")]):
        ListingAttribute.objects.create(listing=listing, name=name, value=value, unit="",
                                        position=10 - position)

    [item] = client.get("/api/v1/listings/", {"region": "eu", **market}).json()["results"]
    detail = client.get(item["url"]).json()

    context = resolve_market_context(region="eu", country=market["country"],
                                     language=market["lang"], buyer=market.get("buyer"))
    with override(context.language):
        [engine_item] = localize_many(fetch(Listing.objects.filter(pk=listing.pk)),
                                      context)
        assert item == json.loads(json.dumps(listing_summary_json(engine_item, item["url"])))
        assert detail == json.loads(json.dumps(listing_json(engine_item)))
    assert [a["name"] for a in detail["attributes"]] == ["Bed", "Spindle"]


@pytest.mark.parametrize("market", [
    {"country": "DE", "lang": "de"}, {"country": "FR", "lang": "fr", "buyer": "business"}])
def test_the_list_shows_the_compliance_the_engine_shows(client, listing, supplier, market):
    # Given: a certificate scoped to one listing, one expired, a responsible person, and a
    # stored report for one of three listings.
    from marketplace.api.representation import listing_json, listing_summary_json
    from marketplace.compliance.models import Certificate, ResponsiblePerson
    from marketplace.compliance.services import record_reports
    from regions.compliance.models import CertificateType, VerificationStatus
    from regions.core.models import Region

    eu = Region.objects.get(code="eu")
    scoped, reported = make_listing(supplier, title="Scoped"), make_listing(supplier, title="R")
    weee = Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=eu, code="weee-de"),
        status=VerificationStatus.VERIFIED)
    weee.listings.add(scoped)
    Certificate.objects.create(
        supplier=supplier, number="DoC-1", valid_until="2020-01-01",
        certificate_type=CertificateType.objects.get(region=eu, code="eu-doc-ce"),
        status=VerificationStatus.VERIFIED)
    ResponsiblePerson.objects.create(
        supplier=supplier, region=eu, name="Hexin B.V.", street_address="Keizersgracht 1",
        postal_code="1015 CC", city="Amsterdam", country="NL",
        email="rp@hexin.example")
    record_reports([reported], eu, trigger="command")

    # When
    items = client.get("/api/v1/listings/", {"region": "eu", **market}).json()["results"]

    # Then
    context = resolve_market_context(region="eu", country=market["country"],
                                     language=market["lang"], buyer=market.get("buyer"))
    with override(context.language):
        engine_items = localize_many(
            fetch(Listing.objects.order_by("-updated_at", "-pk")), context)
        summaries = [json.loads(json.dumps(listing_summary_json(x, item["url"])))
                     for x, item in zip(engine_items, items, strict=True)]
        records = [json.loads(json.dumps(listing_json(x))) for x in engine_items]
    assert items == summaries
    # (requested after the engine's answers: a request leaves its own language active)
    assert [client.get(item["url"]).json() for item in items] == records
    assert len(items) == 3


def test_notes_are_in_the_markets_language_whatever_the_browser_asks(client, listing):
    response = client.get("/api/v1/listings/", {"region": "eu", "country": "DE", "lang": "de"},
                          HTTP_ACCEPT_LANGUAGE="en")

    [item] = response.json()["results"]
    item = client.get(item["url"], HTTP_ACCEPT_LANGUAGE="en").json()
    assert item["vat"]["note"] == "Preise inkl. 19 % USt."
