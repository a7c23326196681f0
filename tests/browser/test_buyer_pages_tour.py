"""Every page a buyer sees, in Chromium at a laptop's 1366 px and a phone's 390 px, in English
(a UK business), German (a German business) and Arabic (a UAE consumer, right to left): the
start page, the quote, the details, payment, shipping and review steps, the order confirmation,
the pro-forma invoice on screen and as printed, and its PDF. No market offers Chinese to buyers
(zh-Hans is the merchants' language), so there is no zh-Hans buyer page to see.

Screenshots: test-artifacts/screenshots/buyer-<page>-<language>-<width>.png. The PDF is checked
with pypdf (A4 pages, the seller's VAT ID, IBAN, order number and total): no maintained PDF
rasterizer (pypdfium2, poppler) is installed to turn it into a picture."""

import io

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from marketplace.catalog.models import SupplierBankAccount
from marketplace.checkout.invoices import is_transfer
from marketplace.checkout.models import Order, Quote
from regions.compliance.models import CertificateType
from tests.browser.test_checkout_shipping import sellable  # noqa: F401
from tests.browser_fixtures import screenshot
from tests.marketplace.checkout.conftest import (  # noqa: F401
    compiled_checkout_translations,
    rates,
    supplier,
)
from tests.regions.packs.pack_names import english_names, english_shown

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
# Paper: an A4 sheet's width inside the invoice's print margins (210 - 2 x 14 mm at 96 px/in).
A4_CONTENT = {"width": 688, "height": 1123}
A4_POINTS = (595, 842)  # 210 x 297 mm, rounded

# Each language in a market that offers it to buyers, with a buyer who fills in the details.
MARKETS = {
    "en": {"region": "uk", "country": "GB", "buyer": "business", "vat_id": "",
           "details": {"company_name": "Leeds Catering Ltd", "vat_id": "",
                       "name": "Oliver Brown", "email": "oliver@example.com",
                       "phone": "0113 496 0000", "street_address": "1 Park Row",
                       "postal_code": "LS1 5HD", "city": "Leeds"}},
    "de": {"region": "eu", "country": "DE", "buyer": "business", "vat_id": "DE136695976",
           "details": {"company_name": "Berliner Großküchen GmbH", "vat_id": "DE136695976",
                       "name": "Anna Schmidt", "email": "anna@example.com",
                       "phone": "030 901820", "street_address": "Unter den Linden 1",
                       "postal_code": "10117", "city": "Berlin"}},
    "ar": {"region": "ae", "country": "AE", "buyer": "consumer", "vat_id": "",
           "details": {"name": "فاطمة المنصوري", "email": "fatima@example.com",
                       "phone": "02 234 5678", "street_address": "شارع الشيخ زايد 1",
                       "city": "دبي", "country_area": "Dubai", "postal_code": ""}},
}
# Codes the pages must never show as text: the findings' codes, beside the packs' own codes
# (payment methods, shipping options, warehouses, certificate types) read from the quote.
FINDING_CODES = ["certificate_missing", "certificate_expired", "certificate_pending",
                 "translation_missing", "responsible_person_missing"]


@pytest.fixture
def bank_account(supplier):  # noqa: F811
    account = SupplierBankAccount(supplier=supplier, account_holder=supplier.name,
                                  bank_name="Commerzbank", bank_country="DE",
                                  iban="DE89370400440532013000", bic="COBADEFFXXX")
    account.full_clean()
    account.save()
    return account


def _start(client: Client, listing, language: str) -> tuple[str, Quote]:
    market = MARKETS[language]
    query = (f"region={market['region']}&country={market['country']}&lang={language}"
             f"&buyer={market['buyer']}&listing={listing.pk}")
    response = client.post(f"/checkout/?{query}", {
        "region": market["region"], "country": market["country"], "lang": language,
        "buyer": market["buyer"], "listing": listing.pk, f"quantity-{listing.pk}": "10",
        "vat_id": market["vat_id"]})
    assert response.status_code == 302, response.content.decode()[:3000]
    return f"/checkout/?{query}", Quote.objects.latest("created_at")


def _walk(client: Client, stored: Quote, language: str) -> dict:
    """Details, a payment method (a bank transfer where the market has one, so that the
    invoice shows bank details) and the preselected shipping option, as a buyer posts them."""
    response = client.post(f"/checkout/q/{stored.pk}/details/", MARKETS[language]["details"])
    assert response.status_code == 302, response.content.decode()[:3000]
    usable = [m for m in stored.data["payment_methods"] if m["shipping_options"]]
    method = next((m for m in usable if is_transfer(m)), usable[0])
    assert client.post(f"/checkout/q/{stored.pk}/payment/",
                       {"payment_method": method["code"]}).status_code == 302
    page = client.get(f"/checkout/q/{stored.pk}/shipping/").content.decode()
    chosen = page.split('name="shipping_option" value="', 1)[1].split('"', 1)[0]
    assert client.post(f"/checkout/q/{stored.pk}/shipping/",
                       {"shipping_option": chosen}).status_code == 302
    return next(o for o in stored.data["shipping_options"] if o["id"] == chosen)


def _raw_codes(stored: Quote) -> list[str]:
    codes = {*FINDING_CODES, *CertificateType.objects.values_list("code", flat=True)}
    for method in stored.data["payment_methods"]:
        codes.add(method["code"])
    for option in stored.data["shipping_options"]:
        codes.update({option["id"], *option["id"].split(":")})
    # A code that is also a plain word ("card", "klarna") may rightly appear as one.
    return sorted(code for code in codes if any(mark in code for mark in "-_:"))


class Tour:
    """One browser page for one buyer: each visit asserts the status, the language and
    direction, that nothing is wider than the screen, and that no code or English pack name
    shows, then takes the screenshot."""

    def __init__(self, page, live_server, language: str, stored: Quote):
        self.page, self.base, self.language = page, live_server.url, language
        self.direction = "rtl" if language == "ar" else "ltr"
        self.codes = _raw_codes(stored)
        # German pages only: in Arabic the finder also flags another pack's brand names inside
        # the right translation ("Visa / Mastercard" in the UAE's "Visa / Mastercard (البطاقات").
        self.english = english_names(language) if language == "de" else []
        self.html_lang = stored.language

    def visit(self, name: str, path: str, width: str, *, media: str = "screen") -> str:
        self.page.set_viewport_size(WIDTHS.get(width, A4_CONTENT))
        self.page.emulate_media(media=media)
        response = self.page.goto(f"{self.base}{path}")
        # Taken first, so that a failing visit leaves its picture to look at.
        screenshot(self.page, f"buyer-{name}-{self.language}-{width}")
        assert response.status == 200, f"{name}: {response.status}"
        assert self.page.locator("html").get_attribute("lang") == self.html_lang, name
        assert self.page.locator("html").get_attribute("dir") == self.direction, name
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px: {overflow} px wider than the screen"
        text = self.page.locator("body").inner_text()
        assert [code for code in self.codes if code in text] == [], name
        assert english_shown(self.page.content(), self.english) == [], name
        return text


@pytest.mark.parametrize("language", list(MARKETS))
def test_every_buyer_page_reads_well_on_a_laptop_and_a_phone(browser, live_server, sellable,  # noqa: F811
                                                             bank_account, language):
    client = Client()
    start, stored = _start(client, sellable, language)
    option = _walk(client, stored, language)
    context = browser.new_context(locale="en-GB")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    tour = Tour(page, live_server, language, stored)
    try:
        for width in WIDTHS:
            tour.visit("start", start, width)
            tour.visit("quote", f"/checkout/q/{stored.pk}/", width)
            for step in ("details", "payment", "shipping", "review"):
                tour.visit(step, f"/checkout/q/{stored.pk}/{step}/", width)
                if step == "details":
                    # A phone number keeps its order in a right-to-left form.
                    assert page.eval_on_selector(
                        "#id_phone", "e => getComputedStyle(e).direction") == "ltr"
                if step == "payment":
                    # Terms and limits sit on lines of their own: no separator opens them.
                    notes = page.locator(".choice .muted").all_inner_texts()
                    assert [note for note in notes if note.strip().startswith("·")] == []
            assert page.locator("input[name=shipping_option]").count() == 0
        placed = client.post(f"/checkout/q/{stored.pk}/review/",
                             {"expected_total": option["total"]["amount"]})
        assert placed.status_code == 302, placed.content.decode()[:3000]
        order = Order.objects.get()
        for width in WIDTHS:
            text = tour.visit("confirmation", f"/checkout/orders/{order.pk}/", width)
            assert order.number in text
            text = tour.visit("invoice", f"/checkout/orders/{order.pk}/invoice/", width)
            assert order.number in text and option["total"]["formatted"] in text
            assert page.locator("#invoice-pdf").is_visible()
            # An address without a city (the UAE's) has no line that opens with a comma.
            lines = "\n".join(page.locator(".parties address").all_inner_texts()).split("\n")
            assert [line for line in lines if line.strip().startswith(",")] == []
        # Printed, the invoice alone fits the width of an A4 sheet.
        text = tour.visit("invoice-print", f"/checkout/orders/{order.pk}/invoice/", "a4",
                          media="print")
        assert order.number in text and option["total"]["formatted"] in text
        assert not page.locator("#invoice-pdf").is_visible()
        assert not page.locator(".topbar").is_visible()
    finally:
        context.close()

    # The PDF: A4 pages carrying what the accounts department pays from.
    response = client.get(f"/checkout/orders/{order.pk}/invoice.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert {tuple(round(float(v)) for v in p.mediabox.upper_right) for p in reader.pages} == {
        A4_POINTS}
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert order.number in text
    assert "DE136695976" in text
    if is_transfer(order.snapshot["payment_method"]):
        assert "DE89 3704 0044 0532 0130 00" in text
