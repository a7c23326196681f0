"""Business buyers of the new markets give their tax registration, checked by their market's
pack: a Japanese T-number is accepted, a Canadian BN with a bad check digit is refused with
the expected format and an example, in the buyer's language."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.checkout.buyers import validate_buyer
from marketplace.checkout.models import Quote
from regions.core.models import Country, Region
from tests.api_errors import messages

URL = "/api/v1/checkout/quotes/"
JAPANESE_BUYER = {
    "company_name": "株式会社テスト", "vat_id": "T 5835678256246", "name": "山田太郎",
    "email": "yamada@example.jp", "phone": "03-3581-4111", "postal_code": "100-8926",
    "country_area": "Tokyo", "street_address": "霞が関3-1-1"}
QUEBEC_BUYER = {
    "company_name": "Érablière Tremblay inc.", "vat_id": "123026634RT0001",
    "name": "Marie Tremblay", "email": "marie@example.ca", "phone": "514 555 0123",
    "street_address": "100 rue Sainte-Catherine O", "city": "Montréal", "country_area": "QC",
    "postal_code": "H2X 1Y4"}
BAD_BN_IN_FRENCH = (
    "Numéro d’inscription à la TPS/TVH (NE + RT0001) non valide : la clé de contrôle ne "
    "correspond pas. Vérifiez qu’il n’y a pas de faute de frappe (exemple de numéro valide : "
    "123026635RT0001).")


@pytest.fixture
def new_markets(db):
    """Japan and Canada as regions of their own (their packs' data is not needed here)."""
    for code, name, country, currency, language, zone in [
            ("jp", "Japan", "JP", "JPY", "ja", "Asia/Tokyo"),
            ("ca", "Canada", "CA", "CAD", "fr", "America/Toronto")]:
        region = Region.objects.create(code=code, name=name)
        Country.objects.create(code=country, region=region, currency=currency,
                               default_language=language, timezone=zone)


def test_a_japanese_business_gives_its_t_number_at_checkout():
    buyer = validate_buyer(JAPANESE_BUYER, country="JP", buyer_type="business",
                           quote_vat_id="T5835678256246")

    assert buyer["vat_id"] == "T5835678256246"


def test_a_canadian_bn_with_a_bad_check_digit_is_refused_at_checkout():
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        validate_buyer(QUEBEC_BUYER, country="CA", buyer_type="business", quote_vat_id="")

    with translation.override("fr"):
        assert caught.value.message_dict == {"vat_id": [BAD_BN_IN_FRENCH]}


def test_a_quote_refuses_a_canadian_bn_with_a_bad_check_digit_in_the_buyers_language(
        client, new_markets):
    response = client.post(URL, {"country": "CA", "buyer": "business",
                                 "vat_id": "123026634RT0001",
                                 "lines": [{"listing": 1, "quantity": 1}]},
                           content_type="application/json")

    assert response.status_code == 400
    assert response.json()["vat_id"] == [BAD_BN_IN_FRENCH]
    assert Quote.objects.count() == 0


def test_a_quote_takes_a_japanese_t_number_and_asks_only_about_the_basket(client, new_markets):
    response = client.post(URL, {"country": "JP", "buyer": "business",
                                 "vat_id": "T5835678256246",
                                 "lines": [{"listing": 999999, "quantity": 1}]},
                           content_type="application/json")

    assert response.status_code == 400
    # The T-number passed; what stops this quote is the basket (no listing 999999 here).
    assert list(messages(response)) == ["lines[0].listing"]
    assert Quote.objects.count() == 0


def test_a_quote_refuses_a_japanese_corporate_number_without_the_t(client, new_markets):
    response = client.post(URL, {"country": "JP", "buyer": "business",
                                 "vat_id": "5835678256246",
                                 "lines": [{"listing": 999999, "quantity": 1}]},
                           content_type="application/json")

    assert response.status_code == 400
    assert response.json()["vat_id"] == [  # in the market's language, from the jp pack
        "日本の適格請求書発行事業者登録番号（T番号）として有効ではありません（例：T5835678256246）。"]


def test_the_start_page_asks_for_the_number_by_the_markets_name(client, new_markets):
    page = client.get("/checkout/", {"country": "CA", "buyer": "business"}).content.decode()

    assert '<label for="vat_id">Numéro d’inscription à la TPS/TVH (NE + RT0001) <span' in page
