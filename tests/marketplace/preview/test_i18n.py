"""The preview in the merchant's UI language: Chinese chrome and engine messages, market texts
still in the market's language, and a catalog that covers every string."""

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

from tests.marketplace.preview.conftest import preview_url

PROJECT = Path(settings.BASE_DIR)
CATALOG = PROJECT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# The preview's own files, and the engine modules whose messages the preview shows.
TRANSLATED_SOURCES = [
    *sorted((PROJECT / "marketplace" / "preview").rglob("*.py")),
    *sorted((PROJECT / "marketplace" / "preview").rglob("*.html")),
    PROJECT / "marketplace" / "localization" / "engine.py",
    PROJECT / "regions" / "compliance" / "evaluation.py",
]
GETTEXT_KEYWORDS = ["_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"]
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd%]")


@pytest.fixture
def chinese(client, merchant):
    client.force_login(merchant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


@pytest.mark.django_db
def test_accept_language_chooses_the_chinese_ui(client, merchant, listing):
    client.force_login(merchant)

    html = client.get(preview_url(listing, "DE-consumer"),
                      headers={"accept-language": "zh-Hans"}).content.decode()

    assert '<html lang="zh-hans" dir="ltr">' in html
    assert "合规" in html and "显示预览" in html and "不可销售" in html


@pytest.mark.django_db
def test_engine_messages_come_out_in_chinese_and_market_text_does_not(chinese, listing):
    html = chinese.get(preview_url(listing, "DE-consumer", "US-business")).content.decode()

    # a compliance finding (naming the certificate type from the eu pack's Chinese catalog)
    # and a VAT note, translated through the engine's gettext calls
    assert "在此市场销售该产品需要 欧盟符合性声明（CE 标志），但系统中没有记录。" in html
    assert "EU Declaration of Conformity" not in html
    assert "价格已含 19% 增值税。" in html
    assert "价格不含销售税，销售税在结账时按收货地址计算。" in html
    # the market's own text and the engine's number formats stay the market's
    assert "CNC-Graviermaschine 6090" in html
    assert "1.428,00\u00a0€" in html
    # country names follow the UI language
    assert "德国" in html and "美国" in html


@pytest.mark.django_db
def test_a_bad_market_parameter_is_reported_in_the_ui_language(chinese, listing):
    response = chinese.get(preview_url(listing, "DE-wholesale"))

    assert response.status_code == 400
    assert "市场“DE-wholesale”：" in response.content.decode()


@pytest.mark.django_db
def test_the_switcher_posts_to_set_language_and_comes_back(client, merchant, listing):
    client.force_login(merchant)
    back = preview_url(listing, "DE-consumer")
    assert 'action="/i18n/setlang/"' in client.get(back).content.decode()

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": back})

    assert (response.status_code, response["Location"]) == (302, back)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert "商家预览" in client.get(back).content.decode()


@pytest.mark.django_db
def test_the_login_page_is_translated_too(client):
    html = client.get("/accounts/login/", headers={"accept-language": "zh-Hans"}).content.decode()
    assert "登录" in html and "用户名" in html


def extracted_messages() -> dict[str | tuple[str, ...], Path]:
    found = {}
    for path in TRANSLATED_SOURCES:
        source = path.read_text()
        if path.suffix == ".html":
            # Django's own conversion of template tags to gettext calls (what makemessages does)
            source = templatize(source, origin=str(path))
        for _line, _func, message, _comments in extract_python(
                io.BytesIO(source.encode()), GETTEXT_KEYWORDS, [], {}):
            found.setdefault(message[:2] if isinstance(message, tuple) else message, path)
    return found


def test_the_chinese_catalog_translates_every_ui_and_engine_message():
    with CATALOG.open("rb") as po_file:
        catalog = read_po(po_file, locale="zh_Hans")
    messages = extracted_messages()
    assert len(messages) > 100

    problems = []
    for message_id, path in messages.items():
        entry = catalog.get(message_id)
        translations = [] if entry is None else (
            list(entry.string) if isinstance(entry.string, tuple) else [entry.string])
        if entry is None or entry.fuzzy or not all(translations):
            problems.append(f"untranslated: {message_id!r} ({path.relative_to(PROJECT)})")
            continue
        singular = message_id[0] if isinstance(message_id, tuple) else message_id
        for translation in translations:
            if sorted(PLACEHOLDER.findall(translation)) != sorted(PLACEHOLDER.findall(singular)):
                problems.append(f"placeholders differ: {singular!r} → {translation!r}")
    assert problems == []
