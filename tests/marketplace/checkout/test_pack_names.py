"""The German checkout shows the packs' names (payment methods and their terms, shipping
options, warehouses, the region) in German on every page: none of their English names appears
where the pack translates it."""

import pytest

from marketplace.checkout.models import Order
from tests.marketplace.checkout.test_pages import start_url, walk_to_review
from tests.regions.packs.pack_names import english_names, english_shown


@pytest.fixture
def english(packs):
    names = english_names("de")
    # What the buyer picks below, so the check below can fail.
    assert {"SEPA credit transfer", "Parcel, tracked (business)", "European Union",
            "Overseas warehouse, Duisburg", "T/T 30 % deposit, 70 % before shipment"} <= set(names)
    return names


def test_no_page_of_the_german_checkout_shows_an_english_pack_name(client, listing, english):
    start = client.get(start_url(listing)).content.decode()
    quote = walk_to_review(client, listing)
    pages = {"start": start}
    for page, step in (("quote", ""), ("payment", "payment/"), ("shipping", "shipping/"),
                       ("review", "review/")):
        pages[page] = client.get(f"/checkout/q/{quote.pk}/{step}").content.decode()
    placed = client.post(f"/checkout/q/{quote.pk}/review/", {"expected_total": "1076.83"})
    order = Order.objects.get()
    pages["order"] = client.get(placed["Location"]).content.decode()
    pages["invoice"] = client.get(f"/checkout/orders/{order.pk}/invoice/").content.decode()

    assert {page: english_shown(html, english) for page, html in pages.items()} == {
        page: [] for page in pages}
    assert "SEPA-Überweisung" in pages["payment"] and "SEPA-Überweisung" in pages["invoice"]
    assert "T/T: 30 % Anzahlung, 70 % vor Versand" in pages["payment"]
    assert "Paket mit Sendungsverfolgung (Geschäftskunden)" in pages["shipping"]
    assert "EU-Lager, Duisburg" in pages["review"]
    assert "Paket mit Sendungsverfolgung (Geschäftskunden)" in pages["invoice"]


def test_the_finder_sees_an_english_name_and_its_escaped_form(english):
    page = "<td>SEPA credit transfer</td><td>Collection by the buyer&#x27;s carrier</td>"

    assert english_shown(page, english) == ["SEPA credit transfer",
                                            "Collection by the buyer's carrier"]
    assert english_shown("<p>NEXT STEPS</p>", english) == []  # "EPS" only as a word
