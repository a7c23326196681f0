"""Checkout pages take the direction of the buyer's language: Arabic right to left."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.test import RequestFactory

from marketplace.checkout.views import _page


@pytest.fixture(scope="module", autouse=True)
def compiled_pack_translations(compiled_checkout_translations):
    """The packs' catalogs too (the checkout's conftest compiles only the checkout's)."""
    call_command("compile_translations", stdout=StringIO())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)


@pytest.mark.parametrize(("language", "direction", "texts"), [
    ("ar-AE", "rtl", ["إتمام الطلب", "عرض السعر", "بياناتك", "خطوات إتمام الطلب"]),
    ("ja-JP", "ltr", ["ご注文手続き", "お見積もり", "お客様情報", "ご注文手続きの手順"]),
])
def test_a_checkout_page_in_the_buyers_language_and_direction(language, direction, texts):
    html = _page(RequestFactory().get("/checkout/"), "base.html", language,
                 {"step": "quote"}).content.decode()

    assert f'<html lang="{language}" dir="{direction}">' in html
    assert [text for text in texts if text not in html] == []
