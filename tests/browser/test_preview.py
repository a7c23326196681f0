"""A merchant in a real browser: sign in, compare two markets, read the blockers, switch the
UI to Chinese."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser_fixtures import screenshot
from tests.marketplace.preview.conftest import (  # noqa: F401
    compiled_translations,
    make_listing,
    rates,
    supplier,
    translate,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merchant_compares_two_markets_and_reads_them_in_chinese(page, live_server, packs,
                                                                  rates, supplier):  # noqa: F811
    merchant = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(merchant)
    listing = make_listing(supplier, title="Bluetooth-Lautsprecher BT-100 (Quelle)")
    translate(listing, "de", "Bluetooth-Lautsprecher BT-100")
    translate(listing, "en", "Bluetooth speaker BT-100")

    page.goto(f"{live_server.url}/preview/")
    page.wait_for_selector("#id_username")
    screenshot(page, "preview-login")
    page.fill("#id_username", "merchant")
    page.fill("#id_password", "pw-merchant")
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_selector("table.table")
    screenshot(page, "preview-listings")
    page.click(f"a[href='/preview/listings/{listing.pk}/'] >> nth=0")
    page.wait_for_selector(".market")

    page.click(".picker summary")
    for box in page.locator("input[name=market]").all():
        box.set_checked(False)
    page.check("input[name=market][value=DE-consumer]")
    page.check("input[name=market][value=US-business]")
    page.click("text=Show preview")
    page.wait_for_load_state()

    markets = page.locator(".market")
    assert markets.count() == 2
    germany = page.locator(".market[data-market=DE-consumer]")
    us = page.locator(".market[data-market=US-business]")
    assert germany.locator(".badge").inner_text() == "Blocked"
    assert germany.locator(".finding--blocker").first.is_visible()
    assert us.locator(".finding--blocker").first.is_visible()
    assert "FCC" in us.locator(".findings").inner_text()
    assert "Bluetooth-Lautsprecher BT-100" in germany.locator(".listing-title").inner_text()
    # blockers stand out: red, not the page's body text colour
    colour = germany.locator(".finding--blocker .finding__severity").first.evaluate(
        "el => getComputedStyle(el).color")
    assert colour == "rgb(180, 35, 24)"
    screenshot(page, "preview-two-markets")

    page.select_option("#ui-language", "zh-hans")
    page.click("form[action='/i18n/setlang/'] button[type=submit]")
    page.wait_for_selector("html[lang=zh-hans]")

    assert page.locator(".market").count() == 2
    assert germany.locator(".badge").inner_text() == "不可销售"
    assert "合规" in germany.inner_text()
    assert "在此市场销售该产品需要" in germany.locator(".findings").inner_text()
    # the market's own text stays in the market's language
    assert "Bluetooth-Lautsprecher BT-100" in germany.locator(".listing-title").inner_text()
    screenshot(page, "preview-zh-hans")
