"""Hostile input at the checkout's doors (API and pages): a clear 400 naming the field,
nothing stored, nothing echoed raw. Run on SQLite and PostgreSQL (DATABASE_URL)."""

import pytest

from marketplace.checkout.models import Order, Quote
from tests.api_errors import messages
from tests.marketplace.checkout.conftest import quote_body
from tests.marketplace.checkout.test_orders import business_quote, order_body, submit  # noqa: F401

QUOTES = "/api/v1/checkout/quotes/"
HUGE_ID = 9999999999999999999999
NUL_MESSAGE = ("Remove the control character U+0000 at position 5: text may hold line breaks "
               "and tabs but no other control characters.")


def test_a_listing_id_past_the_database_range_is_refused_in_a_quote(api, listing):
    body = quote_body(listing)
    body["lines"] = [{"listing": HUGE_ID, "quantity": 1}]

    response = api.post(QUOTES, body, format="json")

    assert response.status_code == 400
    assert list(messages(response)) == ["lines[0].listing"]
    assert Quote.objects.count() == 0


def test_a_listing_id_past_the_database_range_is_refused_on_the_start_page(client, listing):
    response = client.get(f"/checkout/?region=eu&country=DE&lang=de&listing={HUGE_ID}")

    assert response.status_code == 400
    assert "ist keine ID" in response.content.decode()


@pytest.mark.parametrize("field", ["name", "company_name", "street_address", "city", "phone"])
def test_a_nul_character_in_buyer_details_is_refused_by_the_api(api, business_quote, field):  # noqa: F811
    body = order_body(business_quote)
    body["buyer"][field] = "Anna\x00Schmidt"

    response = submit(api, body)

    assert response.status_code == 400
    assert response.json()[f"buyer.{field}"] == [
        "Entfernen Sie das Steuerzeichen U+0000 an Position 5: Text darf Zeilenumbrüche und "
        "Tabulatoren enthalten, aber keine anderen Steuerzeichen."]
    assert Order.objects.count() == 0


def test_a_nul_character_in_buyer_details_is_refused_by_the_details_page(client, listing):
    client.post(f"/checkout/?region=eu&country=DE&lang=en&buyer=business&listing={listing.pk}",
                {"region": "eu", "country": "DE", "lang": "en", "buyer": "business",
                 "listing": listing.pk, f"quantity-{listing.pk}": "10",
                 "vat_id": "DE136695976"})
    quote = Quote.objects.get()

    response = client.post(f"/checkout/q/{quote.pk}/details/", {
        "company_name": "ACME\x00", "name": "Anna", "email": "anna@example.com",
        "phone": "030 901820", "street_address": "Unter den Linden 1", "postal_code": "10117",
        "city": "Berlin"})

    assert response.status_code == 400
    assert "U+0000" in response.content.decode()
    assert "\x00" not in response.content.decode()


def test_a_nul_character_in_the_idempotency_key_is_refused(api, business_quote):  # noqa: F811
    response = submit(api, order_body(business_quote), key="key\x001")

    assert response.status_code == 400
    assert list(messages(response)) == ["Idempotency-Key"]
    assert Order.objects.count() == 0


def test_an_expected_total_that_is_not_a_number_is_refused(api, business_quote):  # noqa: F811
    response = submit(api, order_body(business_quote, expected_total="sNaN"))

    assert response.status_code == 400
    assert list(messages(response)) == ["expected_total"]
    assert Order.objects.count() == 0


@pytest.mark.parametrize("field", ["region", "country", "lang", "buyer", "subdivision"])
def test_a_nul_character_in_a_market_field_of_a_quote_is_refused(api, listing, field):
    body = quote_body(listing, lang="en")  # errors speak the requested language
    body[field] = "de\x00"

    response = api.post(QUOTES, body, format="json")

    assert response.status_code == 400
    assert messages(response) == {field: [NUL_MESSAGE.replace("position 5", "position 3")]}
    assert Quote.objects.count() == 0


@pytest.mark.parametrize("tag", ["de-XX-invalid-tag-", "de--AT", "de_DE", "déu"])
def test_a_malformed_language_tag_is_refused_in_a_quote_not_read_as_german(api, listing, tag):
    response = api.post(QUOTES, quote_body(listing, lang=tag), format="json")

    assert response.status_code == 400
    assert response.json()["lang"][0].startswith(f"“{tag}” is not a well-formed BCP 47")
    assert Quote.objects.count() == 0


def test_a_malformed_language_tag_is_refused_on_the_start_page(client, listing):
    response = client.get(f"/checkout/?region=eu&country=DE&lang=de-XX-invalid-tag-"
                          f"&listing={listing.pk}")

    assert response.status_code == 400
    assert "is not a well-formed BCP 47 language tag" in response.content.decode()


def test_a_well_formed_regional_tag_still_falls_back_to_its_language(api, listing):
    response = api.post(QUOTES, quote_body(listing, lang="de-CH"), format="json")

    assert response.status_code == 201
    assert Quote.objects.get().language == "de"
