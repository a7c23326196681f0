"""The listing API's errors speak the market's language once the market is resolved, name the
parameter and give the range a client needs to correct the request."""

import pytest

from tests.api_errors import messages

pytestmark = pytest.mark.django_db

DE = {"region": "eu", "country": "DE", "lang": "de"}


def test_an_unknown_category_is_refused_in_the_markets_language(client, listing):
    response = client.get("/api/v1/listings/", {**DE, "category": "boats"})

    assert response.status_code == 400
    assert response.json()["category"][0].startswith(
        "Verwenden Sie einen dieser Werte: batteries, ")


def test_a_quantity_out_of_range_is_refused_in_french_with_french_digits(client, listing):
    response = client.get("/api/v1/listings/", {"region": "eu", "country": "FR", "lang": "fr",
                                                "quantity": "0"})

    assert response.status_code == 400
    assert messages(response) == {"quantity": [
        "« 0 » n’est pas un nombre entier de 1 à 10\xa0000\xa0000."]}


def test_a_page_past_the_end_names_the_range(client, listing):
    response = client.get("/api/v1/listings/", {**DE, "page": "9"})

    assert response.status_code == 404
    assert messages(response) == {"page": [
        "Seite 9 gibt es nicht: Wählen Sie eine Seite von 1 bis 1."]}


def test_a_page_that_is_not_a_number_is_a_400_naming_it(client, listing):
    response = client.get("/api/v1/listings/", {"region": "eu", "country": "DE", "lang": "en",
                                                "page": "last\u202e"})

    assert response.status_code == 400
    assert messages(response) == {"page": [
        "“last\u202e” is not a whole number from 1 to 9,223,372,036,854,775,807."]}


def test_a_listing_id_that_is_not_a_number_is_refused_in_the_request_language(client, listing):
    response = client.get("/api/v1/listings/abc/", DE, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert messages(response) == {"id": ["„abc“ ist keine Angebots-ID (eine ganze Zahl)."]}


def test_a_market_error_speaks_the_requested_language(client, listing):
    response = client.get("/api/v1/listings/", {"region": "eu", "country": "GB", "lang": "de"})

    assert response.status_code == 400
    assert messages(response) == {"country": [
        "GB gehört nicht zur Region „eu“ (sondern zu „uk“); Länder von „eu“: AT, BE, DE, ES, "
        "FR, IE, IT, NL, PL, PT, SE."]}


def test_a_market_error_speaks_accept_language_without_lang(client, listing):
    response = client.get("/api/v1/listings/", {"region": "mars"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert messages(response) == {"region": [
        "Aucune région active « mars » (actives : eu, uk, us)."]}


def test_the_checkout_page_shows_market_errors_in_the_requested_language(client, listing):
    response = client.get("/checkout/", {"region": "eu", "country": "DE", "lang": "de",
                                         "buyer": "reseller", "listing": listing.pk})

    assert response.status_code == 400
    assert "„reseller“ ist kein Käufertyp" in response.content.decode()
    assert '<html lang="de"' in response.content.decode()
