"""POST /api/v1/checkout/quotes/: MOQ, tiers, conversion with the rate recorded, VAT per
market and buyer, payment eligibility at the limits, the compliance gate, bad input."""

from decimal import Decimal

import pytest
from django.test import override_settings

from marketplace.checkout.models import Quote
from regions.warehouses.models import Warehouse
from tests.api_errors import messages
from tests.marketplace.checkout.conftest import make_listing, quote_body

URL = "/api/v1/checkout/quotes/"


def post(api, body):
    return api.post(URL, body, format="json")


def option(quote: dict, option_id: str) -> dict:
    [found] = [o for o in quote["shipping_options"] if o["id"] == option_id]
    return found


def outcome(quote: dict, option_id: str) -> tuple:
    chosen = option(quote, option_id)
    return (chosen["vat"]["treatment"], chosen["vat"]["rate"], chosen["net_total"]["amount"],
            chosen["vat"]["amount"]["amount"], chosen["total"]["amount"])


@pytest.fixture
def duisburg_serves_france(packs):
    # Ops let the German warehouse deliver to France too (the pack's serves DE, AT, BE, NL).
    warehouse = Warehouse.objects.get(region__code="eu", code="de-duisburg")
    warehouse.countries_served.add(warehouse.region.countries.get(code="FR"))


# 10 units reach the CNY 720 tier = EUR 90.00 net (GBP 76.50, USD 99.00) per unit.
VAT_TABLE = [
    # consumer in Germany: 19 % included in 10 x 107.10 + parcel 4.90
    ({"country": "DE", "buyer": "consumer"}, "de-duisburg:parcel-consumer",
     ("included", "19.00", "904.12", "171.78", "1075.90")),
    # business in Germany, German warehouse: 19 % added to 900.00 + 4.90
    ({"country": "DE", "buyer": "business", "vat_id": "DE136695976"},
     "de-duisburg:parcel-business", ("added", "19.00", "904.90", "171.93", "1076.83")),
    # same business, goods from the Dutch warehouse cross a border: reverse charge
    ({"country": "DE", "buyer": "business", "vat_id": "DE 136 695 976"},
     "nl-venlo:parcel-business", ("reverse_charge", None, "904.90", "0.00", "904.90")),
    # a business without a VAT ID gets no reverse charge: VAT added
    ({"country": "DE", "buyer": "business"}, "nl-venlo:parcel-business",
     ("added", "19.00", "904.90", "171.93", "1076.83")),
    # goods from outside the Union (bonded, origin): import VAT, not on this invoice
    ({"country": "DE", "buyer": "business", "vat_id": "DE136695976"},
     "cn-shenzhen:collection-fca", ("import_vat", None, "900.00", "0.00", "900.00")),
    # UK consumer: 20 % included in 10 x 91.80 + GBP 3.95
    ({"region": "uk", "country": "GB", "lang": "en", "buyer": "consumer"},
     "gb-daventry:parcel-consumer", ("included", "20.00", "768.29", "153.66", "921.95")),
    # UK business: 20 % added, no EU reverse charge
    ({"region": "uk", "country": "GB", "lang": "en", "buyer": "business"},
     "gb-daventry:parcel-business", ("added", "20.00", "768.95", "153.79", "922.74")),
    # US consumer in New York: the state's 4 % sales tax added for the delivery address
    ({"region": "us", "country": "US", "subdivision": "US-NY", "lang": "en-US",
      "buyer": "consumer"},
     "us-ontario-ca:ground", ("added", "4.00", "997.95", "39.92", "1037.87")),
]


@pytest.mark.parametrize(("market", "option_id", "expected"), VAT_TABLE)
def test_vat_outcomes(api, listing, market, option_id, expected):
    response = post(api, quote_body(listing, **market))
    assert response.status_code == 201, response.json()
    assert outcome(response.json(), option_id) == expected


def test_french_business_buying_from_the_german_warehouse_pays_no_vat_with_a_valid_vat_id(
        api, listing, duisburg_serves_france):
    response = post(api, quote_body(listing, country="FR", lang="fr", buyer="business",
                                    vat_id="FR40303265045"))

    assert response.status_code == 201, response.json()
    quote = response.json()
    chosen = option(quote, "de-duisburg:parcel-business")
    assert outcome(quote, "de-duisburg:parcel-business") == (
        "reverse_charge", None, "904.90", "0.00", "904.90")
    assert chosen["vat"]["legal_note"] == ("Autoliquidation : TVA due par le preneur "
                                           "(art. 196 de la directive 2006/112/CE).")
    assert chosen["vat"]["note"] == ("Autoliquidation : TVA due par le preneur (article 196 de "
                                     "la directive 2006/112/CE du Conseil).")
    assert chosen["total"]["formatted"] == "904,90\u00a0€"
    assert (quote["buyer_vat_id"], quote["buyer_vat_id_valid"]) == ("FR40303265045", True)


def test_a_german_vat_id_is_not_a_french_buyers(api, listing, duisburg_serves_france):
    response = post(api, quote_body(listing, country="FR", lang="en", buyer="business",
                                    vat_id="DE136695976"))

    assert response.status_code == 400
    [message] = response.json()["vat_id"]
    assert "starts with DE" in message and "FR" in message
    assert not Quote.objects.exists()


@pytest.mark.parametrize(("vat_id", "reason"), [
    ("DE136695977", "check digit"),   # last digit off
    ("DE13669597", "wrong number of characters"),  # one digit short
])
def test_an_invalid_vat_id_is_refused_with_the_reason(api, listing, vat_id, reason):
    response = post(api, quote_body(listing, lang="en", buyer="business", vat_id=vat_id))

    assert response.status_code == 400
    assert reason in response.json()["vat_id"][0]
    assert not Quote.objects.exists()


@override_settings(VIES_ENABLED=True, VIES_URL="http://127.0.0.1:9/vies",
                   VIES_TIMEOUT_SECONDS=2)
def test_a_vat_id_vies_cannot_confirm_fails_closed_vat_is_charged(api, listing,
                                                                   duisburg_serves_france):
    response = post(api, quote_body(listing, country="FR", lang="fr", buyer="business",
                                    vat_id="FR40303265045"))

    assert response.status_code == 201, response.json()
    quote = response.json()
    assert quote["buyer_vat_id_valid"] is False
    assert outcome(quote, "de-duisburg:parcel-business") == (
        "added", "20.00", "904.90", "180.98", "1085.88")


def test_the_quote_records_the_rate_used_and_expires(api, listing, settings):
    settings.CHECKOUT_QUOTE_VALIDITY_MINUTES = 30
    response = post(api, quote_body(listing))

    quote = response.json()
    assert quote["exchange_rates"][0] == {"from": "CNY", "to": "EUR", "rate": "0.125",
                                          "as_of": "2026-11-20", "source": "ECB"}
    stored = Quote.objects.get(pk=quote["id"])
    assert (stored.expires_at - stored.created_at).total_seconds() == 30 * 60
    assert quote["lines"][0]["unit_price"]["formatted"] == "107,10\u00a0€"
    assert quote["lines"][0]["title"] == "Edelstahl-Topfset, 5-teilig"
    assert api.get(f"{URL}{quote['id']}/").json()["lines"] == quote["lines"]


def test_the_quantity_picks_the_price_tier(api, listing):
    below = post(api, quote_body(listing, quantity=9, buyer="business")).json()
    at = post(api, quote_body(listing, quantity=10, buyer="business")).json()

    assert (below["lines"][0]["tier_min_quantity"], below["lines"][0]["unit_price"]["amount"]) \
        == (1, "100.00")
    assert (at["lines"][0]["tier_min_quantity"], at["lines"][0]["unit_price"]["amount"]) \
        == (10, "90.00")


def test_below_the_moq_is_refused(api, packs, rates, supplier, certified):
    listing = make_listing(supplier, moq=50)

    response = post(api, quote_body(listing, quantity=49, lang="en"))

    assert response.status_code == 400
    assert messages(response) == {"lines[0].quantity": [
        "49 is below the minimum order quantity of 50 for “Edelstahl-Topfset 5-teilig”."]}
    assert not Quote.objects.exists()


@pytest.mark.parametrize("quantity", [2.5, "2.5", "ten", True, 0, -3, None])
def test_a_quantity_must_be_a_positive_whole_number(api, listing, quantity):
    response = post(api, quote_body(listing, quantity=quantity, lang="en"))

    assert response.status_code == 400
    assert "is not a quantity" in response.json()["lines[0].quantity"][0]
    assert not Quote.objects.exists()


def test_bad_market_parameters_name_the_parameter(api, listing):
    response = post(api, quote_body(listing, buyer="reseller"))

    assert response.status_code == 400
    assert "business" in response.json()["buyer"][0]


def test_unknown_listing_is_named(api, listing):
    body = quote_body(listing, lang="en")
    body["lines"].append({"listing": 999999, "quantity": 1})

    response = post(api, body)

    assert messages(response) == {"lines[1].listing": ["No published listing has the id 999999."]}


def test_listings_not_sellable_in_the_market_are_refused_in_buyer_words(api, packs, rates):
    from marketplace.catalog.models import Supplier
    uncertified = Supplier.objects.create(name="No papers Ltd", slug="no-papers", country="CN")
    radio = make_listing(uncertified, category="radio_devices", radio=True, title="Walkie")

    english = post(api, quote_body(radio, lang="en"))
    german = post(api, quote_body(radio, lang="de"))

    # The findings ("A EU Declaration of Conformity … none is on record") are the merchant's.
    assert english.status_code == 400
    assert messages(english) == {"lines[0].listing": [
        "“Walkie” cannot be sold in Germany yet. Choose another product or ask the seller."]}
    assert messages(german) == {"lines[0].listing": [
        "„Walkie“ kann in diesem Land (Deutschland) noch nicht verkauft werden. Wählen Sie ein "
        "anderes Produkt oder fragen Sie den Verkäufer."]}
    assert not Quote.objects.exists()


def test_trade_terms_are_offered_to_businesses_only(api, listing):
    consumer = post(api, quote_body(listing)).json()
    business = post(api, quote_body(listing, buyer="business")).json()

    assert not {"tt-30-70", "lc-sight"} & {m["code"] for m in consumer["payment_methods"]}
    assert {"tt-30-70", "lc-sight", "lc-usance"} <= {m["code"] for m in
                                                     business["payment_methods"]}
    assert "klarna" not in {m["code"] for m in business["payment_methods"]}


@pytest.mark.parametrize(("unit_price", "total", "klarna"), [
    # EUR net per unit; x 1.19 rounded, + EUR 4.90 parcel = the order total
    ("8399.2437", "10000.00", True),   # Klarna's German maximum exactly
    ("8399.2521", "10000.01", False),  # one cent above it
])
def test_payment_methods_within_their_limits(api, packs, rates, supplier, certified,
                                             unit_price, total, klarna):
    listing = make_listing(supplier, source_currency="EUR")
    listing.price_tiers.filter(min_quantity=1).update(unit_price=Decimal(unit_price))

    quote = post(api, quote_body(listing, quantity=1)).json()

    chosen = option(quote, "de-duisburg:parcel-consumer")
    assert chosen["total"]["amount"] == total
    assert ("klarna" in chosen["payment_methods"]) is klarna
    assert "sepa-credit-transfer" in chosen["payment_methods"]


def test_ioss_options_only_carry_orders_up_to_150_eur(api, packs, rates, supplier, certified):
    listing = make_listing(supplier)  # EUR 100 net per unit

    one = post(api, quote_body(listing, quantity=1)).json()
    two = post(api, quote_body(listing, quantity=2)).json()

    assert "cn-shenzhen:express-ioss" in {o["id"] for o in one["shipping_options"]}
    assert "cn-shenzhen:express-ioss" not in {o["id"] for o in two["shipping_options"]}


def test_a_tampered_unit_price_is_refused(api, listing):
    body = quote_body(listing, lang="en")
    body["lines"][0]["unit_price"] = "1.00"

    response = post(api, body)

    assert response.status_code == 400
    assert response.json()["lines[0].unit_price"] == [
        "“1.00” is not the price of 10 × “Stainless steel pot set, 5 pieces”: "
        "107,10\u00a0€ per unit."]
    assert not Quote.objects.exists()
    body["lines"][0]["unit_price"] = "107.10"
    assert post(api, body).status_code == 201


def test_a_quote_costs_the_same_queries_for_1_or_5_lines(api, listing, supplier):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    others = [make_listing(supplier, title=f"Pot {i}") for i in range(4)]
    one = quote_body(listing)
    five = quote_body(listing)
    five["lines"] += [{"listing": x.pk, "quantity": 10} for x in others]
    with CaptureQueriesContext(connection) as single:
        assert post(api, one).status_code == 201
    with CaptureQueriesContext(connection) as many:
        assert post(api, five).status_code == 201
    assert len(many) == len(single)
