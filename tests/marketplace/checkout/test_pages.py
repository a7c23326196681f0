"""The checkout pages: the whole flow in the buyer's language, errors beside their fields,
CSRF on every form, user text escaped, and the pro-forma invoice."""

import re

import pytest
from django.test import Client

from marketplace.checkout.models import Order, Quote
from tests.marketplace.checkout.conftest import make_listing, translate

BUYER = {"company_name": "Berliner Großküchen GmbH", "vat_id": "DE136695976",
         "name": "Anna Schmidt", "email": "anna@example.com", "phone": "030 901820",
         "street_address": "Unter den Linden 1", "postal_code": "10117", "city": "Berlin"}


def start_url(listing, **market) -> str:
    params = {"region": "eu", "country": "DE", "lang": "de", "buyer": "business",
              "listing": listing.pk, **market}
    return "/checkout/?" + "&".join(f"{k}={v}" for k, v in params.items())


def walk_to_review(client, listing, *, quantity="10", vat_id="DE136695976",
                   shipping="de-duisburg:parcel-business", **market):
    response = client.post(start_url(listing, **market), {
        "region": "eu", "country": market.get("country", "DE"),
        "lang": market.get("lang", "de"), "buyer": "business", "listing": listing.pk,
        f"quantity-{listing.pk}": quantity, "vat_id": vat_id})
    assert response.status_code == 302, response.content.decode()[:3000]
    quote = Quote.objects.latest("created_at")
    assert client.get(f"/checkout/q/{quote.pk}/").status_code == 200
    response = client.post(f"/checkout/q/{quote.pk}/details/", BUYER)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(f"/checkout/q/{quote.pk}/payment/", {"payment_method": "sepa-credit-transfer"})
    client.post(f"/checkout/q/{quote.pk}/shipping/", {"shipping_option": shipping})
    return quote


def test_a_german_business_checks_out_in_german(client, listing):
    quote = walk_to_review(client, listing)

    review = client.get(f"/checkout/q/{quote.pk}/review/").content.decode()
    assert "Edelstahl-Topfset, 5-teilig" in review
    assert "1.076,83\u00a0€" in review
    placed = client.post(f"/checkout/q/{quote.pk}/review/", {"expected_total": "1076.83"})

    order = Order.objects.get()
    assert placed["Location"] == f"/checkout/orders/{order.pk}/"
    confirmation = client.get(placed["Location"]).content.decode()
    assert order.number in confirmation
    invoice = client.get(f"/checkout/orders/{order.pk}/invoice/").content.decode()
    assert '<html lang="de" dir="ltr">' in invoice
    assert "Proforma-Rechnung" in invoice
    assert "DAP – Geliefert benannter Ort" in invoice
    assert "171,93\u00a0€" in invoice and "MwSt. 19\u00a0%" in invoice
    assert invoice.count("DE136695976") == 2  # seller's and buyer's VAT IDs
    assert "030 901820" in invoice


def test_the_review_submitted_twice_makes_one_order(client, listing):
    quote = walk_to_review(client, listing)
    client.get(f"/checkout/q/{quote.pk}/review/")

    first = client.post(f"/checkout/q/{quote.pk}/review/", {"expected_total": "1076.83"})
    second = client.post(f"/checkout/q/{quote.pk}/review/", {"expected_total": "1076.83"})

    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1


def test_a_french_buyer_gets_the_reverse_charge_note_in_french(client, listing):
    from regions.warehouses.models import Warehouse
    warehouse = Warehouse.objects.get(region__code="eu", code="de-duisburg")
    warehouse.countries_served.add(warehouse.region.countries.get(code="FR"))
    response = client.post(start_url(listing, country="FR", lang="fr"), {
        "region": "eu", "country": "FR", "lang": "fr", "buyer": "business",
        "listing": listing.pk, f"quantity-{listing.pk}": "10", "vat_id": "FR40303265045"})
    quote = Quote.objects.get()
    client.post(f"/checkout/q/{quote.pk}/details/", {
        "company_name": "Cuisines Lyonnaises SARL", "vat_id": "FR40303265045",
        "name": "Louise Martin", "email": "louise@example.com", "phone": "01 42 68 53 00",
        "street_address": "1 rue de la République", "postal_code": "69001", "city": "Lyon"})
    client.post(f"/checkout/q/{quote.pk}/payment/", {"payment_method": "sepa-credit-transfer"})
    client.post(f"/checkout/q/{quote.pk}/shipping/",
                {"shipping_option": "de-duisburg:parcel-business"})
    client.get(f"/checkout/q/{quote.pk}/review/")
    response = client.post(f"/checkout/q/{quote.pk}/review/", {"expected_total": "904.90"})
    assert response.status_code == 302, response.content.decode()[:2000]

    invoice = client.get(f"/checkout/orders/{Order.objects.get().pk}/invoice/").content.decode()
    assert "Facture pro forma" in invoice
    assert "Autoliquidation" in invoice
    assert "904,90\u00a0€" in invoice
    assert "FR40303265045" in invoice


def test_errors_are_shown_beside_their_fields_in_the_buyers_language(client, listing):
    quote = walk_to_review(client, listing)
    Order.objects.all().delete()

    response = client.post(f"/checkout/q/{quote.pk}/details/", {**BUYER, "phone": "12",
                                                                "postal_code": "1"})

    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'id="id_phone"[^>]*aria-invalid="true" aria-describedby="err_phone"',
                     page)
    assert 'id="err_postal_code"' in page
    assert "Ihre Angaben" in page


def test_a_quantity_below_the_moq_is_shown_on_the_start_page(client, packs, rates, supplier,
                                                              certified):
    listing = make_listing(supplier, moq=50)

    response = client.post(start_url(listing, lang="en"), {
        "region": "eu", "country": "DE", "lang": "en", "buyer": "business",
        "listing": listing.pk, f"quantity-{listing.pk}": "5"})

    assert response.status_code == 400
    assert "below the minimum order quantity of 50" in response.content.decode()
    assert not Quote.objects.exists()


def test_every_form_needs_the_csrf_token(listing):
    client = Client(enforce_csrf_checks=True)
    page = client.get(start_url(listing))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()

    response = client.post(start_url(listing), {"listing": listing.pk,
                                                f"quantity-{listing.pk}": "10"})

    assert response.status_code == 403
    assert not Quote.objects.exists()


def test_listing_titles_are_escaped(client, packs, rates, supplier, certified):
    listing = make_listing(supplier, title="Pot <script>alert(1)</script>")
    translate(listing, "de", "Topf <img src=x onerror=alert(1)>")

    page = client.get(start_url(listing)).content.decode()

    assert "<img src=x" not in page
    assert "Topf &lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("url", ["/checkout/q/00000000-0000-0000-0000-000000000000/details/",
                                 "/checkout/orders/00000000-0000-0000-0000-000000000000/"])
def test_unknown_ids_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_every_step_carries_the_csrf_token_and_refuses_a_post_without_it(listing):
    client = Client(enforce_csrf_checks=True)
    page = client.get(start_url(listing))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      page.content.decode()).group(1)
    client.post(start_url(listing), {"csrfmiddlewaretoken": token, "listing": listing.pk,
                                     f"quantity-{listing.pk}": "10", "region": "eu",
                                     "country": "DE", "lang": "de", "buyer": "business",
                                     "vat_id": "DE136695976"})
    quote = Quote.objects.get()
    steps = {"details": BUYER, "payment": {"payment_method": "sepa-credit-transfer"},
             "shipping": {"shipping_option": "de-duisburg:parcel-business"},
             "review": {"expected_total": "1076.83"}}
    for step, data in steps.items():
        url = f"/checkout/q/{quote.pk}/{step}/"
        assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode(), step
        assert client.post(url, data).status_code == 403, step
        assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert Order.objects.count() == 1


def test_the_first_page_names_the_country_and_language_not_their_codes(client, listing):
    response = client.get(start_url(listing, lang="de"))

    assert "Lieferung nach Deutschland · Sprache Deutsch" in response.content.decode()


@pytest.mark.parametrize(("language", "name"), [("de", "DAP – Geliefert benannter Ort"),
                                                 ("en", "DAP – Delivered at Place")])
def test_the_confirmation_names_the_incoterm_in_the_page_language(client, listing, language,
                                                                   name):
    quote = walk_to_review(client, listing, lang=language)
    placed = client.post(f"/checkout/q/{quote.pk}/review/", {})
    assert placed.status_code == 302, placed.content.decode()[:2000]
    order = Order.objects.get()
    # The name kept at quote time, in another language than the page's.
    stale = "DAP – Delivered at Place" if language == "de" else "DAP – Geliefert benannter Ort"
    order.snapshot["shipping"]["incoterm_name"] = stale
    Order.objects.filter(pk=order.pk).update(snapshot=order.snapshot)  # save() refuses

    html = client.get(f"/checkout/orders/{order.pk}/").content.decode()

    assert f'<html lang="{language}"' in html
    assert f"({name})" in html
    assert stale not in html
