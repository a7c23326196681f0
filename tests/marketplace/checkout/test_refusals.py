"""The checkout's forms refuse bad input with 400, the page in the buyer's language, the
reason beside the field, and nothing kept (marketplace.refusals)."""

import pytest

from marketplace.checkout.models import Order, Quote
from tests.marketplace.checkout.test_pages import BUYER, start_url

pytestmark = pytest.mark.django_db


def quote_for(client, listing) -> Quote:
    client.post(start_url(listing), {
        "region": "eu", "country": "DE", "lang": "de", "buyer": "business",
        "listing": listing.pk, f"quantity-{listing.pk}": "10", "vat_id": "DE136695976"})
    return Quote.objects.get()


def test_a_refused_buyer_address_answers_400_in_german_and_keeps_nothing(client, listing):
    quote = quote_for(client, listing)

    response = client.post(f"/checkout/q/{quote.pk}/details/", {**BUYER, "postal_code": "1"})

    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="de" dir="ltr">' in page
    errors = {field["name"]: field["errors"] for field in response.context["form"]}
    assert errors["postal_code"] == [
        "Das ist keine Postleitzahl für Deutschland (Beispiel: 26133)."]
    assert errors["postal_code"][0] in page
    # Nothing stored: the payment step still sends the buyer back to the details.
    assert client.get(f"/checkout/q/{quote.pk}/payment/")["Location"] == (
        f"/checkout/q/{quote.pk}/details/")
    assert not Order.objects.exists()


def test_a_refused_payment_choice_answers_400_with_the_reason(client, listing):
    quote = quote_for(client, listing)
    client.post(f"/checkout/q/{quote.pk}/details/", BUYER)

    response = client.post(f"/checkout/q/{quote.pk}/payment/", {"payment_method": "klarna"})

    assert response.status_code == 400
    assert response.context["error"] == "Wählen Sie eine der aufgeführten Zahlungsarten."
    assert client.get(f"/checkout/q/{quote.pk}/shipping/")["Location"] == (
        f"/checkout/q/{quote.pk}/payment/")
