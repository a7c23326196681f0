"""Exact taxes per market, from the packs' own data and tax code: Canadian provinces (HST, GST
+ QST and GST + PST as separate lines on the price before tax), US states and a resale
exemption. 10 units reach the CNY 720 tier = EUR 90 = CAD 135.00 = USD 99.00 per unit."""

import pytest
from django.core.management import call_command

from marketplace.catalog.models import SupplierTaxRegistration
from marketplace.checkout.models import Order, Quote
from marketplace.compliance.models import Certificate
from marketplace.localization.market import forget_cached_markets
from regions.compliance.models import CertificateType
from tests.api_errors import messages
from tests.marketplace.checkout.conftest import make_listing, quote_body

URL = "/api/v1/checkout/quotes/"


@pytest.fixture
def sellable(packs, rates, supplier):
    call_command("load_region", "ca", verbosity=0)
    for kind in CertificateType.objects.all():
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")
    return make_listing(supplier, title="Stainless steel pot set, 5 pieces")


def taxes(api, listing, option_id, **market):
    response = api.post(URL, quote_body(listing, **market), format="json")
    assert response.status_code == 201, response.json()
    [option] = [o for o in response.json()["shipping_options"] if o["id"] == option_id]
    return ([(line["label"], line["rate"], line["amount"]["amount"])
             for line in option["vat"]["lines"]],
            option["vat"]["treatment"], option["total"]["amount"])


CANADA = {"region": "ca", "country": "CA", "lang": "en-CA", "buyer": "consumer"}


# 10 x CAD 135.00 + ground CAD 11.95 = CAD 1,361.95 before tax.
@pytest.mark.parametrize(("subdivision", "lines", "total"), [
    ("CA-ON", [("HST", "13.00", "177.05")], "1539.00"),
    ("CA-QC", [("GST", "5.00", "68.10"), ("QST", "9.975", "135.85")], "1565.90"),
    ("CA-BC", [("GST", "5.00", "68.10"), ("PST", "7.00", "95.34")], "1525.39"),
    ("CA-AB", [("GST", "5.00", "68.10")], "1430.05"),
])
def test_canadian_provinces(api, sellable, subdivision, lines, total):
    assert taxes(api, sellable, "ca-mississauga:ground", subdivision=subdivision,
                 **CANADA) == (lines, "added", total)


def test_quebec_in_french_reads_tps_and_tvq(api, sellable):
    found, _, _ = taxes(api, sellable, "ca-mississauga:ground", subdivision="QC",
                        **{**CANADA, "lang": "fr-CA"})

    assert [label for label, _, _ in found] == ["TPS", "TVQ"]


US = {"region": "us", "country": "US", "lang": "en-US"}


# 10 x USD 99.00 + ground USD 7.95 = USD 997.95 before tax.
@pytest.mark.parametrize(("market", "expected"), [
    ({"subdivision": "US-NY", "buyer": "consumer"},
     ([("Sales tax", "4.00", "39.92")], "added", "1037.87")),
    ({"subdivision": "US-OR", "buyer": "consumer"}, ([], "added", "997.95")),
    ({"subdivision": "US-NY", "buyer": "business", "tax_exemption": "NY ST-120 0042"},
     ([], "exempt", "997.95")),
])
def test_us_states_and_a_resale_certificate(api, sellable, market, expected):
    assert taxes(api, sellable, "us-ontario-ca:ground", **US, **market) == expected


@pytest.mark.parametrize(("market", "field"), [
    ({**CANADA}, "subdivision"),                                    # tax needs the province
    ({**CANADA, "subdivision": "US-NY"}, "subdivision"),            # another country's
    ({**CANADA, "subdivision": "CA-XX"}, "subdivision"),            # unknown
    ({**US, "buyer": "consumer", "subdivision": "US-NY", "tax_exemption": "X"},
     "tax_exemption"),                                              # consumers are not exempt
])
def test_bad_subdivisions_and_exemptions_are_refused_naming_the_field(api, sellable, market,
                                                                      field):
    response = api.post(URL, quote_body(sellable, **market), format="json")

    assert response.status_code == 400
    assert list(messages(response)) == [field]
    assert not Quote.objects.exists()


def test_an_unknown_subdivision_names_the_allowed_ones(api, sellable):
    response = api.post(URL, quote_body(sellable, subdivision="CA-XX", **CANADA), format="json")

    [message] = response.json()["subdivision"]
    assert message.startswith("“CA-XX” is not a subdivision of Canada; use one of: CA-AB, CA-BC")


QUEBEC_BUYER = {"name": "Marie Tremblay", "email": "marie@example.com", "phone": "514 555 0199",
                "street_address": "1000 rue Sherbrooke Ouest", "city": "Montréal",
                "postal_code": "H3A 3G4", "country_area": "QC"}


def quebec_order(api, sellable, **buyer):
    quoted = api.post(URL, quote_body(sellable, subdivision="CA-QC", **CANADA), format="json")
    assert quoted.status_code == 201, quoted.json()
    return api.post("/api/v1/orders/", {
        "quote": quoted.json()["id"], "payment_method": "card",
        "shipping_option": "ca-mississauga:ground",
        "buyer": {**QUEBEC_BUYER, **buyer}}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")


def test_an_order_keeps_the_quebec_tax_lines(api, sellable):
    response = quebec_order(api, sellable)

    assert response.status_code == 201, response.json()
    vat = response.json()["snapshot"]["vat"]
    assert [(x["label"], x["amount"]["amount"]) for x in vat["lines"]] == [
        ("GST", "68.10"), ("QST", "135.85")]


def test_an_address_in_another_province_than_the_quote_is_refused(api, sellable):
    response = quebec_order(api, sellable, street_address="100 Queen St W", city="Toronto",
                            postal_code="M5H 2N2", country_area="ON")

    assert response.status_code == 400
    [message] = response.json()["buyer.country_area"]
    assert message.startswith("This quote's tax was computed for delivery to Quebec")
    assert not Order.objects.exists()


@pytest.fixture
def world(packs, rates, supplier):
    """Japan, Australia and the UAE loaded, a standard-rated pot set and a food listing whose
    supplier holds every certificate type: nothing blocks."""
    call_command("load_region", "jp", "au", "ae", verbosity=0)
    for kind in CertificateType.objects.all():
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")
    pots = make_listing(supplier, title="Stainless steel pot set, 5 pieces")
    tea = make_listing(supplier, title="Sencha green tea, 100 g", category="food",
                       hs_code="090210")
    return pots, tea


def quote_of(api, body):
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_japan_charges_10_and_8_percent_in_one_order_with_tax_per_rate(api, world):
    pots, tea = world
    body = quote_body(pots, region="jp", country="JP", lang="ja", buyer="consumer")
    body["lines"].append({"listing": tea.pk, "quantity": 10})

    quoted = quote_of(api, body)

    # Net JPY 14,400 a unit: shown with 10 % (15,840) and 8 % (15,552) included.
    assert [line["unit_price"]["amount"] for line in quoted["lines"]] == ["15840", "15552"]
    [option] = [o for o in quoted["shipping_options"] if o["id"] == "jp-ichikawa:takkyubin"]
    vat = option["vat"]
    # 158,400 + shipping 900 at 10 %, 155,520 at 8 %: each tax computed once per rate.
    assert [(x["label"], x["rate"], x["base"]["amount"], x["amount"]["amount"])
            for x in vat["lines"]] == [("消費税", "10.00", "144818", "14482"),
                                       ("消費税", "8.00", "144000", "11520")]
    assert (vat["treatment"], vat["amount"]["amount"], option["total"]["amount"]) == (
        "included", "26002", "314820")
    assert option["total"]["formatted"] == "￥314,820"


def test_australian_consumer_prices_include_gst(api, world):
    pots, _ = world
    quoted = quote_of(api, quote_body(pots, region="au", country="AU", lang="en-AU",
                                      buyer="consumer"))

    # Net AUD 144.00 a unit, shown with 10 % GST included.
    assert quoted["lines"][0]["unit_price"]["formatted"] == "$158.40"
    [option] = [o for o in quoted["shipping_options"] if o["id"].startswith("au-sydney:")][:1]
    assert option["vat"]["treatment"] == "included"
    [line] = option["vat"]["lines"]
    assert (line["label"], line["rate"]) == ("GST", "10.00")


def test_the_uae_charges_5_percent_vat_on_an_arabic_page(api, client, world):
    pots, _ = world
    quoted = quote_of(api, quote_body(pots, region="ae", country="AE", lang="ar",
                                      buyer="consumer"))

    [option] = quoted["shipping_options"][:1]
    [line] = option["vat"]["lines"]
    assert (line["label"], line["rate"]) == ("ضريبة القيمة المضافة", "5.00")
    page = client.get(f"/checkout/q/{quoted['id']}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert quoted["goods_total"]["formatted"] in page


@pytest.mark.parametrize(("extra", "field"), [
    ({"province": "QC"}, "province"),                         # the field is called subdivision
    ({"buyer_details": {"vat_id": "x"}}, "buyer_details"),
])
def test_a_field_the_quote_does_not_know_is_refused_not_ignored(api, sellable, extra, field):
    response = api.post(URL, {**quote_body(sellable, subdivision="CA-ON", **CANADA), **extra},
                        format="json")

    assert response.status_code == 400
    [message] = response.json()[field]
    assert message.startswith("Unknown field; the fields are: region, country, subdivision,")
    assert not Quote.objects.exists()


def test_an_unknown_field_in_a_line_is_refused(api, sellable):
    body = quote_body(sellable, subdivision="CA-ON", **CANADA)
    body["lines"][0]["qty"] = 3

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["lines[0].qty"] == [
        "Unknown field; the fields are: listing, quantity, unit_price."]


def japanese_order(api, world):
    pots, tea = world
    body = quote_body(pots, region="jp", country="JP", lang="ja", buyer="consumer")
    body["lines"].append({"listing": tea.pk, "quantity": 10})
    quoted = quote_of(api, body)
    placed = api.post("/api/v1/orders/", {
        "quote": quoted["id"], "payment_method": "card", "shipping_option": "jp-ichikawa:takkyubin",
        "buyer": {"name": "山田太郎", "email": "taro@example.com", "phone": "03-1234-5678",
                  "postal_code": "100-0001", "country_area": "東京都", "city": "千代田区",
                  "street_address": "千代田1-1"}}, format="json", HTTP_IDEMPOTENCY_KEY="jp-1")
    assert placed.status_code == 201, placed.json()
    return placed.json()["id"]


def test_a_japanese_invoice_follows_the_qualified_invoice_rules(api, client, world):
    invoice = client.get(f"/checkout/orders/{japanese_order(api, world)}/invoice/").content.decode()

    assert "出荷時に適格請求書として発行します。" in invoice
    # The tea (reduced rate) is marked, the pots are not; the note says what the mark means.
    assert "Sencha green tea, 100 g <span class=\"rate-mark\">※</span>" in invoice
    assert "Stainless steel pot set, 5 pieces <span" not in invoice
    assert "※印は軽減税率対象です。" in invoice
    # The seller has no T-number on record: the invoice says so instead of inventing one.
    assert "未登録：販売者が登録するまで" in invoice


def test_the_invoice_prints_the_sellers_registration_in_that_market(api, client, world, supplier):
    SupplierTaxRegistration.objects.create(supplier=supplier, country="JP",
                                           number="T5835678256246", scheme="jp.tnumber")

    invoice = client.get(f"/checkout/orders/{japanese_order(api, world)}/invoice/").content.decode()

    assert "T5835678256246" in invoice
    assert "DE136695976" in invoice  # its home VAT ID stays
    assert "未登録" not in invoice


# --- Local rates by postal code (settings.TAX_LOCAL_RATES; test data, not real rates) ----------

@pytest.fixture
def local_rates(settings, tmp_path):
    path = tmp_path / "us_local.csv"
    path.write_text("subdivision,postal_prefix,jurisdiction,label,rate\n"
                    "US-NY,100,Test City,City tax,4.5\n"
                    "US-NY,100,Test District,District tax,0.375\n", encoding="utf-8")
    settings.TAX_LOCAL_RATES = {"US": str(path)}


NEW_YORK = {**US, "buyer": "consumer", "subdivision": "US-NY"}


def test_local_rates_are_added_for_the_postal_code(api, sellable, local_rates):
    # 997.95 x 4 % = 39.92; x 4.5 % = 44.91; x 0.375 % = 3.74.
    assert taxes(api, sellable, "us-ontario-ca:ground", postal_code="10001", **NEW_YORK) == (
        [("Sales tax", "4.00", "39.92"), ("City tax", "4.50", "44.91"),
         ("District tax", "0.375", "3.74")], "added", "1086.52")
    # A state the rates do not cover needs no postal code.
    assert taxes(api, sellable, "us-ontario-ca:ground", **{**NEW_YORK, "subdivision": "US-OR"}
                 ) == ([], "added", "997.95")


@pytest.mark.parametrize(("postal_code", "message"), [
    (None, "Local taxes in New York depend on the delivery address: give its postal code."),
    ("90001", "“90001” is not a postal code of New York (example: 10000)."),
    ("1000", "“1000” is not a postal code of United States of America (example: 10000)."),
])
def test_a_missing_or_misplaced_postal_code_is_refused(api, sellable, local_rates, postal_code,
                                                      message):
    body = quote_body(sellable, **NEW_YORK, **({"postal_code": postal_code} if postal_code
                                               else {}))
    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert messages(response) == {"postal_code": [message]}
    assert not Quote.objects.exists()


NEW_YORK_BUYER = {"name": "Ann Lee", "email": "ann@example.com", "phone": "212 555 0100",
                  "street_address": "350 5th Ave", "city": "New York", "country_area": "NY"}


def new_york_order(api, sellable, postal_code):
    quoted = api.post(URL, quote_body(sellable, postal_code="10001", **NEW_YORK), format="json")
    assert quoted.status_code == 201, quoted.json()
    return api.post("/api/v1/orders/", {
        "quote": quoted.json()["id"], "payment_method": "card",
        "shipping_option": "us-ontario-ca:ground",
        "buyer": {**NEW_YORK_BUYER, "postal_code": postal_code}},
        format="json", HTTP_IDEMPOTENCY_KEY="k-ny")


def test_an_order_to_the_quoted_postal_code_keeps_the_local_lines(api, sellable, local_rates):
    response = new_york_order(api, sellable, "10001-2062")

    assert response.status_code == 201, response.json()
    assert [x["label"] for x in response.json()["snapshot"]["vat"]["lines"]] == [
        "Sales tax", "City tax", "District tax"]


def test_an_order_to_another_postal_code_than_the_quote_is_refused(api, sellable, local_rates):
    response = new_york_order(api, sellable, "12207")

    assert response.status_code == 400
    assert response.json()["buyer.postal_code"] == [
        "This quote's tax was computed for delivery to postal code 10001. Ask for a new quote "
        "for this address."]
    assert not Order.objects.exists()


def test_the_first_checkout_page_asks_for_the_postal_code_only_where_local_rates_exist(
        client, sellable, settings, tmp_path):
    page = f"/checkout/?region=us&country=US&lang=en-US&listing={sellable.pk}"
    assert 'name="postal_code"' not in client.get(page).content.decode()

    path = tmp_path / "us_local.csv"
    path.write_text("subdivision,postal_prefix,jurisdiction,label,rate\n"
                    "US-NY,100,Test City,City tax,4.5\n", encoding="utf-8")
    settings.TAX_LOCAL_RATES = {"US": str(path)}
    forget_cached_markets()  # deployments set this before start-up, not between requests
    response = client.post("/checkout/", {
        "region": "us", "country": "US", "lang": "en-US", "buyer": "consumer",
        "listing": sellable.pk, f"quantity-{sellable.pk}": "10", "subdivision": "US-NY"})

    assert response.status_code == 400
    assert 'name="postal_code"' in response.content.decode()
    assert "Local taxes in New York depend on the delivery address" in response.content.decode()
