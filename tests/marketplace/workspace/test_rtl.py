"""The workspace in the packs' languages: Arabic reads right to left, Japanese left to right,
each with its own text; Latin names, codes and numbers inside an Arabic page are isolated so
the page's direction does not reorder them; a Japanese supplier lands in Japanese."""

import re

import pytest
from django.utils import translation

from marketplace.catalog.languages import supplier_language
from marketplace.workspace.templatetags.workspace_ui import text_direction

pytestmark = pytest.mark.django_db


def test_the_listings_page_in_arabic_reads_right_to_left(signed_in, listing):
    html = signed_in.get("/portal/workspace/ar/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>عروضك</h1>" in html  # Your listings
    assert ">عرض جديد</a>" in html  # New listing
    assert '<span class="brand__section">مساحة عمل المورد</span>' in html
    # The supplier's Latin name and the listing's title keep their own direction.
    assert "عروض <bdi>Shenzhen Audio Works</bdi>، وهل يستطيع المشترون طلبها في كل سوق." in html
    assert "><bdi>数控雕刻机 6090</bdi></a>" in html


def test_the_listings_page_in_japanese_reads_left_to_right(signed_in, listing):
    html = signed_in.get("/portal/workspace/ja/").content.decode()

    assert '<html lang="ja" dir="ltr">' in html
    assert "<h1>出品一覧</h1>" in html
    assert ">新規出品</a>" in html


def test_the_language_switcher_offers_japanese_and_arabic(signed_in, listing):
    html = signed_in.get("/portal/workspace/de/").content.decode()

    assert 'href="/portal/workspace/ja/" lang="ja" hreflang="ja" data-lang="ja">日本語</a>' in html
    assert 'href="/portal/workspace/ar/" lang="ar" hreflang="ar" data-lang="ar">العربيّة</a>' \
        in html


@pytest.mark.parametrize(("tag", "expected"), [("ja-JP", "ja"), ("ar-AE", "ar")])
def test_a_regional_tag_goes_to_its_language(signed_in, listing, tag, expected):
    response = signed_in.get(f"/portal/workspace/{tag}/certificates/")

    assert (response.status_code, response["Location"]) == (
        302, f"/portal/workspace/{expected}/certificates/")


def test_a_supplier_that_reads_japanese_lands_in_a_japanese_workspace(signed_in, supplier,
                                                                       listing):
    supplier.language = "ja"
    supplier.save()

    response = signed_in.get("/portal/workspace/")

    assert supplier_language(supplier) == "ja"  # its e-mails too
    assert (response.status_code, response["Location"]) == (302, "/portal/workspace/ja/")
    assert "<h1>出品一覧</h1>" in signed_in.get(response["Location"]).content.decode()


def test_the_company_page_offers_japanese_and_arabic_as_the_suppliers_language(signed_in,
                                                                             supplier):
    html = signed_in.get(f"/portal/workspace/ar/company/{supplier.pk}/").content.decode()

    assert "<h1>بيانات الشركة</h1>" in html  # Company details
    assert '<option value="ja">日本語</option>' in html
    assert '<option value="ar">العربيّة</option>' in html
    assert "<strong><bdi>Shenzhen Audio Works</bdi></strong>" in html


def test_the_side_by_side_translation_in_arabic_keeps_each_text_in_its_direction(signed_in,
                                                                                listing):
    html = signed_in.get(
        f"/portal/workspace/ar/listings/{listing.pk}/translations/de/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>الترجمة إلى الألمانية</h1>" in html  # Translation into German
    assert "<h2>نصك</h2>" in html  # Your text: the page's language and direction
    # The Chinese source and the German fields read left to right inside the Arabic page.
    assert re.search(r'<p class="ws-source__title" lang="zh-Hans" dir="ltr">', html)
    assert re.search(r'<input type="text" name="title"[^>]* lang="de" dir="ltr"', html)
    assert re.search(r'<textarea name="description"[^>]* lang="de" dir="ltr"', html)


def test_a_text_takes_the_direction_of_its_language():
    assert [text_direction(tag) for tag in ("ar", "ja", "de", "zh-hans", "xx-unknown", "")] \
        == ["rtl", "ltr", "ltr", "ltr", "ltr", "ltr"]


def test_arabic_examples_keep_their_digit_groups_in_order_and_on_one_line():
    with translation.override("ar"):
        phone = translation.gettext("With the country code, such as +86 755 1234 5678.")
        iban = translation.gettext(
            "Where the bank's country has IBANs, such as DE89 3704 0044 0532 0130 00.")

    # Isolated left to right (U+2066…U+2069), with no-break spaces: never split across lines.
    assert phone == "مع رمز البلد، مثل \u2066+86\xa0755\xa01234\xa05678\u2069."
    assert iban == ("إذا كان بلد البنك يستخدم IBAN، مثل "
                    "\u2066DE89\xa03704\xa00044\xa00532\xa00130\xa000\u2069.")
