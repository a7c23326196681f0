"""The pro-forma invoice a buyer's accounts department can pay from: the seller's address,
VAT ID and register number, the bank details for a transfer (the seller's, or the
marketplace's when it collects), the Incoterm's named place per Incoterms 2020, and a PDF."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from marketplace.catalog.models import SupplierBankAccount
from marketplace.checkout.models import Order
from tests.marketplace.checkout.test_pages import walk_to_review


@pytest.fixture
def bank_account(supplier) -> SupplierBankAccount:
    account = SupplierBankAccount(supplier=supplier, account_holder=supplier.name,
                                  bank_name="Commerzbank", bank_country="DE",
                                  iban="de89 3704 0044 0532 0130 00", bic="COBADEFFXXX")
    account.full_clean()
    account.save()
    return account


def place_order(client: Client, listing, **walk) -> Order:
    quote = walk_to_review(client, listing, **walk)
    placed = client.post(f"/checkout/q/{quote.pk}/review/", {
        "expected_total": _expected_total(quote)})
    assert placed.status_code == 302, placed.content.decode()[:2000]
    return Order.objects.get()


def _expected_total(quote) -> str:
    quote.refresh_from_db()
    chosen = [option for option in quote.data["shipping_options"]
              if option["id"] == "de-duisburg:parcel-business"]
    return chosen[0]["total"]["amount"]


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
