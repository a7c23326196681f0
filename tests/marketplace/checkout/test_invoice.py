"""The pro-forma invoice a buyer's accounts department can pay from: the seller's address,
VAT ID and register number, the bank details for a transfer (the seller's, or the
marketplace's when it collects), the Incoterm's named place per Incoterms 2020, and a PDF."""

import io
import uuid

import pytest
from django.test import Client
from pypdf import PdfReader

from marketplace.catalog.models import SupplierBankAccount
from marketplace.checkout.checks import check_collection_account
from marketplace.checkout.documents import incoterm_shown
from marketplace.checkout.invoices import bank_details
from marketplace.checkout.models import Order
from tests.marketplace.checkout.test_pages import walk_to_review

PARCEL = "de-duisburg:parcel-business"
COLLECTION = "de-duisburg:collection"
MARKETPLACE_ACCOUNT = {"holder": "Marketplace Regions GmbH", "bank_name": "Deutsche Bank",
                       "bank_country": "DE", "iban": "DE02120300000000202051",
                       "bic": "BYLADEM1001"}


@pytest.fixture
def bank_account(supplier) -> SupplierBankAccount:
    account = SupplierBankAccount(supplier=supplier, account_holder=supplier.name,
                                  bank_name="Commerzbank", bank_country="DE",
                                  iban="de89 3704 0044 0532 0130 00", bic="COBADEFFXXX")
    account.full_clean()
    account.save()
    return account


def place_order(client: Client, listing, shipping: str = PARCEL) -> Order:
    quote = walk_to_review(client, listing, shipping=shipping)
    quote.refresh_from_db()
    total = next(option["total"]["amount"] for option in quote.data["shipping_options"]
                 if option["id"] == shipping)
    placed = client.post(f"/checkout/q/{quote.pk}/review/", {"expected_total": total})
    assert placed.status_code == 302, placed.content.decode()[:2000]
    return Order.objects.get()


def invoice_page(client: Client, order: Order) -> str:
    response = client.get(f"/checkout/orders/{order.pk}/invoice/")
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_carries_the_sellers_vat_id_and_iban(client, listing, bank_account):
    order = place_order(client, listing)

    response = client.get(f"/checkout/orders/{order.pk}/invoice.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{order.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "USt-IdNr.: DE136695976" in text
    assert "DE89 3704 0044 0532 0130 00" in text
    assert "COBADEFF" in text
    assert order.number in text
    assert "Hafenstraße 1" in text and "47119 Duisburg" in text


def test_an_unknown_order_has_no_pdf(client, db):
    assert client.get(f"/checkout/orders/{uuid.uuid4()}/invoice.pdf").status_code == 404


def test_the_invoice_page_prints_the_sellers_account_and_the_order_as_reference(
        client, listing, bank_account):
    order = place_order(client, listing)

    page = invoice_page(client, order)

    assert f'href="/checkout/orders/{order.pk}/invoice.pdf"' in page
    assert "<h2>Bankverbindung für Ihre Überweisung</h2>" in page
    assert '<dd class="iban">DE89 3704 0044 0532 0130 00</dd>' in page
    assert "<dd>COBADEFF</dd>" in page
    assert f'<dd id="payment-reference">{order.number}</dd>' in page
    assert 'id="collected-by-marketplace"' not in page
    assert "USt-IdNr.: DE136695976" in page and "Registernummer: HRB 12345" in page
    assert "sales@example.com · +49 203 5551234" in page


def test_a_later_change_of_the_payout_details_leaves_the_issued_invoice_as_it_was(
        client, listing, bank_account):
    order = place_order(client, listing)
    bank_account.iban = "DE02120300000000202051"
    bank_account.full_clean()
    bank_account.save()

    page = invoice_page(client, order)

    assert "DE89 3704 0044 0532 0130 00" in page
    assert "DE02 1203 0000 0000 2020 51" not in page


def test_when_the_marketplace_collects_the_invoice_prints_its_account_and_says_so(
        client, listing, bank_account, settings):
    settings.CHECKOUT_COLLECTION_ACCOUNT = MARKETPLACE_ACCOUNT
    order = place_order(client, listing)

    page = invoice_page(client, order)

    assert ("Marketplace Regions GmbH nimmt diese Zahlung im Namen des Verkäufers entgegen: "
            "Überweisen Sie ausschließlich auf dieses Konto.") in page
    assert '<dd class="iban">DE02 1203 0000 0000 2020 51</dd>' in page
    assert "DE89 3704 0044 0532 0130 00" not in page


def test_a_seller_without_bank_details_is_named_rather_than_left_blank(client, listing):
    order = place_order(client, listing)

    page = invoice_page(client, order)

    assert ("Duisburg Küchentechnik GmbH hat seine Bankverbindung noch nicht angegeben; fragen "
            "Sie den Verkäufer danach, bevor Sie zahlen.") in page


def test_an_invoice_that_charges_vat_says_when_the_seller_has_no_vat_id(client, listing, supplier):
    supplier.vat_id = ""
    supplier.save()
    order = place_order(client, listing)

    page = invoice_page(client, order)

    assert page.count("USt-IdNr.: nicht hinterlegt") == 1
    assert "USt-IdNr.: —" not in page


def test_dap_names_the_buyers_place_of_delivery(client, listing):
    order = place_order(client, listing)

    page = invoice_page(client, order)

    assert ('<dd id="incoterm">DAP – Geliefert benannter Ort, benannter Ort: Berlin, Deutschland '
            "(Incoterms 2020)</dd>") in page


def test_fca_names_the_place_the_goods_leave_the_seller(client, listing):
    order = place_order(client, listing, shipping=COLLECTION)

    page = invoice_page(client, order)

    assert ('<dd id="incoterm">FCA – Frei Frachtführer, benannter Ort: Duisburg, Deutschland '
            "(Incoterms 2020)</dd>") in page


def test_cif_names_no_port_it_does_not_know():
    shipping = {"incoterm": "CIF", "incoterm_name": "CIF – Cost, Insurance and Freight",
                "ships_from": "CN", "ships_from_city": "Shenzhen"}

    shown = incoterm_shown(shipping, {"city": "Berlin", "country": "DE"}, lambda code: code)

    assert shown["place"] == ""


def test_only_transfers_carry_bank_details(supplier, bank_account):
    supplier.refresh_from_db()

    card = bank_details({"settlement": "card"}, [supplier])
    transfer = bank_details({"settlement": "bank_transfer"}, [supplier])
    trade_terms = bank_details({"settlement": "trade_terms"}, [supplier])

    assert card is None
    assert transfer == trade_terms == {"collected_by_marketplace": False, "accounts": [{
        "seller": supplier.pk, "seller_name": "Duisburg Küchentechnik GmbH",
        "holder": "Duisburg Küchentechnik GmbH", "bank_name": "Commerzbank",
        "bank_country": "DE", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFF",
        "account_number": "", "bank_code": ""}]}


def test_a_collection_account_a_bank_would_refuse_stops_the_start(settings):
    settings.CHECKOUT_COLLECTION_ACCOUNT = {**MARKETPLACE_ACCOUNT, "iban": "DE02120300000000202052"}

    [error] = check_collection_account()

    assert error.id == "checkout.E001"
    assert error.msg.startswith("CHECKOUT_COLLECTION_ACCOUNT is not a usable bank account: "
                                "iban: This is not a valid IBAN")


def test_a_valid_collection_account_passes_the_check(settings):
    settings.CHECKOUT_COLLECTION_ACCOUNT = MARKETPLACE_ACCOUNT

    assert check_collection_account() == []
