"""The preview's pages in the packs' languages: Japanese left to right, Arabic right to left."""

import pytest


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
