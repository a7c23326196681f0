"""The supplier portal in the packs' languages: an Arabic portal page reads right to left."""

import pytest

from regions.core.models import Region
from regions.languages.models import RegionLanguage


@pytest.fixture
def arabic_region(db, settings):
    """A region offering Arabic and English, both portal languages."""
    settings.PORTAL_UI_LANGUAGES = [*settings.PORTAL_UI_LANGUAGES, "ar", "ja"]
    region = Region.objects.create(code="xa", name="Arabic test region")
    RegionLanguage.objects.create(region=region, language="ar", is_default=True, position=0)
    RegionLanguage.objects.create(region=region, language="ja", position=1)
    RegionLanguage.objects.create(region=region, language="en", position=2)
    return region


def test_the_landing_page_in_arabic_reads_right_to_left(client, arabic_region):
    html = client.get("/portal/xa/ar/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert "بوابة الموردين" in html  # Supplier portal
    assert "بِع في منطقة Arabic test region" in html
    assert "إنشاء حساب" in html and "تسجيل الدخول" in html


def test_the_landing_page_in_japanese_reads_left_to_right(client, arabic_region):
    html = client.get("/portal/xa/ja/").content.decode()

    assert '<html lang="ja" dir="ltr">' in html
    assert "サプライヤーポータル" in html and "Arabic test region 地域で販売する" in html
