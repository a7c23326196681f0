"""The preview's language menu offers only languages the preview speaks: every text of its
Python and templates is translated into each (German was offered nowhere and had none of the
preview's texts: a German merchant read "Language shown", "Compliance", "Add the translation")."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file, extract_python
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from marketplace.preview.templatetags.preview_ui import ui_languages

ROOT = Path(settings.BASE_DIR)
PYTHON = sorted((ROOT / "marketplace/preview").glob("*.py"))
TEMPLATES = sorted((ROOT / "marketplace/preview/templates").rglob("*.html"))
KEYWORDS = {"_": None, "gettext_lazy": None, "gettext": None, "ngettext": (1, 2)}
# Words that are the same in English and the language.
SAME_WORD = {"de": {"Status", "Compliance", "Wallet", "Incoterm"}}


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
    assert len(messages()) > 80


def test_the_menu_offers_german_and_the_packs_languages():
    assert [code for code, _name in ui_languages()] == ["en", "zh-hans", "de", "ja", "ar"]


@pytest.mark.parametrize("language", [code for code, _name in ui_languages() if code != "en"])
def test_every_preview_message_is_translated(language):
    with translation.override(language):
        missing = [message for message in messages()
                   if (translation.ngettext(*message, 2) in message
                       if isinstance(message, tuple) else translation.gettext(message) == message)
                   and message not in SAME_WORD.get(language, ())]

    assert missing == []
