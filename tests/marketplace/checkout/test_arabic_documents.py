"""An Arabic buyer in the UAE reads the warehouse city and the time zone in Arabic: "دبي",
not "Dubai" (the pack's catalogs), "توقيت الخليج", not "+0400" (CLDR)."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from rest_framework.test import APIClient

from tests.marketplace.checkout.conftest import quote_body
from tests.marketplace.checkout.test_market_taxes import world  # noqa: F401

pytestmark = pytest.mark.django_db

UAE_BUYER = {"name": "فاطمة الحمادي", "email": "fatima@example.ae", "phone": "02 234 5678",
             "street_address": "شارع الشيخ زايد، برج 12", "city": "دبي",
             "country_area": "Dubai"}


@pytest.fixture(scope="module", autouse=True)
def compiled_pack_translations(compiled_checkout_translations):
    """The packs' catalogs too (the checkout's conftest compiles only the checkout's)."""
    call_command("compile_translations", stdout=StringIO())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)


@pytest.fixture
def arabic_quote(api, world) -> dict:  # noqa: F811
    pots, _ = world
    response = api.post("/api/v1/checkout/quotes/", quote_body(
        pots, region="ae", country="AE", lang="ar", buyer="consumer"), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_warehouse_cities_are_written_in_arabic(arabic_quote):
    cities = {option["id"].split(":")[0]: option["ships_from_city"]
              for option in arabic_quote["shipping_options"]}

    assert cities == {"ae-jafza": "دبي", "cn-shenzhen": "شنجن"}


def test_the_quote_page_names_the_gulf_time_zone(client, arabic_quote):
    page = client.get(f"/checkout/q/{arabic_quote['id']}/").content.decode()

    assert "توقيت الخليج" in page
    assert "+0400" not in page


def test_the_arabic_invoice_ships_from_dubai_in_arabic(client, arabic_quote):
    response = APIClient().post("/api/v1/orders/", {
        "quote": arabic_quote["id"], "payment_method": "cod",
        "shipping_option": "ae-jafza:courier-ddp", "buyer": UAE_BUYER},
        format="json", HTTP_IDEMPOTENCY_KEY="ar-1")
    assert response.status_code == 201, response.json()

    invoice = client.get(f"/checkout/orders/{response.json()['id']}/invoice/").content.decode()

    assert "<dd>دبي، الإمارات العربية المتحدة</dd>" in invoice  # ships from
    assert "Dubai" not in invoice
