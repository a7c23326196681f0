"""The preview's pages in the packs' languages: Japanese left to right, Arabic right to left."""

import pytest
from django.core.management import call_command

from tests.marketplace.preview.conftest import make_listing, preview_url, translate


@pytest.mark.django_db
def test_the_sign_in_page_in_arabic_reads_right_to_left(client):
    html = client.get("/accounts/login/", headers={"accept-language": "ar"}).content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert "معاينة التاجر" in html  # Merchant preview
    assert "اسم المستخدم" in html and "كلمة المرور" in html  # Username, Password


@pytest.mark.django_db
def test_the_sign_in_page_in_japanese_reads_left_to_right(client):
    html = client.get("/accounts/login/", headers={"accept-language": "ja"}).content.decode()

    assert '<html lang="ja" dir="ltr">' in html
    assert "販売者向けプレビュー" in html and "画面の言語" in html and "パスワード" in html


def test_an_arabic_market_panel_reads_right_to_left_in_an_english_interface(
        client, merchant, packs, rates, supplier):
    client.force_login(merchant)
    call_command("load_region", "ae", verbosity=0)
    item = make_listing(supplier)
    translate(item, "ar", "آلة نقش CNC طراز 6090")

    html = client.get(preview_url(item, "AE-consumer", "DE-consumer")).content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert 'data-market="AE-consumer" dir="rtl">' in html
    assert 'data-market="DE-consumer">' in html
    assert '<section class="market__text" lang="ar" dir="rtl">' in html
    # Germany has no German text: the Chinese source, left to right.
    assert '<section class="market__text" lang="zh-Hans" dir="ltr">' in html
