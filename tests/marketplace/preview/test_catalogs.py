"""The preview's language menu offers only languages the preview speaks, and the preview speaks
every one it offers: English, Simplified Chinese and the portal's UI languages
(settings.PORTAL_UI_LANGUAGES, with the languages installed packs bring), each named in its own
language. Every text of the preview's Python and templates is translated into each, with its
placeholders (German was offered nowhere and had none of the preview's texts: a German merchant
read "Language shown", "Compliance", "Add the translation"; French and Polish merchants were not
offered their language at all)."""

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file, extract_python
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from marketplace.catalog.languages import merchant_languages
from marketplace.preview.templatetags.preview_ui import ui_languages

ROOT = Path(settings.BASE_DIR)
# The preview's own modules, and those whose sentences it shows: a finding's words, a delivery
# time.
PYTHON = [*sorted((ROOT / "marketplace/preview").glob("*.py")),
          ROOT / "regions/compliance/messages.py", ROOT / "marketplace/localization/delivery.py"]
TEMPLATES = sorted((ROOT / "marketplace/preview/templates").rglob("*.html"))
KEYWORDS = {"_": None, "gettext_lazy": None, "gettext": None, "ngettext": (1, 2),
            "ngettext_lazy": (1, 2)}
# The languages the preview must speak, from settings: a language a new pack brings fails the
# catalog test below until the preview's texts are translated into it.
LANGUAGES = [code for code in merchant_languages() if code != "en"]
# Words that are the same in English and the language: the ICC's term everywhere, and words
# those languages borrowed; and two halves of a delivery time joined by a comma, as most
# languages join them (Chinese and Arabic have commas of their own).
EVERYWHERE = {"Incoterm", "%(ships)s, %(then)s"}
SAME_WORD = {"de": {"Status", "Compliance", "Wallet"}, "it": {"Password"}, "nl": {"Status"},
             "pl": {"Status"}, "sv": {"Status"}}
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sd%]")
# Counts that reach every plural form of these languages (Polish 2 and 22: few; Spanish
# a million: many).
COUNTS = (0, 1, 2, 5, 22, 1_000_000)
# Arabic forms for none, one and two may say the number in words ("وحدة واحدة": one unit; see
# locale/README.md); they may not bring a placeholder of their own.
SPELLED_OUT = {"ar": {0, 1, 2}}


def messages() -> list[str | tuple[str, str]]:
    found = []
    for source in PYTHON:
        found += [message for _line, message, _comments, _context in
                  extract_from_file("python", source, keywords=KEYWORDS)]
    for template in TEMPLATES:
        code = templatize(template.read_text(), origin=str(template))
        found += [message for _line, _function, message, _comments in
                  extract_python(io.BytesIO(code.encode()), KEYWORDS.keys(), [], {})]
    return sorted({m[:2] if isinstance(m, tuple) else m for m in found}, key=str)


def test_the_sources_have_messages():
    assert len(messages()) > 100


def test_the_menu_offers_english_chinese_and_the_portal_languages_in_their_own_names():
    assert ui_languages() == [
        ("en", "English"), ("zh-hans", "简体中文"), ("de", "Deutsch"), ("fr", "Français"),
        ("it", "Italiano"), ("es", "Español"), ("nl", "Nederlands"), ("pl", "Polski"),
        ("sv", "Svenska"), ("pt", "Português"), ("ja", "日本語"), ("ar", "العربية")]


def test_the_menu_follows_the_portal_languages_setting(settings):
    settings.PORTAL_UI_LANGUAGES = ["en", "pl", "ja", "xx"]  # xx: no language Django knows

    assert ui_languages() == [("en", "English"), ("zh-hans", "简体中文"), ("pl", "Polski"),
                              ("ja", "日本語")]


def test_the_menu_names_do_not_change_with_the_page_language():
    with translation.override("pl"):
        assert dict(ui_languages())["fr"] == "Français"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_preview_message_is_translated(language):
    allowed = EVERYWHERE | SAME_WORD.get(language, set())
    with translation.override(language):
        missing = [message for message in messages()
                   if (translation.ngettext(*message, 2) in message
                       if isinstance(message, tuple) else translation.gettext(message) == message)
                   and message not in allowed]

    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders(language):
    problems = []
    with translation.override(language):
        for message in messages():
            english = message[0] if isinstance(message, tuple) else message
            wanted = sorted(PLACEHOLDER.findall(english))
            shown = ([(translation.ngettext(*message, count), count) for count in COUNTS]
                     if isinstance(message, tuple) else [(translation.gettext(message), None)])
            for text, count in shown:
                found = sorted(PLACEHOLDER.findall(text))
                in_words = count in SPELLED_OUT.get(language, ()) and set(found) <= set(wanted)
                if found != wanted and not in_words:
                    problems.append(f"{english!r} → {text!r}")

    assert problems == []


@pytest.mark.parametrize(("language", "expected"), [
    ("pl", ["Minimalne zamówienie: 1 sztuka", "Minimalne zamówienie: 2 sztuki",
            "Minimalne zamówienie: 5 sztuk", "Minimalne zamówienie: 22 sztuki"]),
    ("fr", ["Commande minimale\u00a0: 1 unité", "Commande minimale\u00a0: 2 unités",
            "Commande minimale\u00a0: 5 unités", "Commande minimale\u00a0: 22 unités"]),
])
def test_quantities_take_the_languages_plural_forms(language, expected):
    with translation.override(language):
        shown = [translation.ngettext("Minimum order: %(moq)s unit",
                                      "Minimum order: %(moq)s units", moq) % {"moq": moq}
                 for moq in (1, 2, 5, 22)]

    assert shown == expected
