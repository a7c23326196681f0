"""The checkout's quote and shipping step in a real browser, at a laptop's 1366 px and a
phone's 390 px, in English, German and Arabic (the UAE, right to left): the product
with its attributes on the quote, options grouped by warehouse with one preselected, nothing
wider than the screen. Screenshots in test-artifacts/screenshots/checkout-shipping-*.png."""

from importlib import import_module

import pytest
from django.conf import settings
from django.core.management import call_command

from marketplace.checkout.models import Quote
from marketplace.checkout.quotes import quote
from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType
from tests.browser_fixtures import screenshot
from tests.marketplace.checkout.conftest import (  # noqa: F401
    compiled_checkout_translations,
    make_listing,
    rates,
    supplier,
    translate,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
# (language, region, country, buyer): each language in a market that offers it. No market
# offers Chinese to buyers (it is the merchants' language: the preview's screenshots).
MARKETS = {
    "en": ("uk", "GB", "en-GB", "business"),
    "de": ("eu", "DE", "de", "consumer"),
    "ar": ("ae", "AE", "ar", "consumer"),
}
TITLES = {"de": "Edelstahl-Topfset, 5-teilig", "zh-Hans": "不锈钢锅具套装，5 件",
          "ar": "طقم قدور من الفولاذ المقاوم للصدأ، 5 قطع"}


@pytest.fixture
def sellable(packs, rates, supplier):  # noqa: F811
    """The pot set, sellable in the EU, the UK and the UAE, in four languages."""
    call_command("compile_translations", stdout=_Null())
    call_command("load_region", "ae", verbosity=0)
    for kind in CertificateType.objects.all():
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")
    listing = make_listing(supplier, title="Stainless steel pot set, 5 pieces")
    for language, title in TITLES.items():
        translate(listing, language, title)
    listing.attributes.create(name="Material", value="Stainless steel 18/10", position=0)
    listing.attributes.create(name="Capacity", value="1.5 / 2 / 3 / 4 / 5.5", unit="l",
                              position=1)
    return listing


def _quote_with_payment(listing, language: str) -> Quote:
    """A quote and a browser session that has chosen its first payment method."""
    region, country, tag, buyer = MARKETS[language]
    stored = quote({"region": region, "country": country, "lang": tag, "buyer": buyer,
                    "lines": [{"listing": listing.pk, "quantity": 10}]})
    return stored


def _session_cookie(live_server, stored: Quote, method: str) -> dict:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[f"checkout:{stored.pk}"] = {"buyer": {"name": "Test"}, "payment_method": method}
    store.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key,
            "url": live_server.url}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", list(MARKETS))
def test_the_quote_and_the_shipping_step_read_well_on_a_laptop_and_a_phone(
        browser, live_server, sellable, language):
    stored = _quote_with_payment(sellable, language)
    method = next(m["code"] for m in stored.data["payment_methods"] if m["shipping_options"])
    context = browser.new_context(viewport=WIDTHS["1366"])
    context.add_cookies([_session_cookie(live_server, stored, method)])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            page.goto(f"{live_server.url}/checkout/q/{stored.pk}/")
            assert page.locator(".product__attributes li").count() == 2
            assert _fits(page), f"the quote is wider than {width} px"
            screenshot(page, f"checkout-shipping-{language}-{width}-quote")

            page.goto(f"{live_server.url}/checkout/q/{stored.pk}/shipping/")
            assert page.locator(".ship-group").count() >= 1
            assert page.locator("input[name=shipping_option]:checked").count() == 1
            assert _fits(page), f"the shipping step is wider than {width} px"
            screenshot(page, f"checkout-shipping-{language}-{width}")
        direction = page.locator("html").get_attribute("dir")
        assert direction == ("rtl" if language == "ar" else "ltr")
    finally:
        context.close()


class _Null:
    def write(self, *_args) -> None:
        pass
