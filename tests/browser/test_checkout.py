"""A buyer in a real browser: the whole checkout in German and in French, from the quote to
the pro-forma invoice, with screenshots of every step."""

import pytest

from marketplace.checkout.models import Order
from regions.warehouses.models import Warehouse
from tests.browser_fixtures import screenshot
from tests.marketplace.checkout.conftest import (  # noqa: F401
    certified,
    compiled_checkout_translations,
    listing,
    rates,
    supplier,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUYERS = {
    "de": {"company_name": "Berliner Großküchen GmbH", "vat_id": "DE136695976",
           "name": "Anna Schmidt", "email": "anna@example.com", "phone": "030 901820",
           "street_address": "Unter den Linden 1", "postal_code": "10117", "city": "Berlin"},
    "fr": {"company_name": "Cuisines Lyonnaises SARL", "vat_id": "FR40303265045",
           "name": "Louise Martin", "email": "louise@example.com", "phone": "01 42 68 53 00",
           "street_address": "1 rue de la République", "postal_code": "69001", "city": "Lyon"},
}
# What each buyer must read: the step labels, the totals as Babel formats them for the
# locale, and the VAT outcome (19 % added in Germany; reverse charge for the French company
# buying from the German warehouse).
EXPECTED = {
    "de": {"country": "DE", "get_quote": "Angebot anfordern", "continue": "Weiter",
           "place": "Zahlungspflichtig bestellen", "total": "1.076,83\u00a0€",
           "invoice": "Proforma-Rechnung", "vat": "MwSt. 19\u00a0%",
           "incoterm": "DAP – Geliefert benannter Ort"},
    "fr": {"country": "FR", "get_quote": "Obtenir un devis", "continue": "Continuer",
           "place": "Commander avec obligation de paiement", "total": "904,90\u00a0€",
           "invoice": "Facture pro forma", "vat": "Autoliquidation : TVA due par le preneur",
           "incoterm": "DAP – Rendu au lieu de destination"},
}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_business_buyer_checks_out_in_their_language(page, live_server, listing,  # noqa: F811
                                                        language):
    expected, buyer = EXPECTED[language], BUYERS[language]
    warehouse = Warehouse.objects.get(region__code="eu", code="de-duisburg")
    warehouse.countries_served.add(warehouse.region.countries.get(code="FR"))

    page.goto(f"{live_server.url}/checkout/?region=eu&country={expected['country']}"
              f"&lang={language}&buyer=business&listing={listing.pk}&quantity=5")
    assert page.locator("html").get_attribute("lang") == language
    # Below the 10-unit tier first: fine; an invalid VAT ID is refused beside its field.
    page.fill("#vat_id", buyer["vat_id"][:-1] + "0")
    page.click(f"text={expected['get_quote']}")
    assert page.locator("#vat_id[aria-invalid=true]").count() == 1
    screenshot(page, f"checkout-{language}-1-quote-error")

    page.fill(f"#quantity-{listing.pk}", "10")
    page.fill("#vat_id", buyer["vat_id"])
    page.click(f"text={expected['get_quote']}")
    page.wait_for_selector("#rates")
    screenshot(page, f"checkout-{language}-2-quote")
    page.click(f"text={expected['continue']}")

    page.fill("#id_phone", "12")
    for name, value in buyer.items():
        if name not in ("vat_id", "phone"):
            page.fill(f"#id_{name}", value)
    page.click(f"text={expected['continue']}")
    assert page.locator("#err_phone").is_visible()
    screenshot(page, f"checkout-{language}-3-details-error")
    page.fill("#id_phone", buyer["phone"])
    page.click(f"text={expected['continue']}")

    page.check("input[value=sepa-credit-transfer]")
    screenshot(page, f"checkout-{language}-4-payment")
    page.click(f"text={expected['continue']}")

    page.check("input[value='de-duisburg:parcel-business']")
    screenshot(page, f"checkout-{language}-5-shipping")
    page.click(f"text={expected['continue']}")

    assert page.locator("#total").inner_text() == expected["total"]
    screenshot(page, f"checkout-{language}-6-review")
    page.click(f"text={expected['place']}")

    order = Order.objects.get()
    page.wait_for_url(f"**/checkout/orders/{order.pk}/")
    assert order.number in page.locator("h1").inner_text()
    screenshot(page, f"checkout-{language}-7-confirmation")
    page.click(f"text={expected['invoice']}")
    page.wait_for_selector(".invoice")
    text = page.locator(".invoice").inner_text()
    assert expected["vat"] in text
    assert expected["total"] in text
    assert buyer["vat_id"] in text and "DE136695976" in text
    assert expected["incoterm"] in text
    screenshot(page, f"checkout-{language}-8-invoice")
