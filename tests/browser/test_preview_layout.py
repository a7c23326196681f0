"""The merchant preview holds its layout for 1 to 8 markets at 1366 px and at a phone's 390
px, in English, German and Chinese (and Arabic for the UAE, whose panel reads right to left):
no market header split mid-word, no section drawn over another (the checkout button over the
SHIPPING heading), nothing wider than the screen, and the warning that buyers would read
another language. Screenshots in test-artifacts/screenshots/preview-layout-*.png."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType
from tests.browser_fixtures import screenshot
from tests.marketplace.preview.conftest import (  # noqa: F401
    compiled_translations,
    make_listing,
    preview_url,
    rates,
    supplier,
    translate,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
EIGHT = ["DE-consumer", "FR-business", "PL-consumer", "GB-consumer", "US-business",
         "AE-consumer", "NL-consumer", "IT-business"]

# Latin-script words that a line break splits in two (CJK text may break between any
# characters, so only words of Latin letters are checked).
BROKEN_WORDS = """() => {
  const broken = [];
  const latin = /^[\\p{Script=Latin}\\p{P}\\d]+$/u;
  for (const el of document.querySelectorAll('.market__head h2, .market__meta, .badge, h3')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        if (!latin.test(m[0])) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
# Sections of a market panel drawn over the next one (each must end above the next's top).
OVERLAPS = """() => {
  const found = [];
  for (const market of document.querySelectorAll('.market')) {
    const parts = [...market.children].filter(el => el.getBoundingClientRect().height > 0);
    for (let i = 1; i < parts.length; i++) {
      const above = parts[i - 1].getBoundingClientRect(), below = parts[i].getBoundingClientRect();
      if (above.bottom > below.top + 1) {
        found.push(`${market.dataset.market}: ${parts[i - 1].className} / ${parts[i].className}`);
      }
    }
  }
  return found;
}"""


@pytest.fixture
def signed_in_page(browser, live_server, packs, rates, supplier):  # noqa: F811
    """A merchant signed in; the listing sellable everywhere (every certificate on record),
    with German and Arabic text but no English or French: those buyers read Chinese."""
    call_command("load_region", "ae", verbosity=0)
    for kind in CertificateType.objects.all():
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")
    merchant = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(merchant)
    listing = make_listing(supplier, category="kitchenware", radio=False,
                           contains_battery=False)
    translate(listing, "de", "CNC-Graviermaschine 6090 mit Vakuumtisch")
    translate(listing, "ar", "آلة نقش CNC طراز 6090")
    context = browser.new_context(viewport=WIDTHS["1366"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "merchant")
    page.fill("#id_password", "pw-merchant")
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_selector("table.table")
    yield page, listing
    context.close()


def _look(page, url: str, name: str) -> None:
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.goto(url)
        page.wait_for_selector(".market")
        assert page.evaluate(BROKEN_WORDS) == [], f"{name} at {width} px"
        assert page.evaluate(OVERLAPS) == [], f"{name} at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} is wider than {width} px")
        screenshot(page, f"preview-layout-{name}-{width}")


def _ui_language(page, live_server, language: str) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                               "url": live_server.url}])


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_one_five_and_eight_markets_hold_their_layout(signed_in_page, live_server, language):
    page, listing = signed_in_page
    _ui_language(page, live_server, language)

    for count in (1, 5, 8):
        _look(page, live_server.url + preview_url(listing, *EIGHT[:count]),
              f"{language}-{count}")
        assert page.locator(".market").count() == count

    # The UK and the US would read the Chinese source: a warning, not "Sellable".
    for key in ("GB-consumer", "US-business"):
        market = page.locator(f".market[data-market={key}]")
        assert market.locator("[data-warning=reads-other-language]").count() == 1
        assert "badge--warnings" in market.locator(".badge").get_attribute("class")


def test_the_uae_reads_right_to_left_in_an_arabic_interface(signed_in_page, live_server):
    page, listing = signed_in_page
    _ui_language(page, live_server, "ar")

    _look(page, live_server.url + preview_url(listing, "AE-consumer", "DE-consumer"), "ar-2")

    assert page.locator("html").get_attribute("dir") == "rtl"
    uae = page.locator(".market[data-market=AE-consumer]")
    assert uae.get_attribute("dir") == "rtl"
    assert uae.locator(".market__text").get_attribute("dir") == "rtl"
    assert "آلة نقش" in uae.locator(".listing-title").inner_text()
    germany = page.locator(".market[data-market=DE-consumer]")
    assert germany.get_attribute("dir") is None  # the interface's direction: right to left
    assert germany.locator(".market__text").get_attribute("dir") == "ltr"
