"""A merchant in a real browser: signs in, reads the workspace home and the listing form at
desktop (1366 px) and phone (390 px) width, in Chinese and German, and edits a listing."""

import pytest
from django.contrib.auth import get_user_model

from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType
from tests.browser_fixtures import screenshot
from tests.marketplace.preview.conftest import (  # noqa: F401
    compiled_translations,
    make_listing,
    rates,
    supplier,
    translate,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1366, "phone": 390}


def _no_horizontal_overflow(page) -> bool:
    """The page itself never scrolls sideways (wide tables scroll inside their box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_workspace_home_and_listing_form_at_desktop_and_phone_width(
        browser, live_server, packs, rates, supplier):  # noqa: F811
    merchant = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(merchant)
    listing = make_listing(supplier, title="蓝牙音箱 BT-100 便携式无线扬声器")
    make_listing(supplier, title="数控雕刻机 6090", status="draft")
    translate(listing, "de", "Bluetooth-Lautsprecher BT-100")
    Certificate.objects.create(
        supplier=supplier, certificate_type=CertificateType.objects.get(
            region__code="eu", code="eu-doc-ce"), number="DOC-2026-001", status="rejected",
        rejection_reason="The declaration names another manufacturer.")

    for name, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/portal/workspace/zh-hans/")
        page.fill("#id_username", "merchant")
        page.fill("#id_password", "pw-merchant")
        page.click("form[action='/accounts/login/'] button[type=submit]")
        page.wait_for_selector("table.ws-listings")

        assert page.locator("h1").inner_text() == "您的商品"
        assert page.locator("tr[data-listing]").count() == 2
        row = page.locator(f"tr[data-listing='{listing.pk}']")
        assert row.locator("[data-status=blocked]").count() == 5
        assert _no_horizontal_overflow(page)
        screenshot(page, f"workspace-home-zh-{name}")

        page.goto(f"{live_server.url}/portal/workspace/de/listings/{listing.pk}/")
        page.wait_for_selector("form.ws-form")
        assert page.locator("h1").inner_text() == "Angebot bearbeiten"
        assert page.locator("#id_title").input_value() == "蓝牙音箱 BT-100 便携式无线扬声器"
        assert _no_horizontal_overflow(page)
        screenshot(page, f"workspace-listing-form-de-{name}")

        for path, shot in ((f"en/listings/{listing.pk}/translations/fr/", "translation-en"),
                           ("zh-hans/certificates/", "certificates-zh"),
                           ("de/responsible-persons/?region=eu", "responsible-persons-de")):
            page.goto(f"{live_server.url}/portal/workspace/{path}")
            page.wait_for_selector("main h1")
            assert _no_horizontal_overflow(page), path
            screenshot(page, f"workspace-{shot}-{name}")
        context.close()


def test_a_merchant_saves_a_listing_and_sees_the_error_in_their_language(
        page, live_server, packs, rates, supplier):  # noqa: F811
    merchant = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(merchant)
    listing = make_listing(supplier, title="数控雕刻机 6090")

    page.goto(f"{live_server.url}/portal/workspace/zh-hans/listings/{listing.pk}/")
    page.fill("#id_username", "merchant")
    page.fill("#id_password", "pw-merchant")
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_selector("form.ws-form")

    page.fill("#id_hs_code", "85")
    page.click("button[type=submit].button--primary")
    page.wait_for_selector(".field--error")
    assert "HS 编码为 6、8 或 10 位数字" in page.locator("[data-field=hs_code]").inner_text()
    screenshot(page, "workspace-listing-form-error-zh")

    page.fill("#id_hs_code", "85183000")
    page.fill("#id_title", "数控雕刻机 6090 Pro")
    page.click("button[type=submit].button--primary")
    page.wait_for_selector(".message--success")
    assert page.locator(".message--success").inner_text() == "已保存。"
    listing.refresh_from_db()
    assert (listing.title, listing.hs_code) == ("数控雕刻机 6090 Pro", "85183000")
