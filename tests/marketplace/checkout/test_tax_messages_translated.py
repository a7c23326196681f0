"""Every message the tax calculators, the subdivision check and the checkout's tax steps show a
buyer is translated into every language the checkout has a catalog for, and into the packs'
languages (ja, ar); the listing notes and subdivision errors the engine and the preview show
are translated into zh-hans as well. A new or reworded message that reaches no catalog would
show English on a German, Japanese or Arabic page: this test names it."""

import ast
import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

from tests.regions.packs.test_locale import PACK_CATALOGS

ROOT = Path(settings.BASE_DIR)
PYTHON_SOURCES = [
    "regions/taxes/standard.py", *sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "regions/packs").glob("*/tax.py")),
    "regions/core/subdivisions.py", "regions/core/market.py", "regions/core/addresses.py",
    "marketplace/localization/taxes.py", "marketplace/checkout/pricing.py",
    "marketplace/checkout/quotes.py", "marketplace/checkout/buyers.py",
    "marketplace/checkout/views.py", "marketplace/checkout/shipping.py",
]
TEMPLATE_SOURCES = [
    "marketplace/checkout/templates/checkout/start.html",
    "marketplace/checkout/templates/checkout/invoice.html",
    "marketplace/checkout/templates/checkout/shipping.html",
]
# What the engine and the merchant preview show (zh-hans is a preview language, not a
# checkout one): the subdivision errors and the calculators' listing notes.
ENGINE_SOURCES = ["regions/core/subdivisions.py"]
ENGINE_FUNCTIONS = {"listing_note"}
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None}
LANGUAGES = sorted(
    [path.name for path in (ROOT / "marketplace/checkout/locale").iterdir() if path.is_dir()]
    + list(PACK_CATALOGS))
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")


def _read(source: str) -> str:
    return (ROOT / source).read_text(encoding="utf-8")


def _extract(text: str) -> list[tuple[int, str]]:
    return [(line, message) for line, message, _comments, _context
            in extract("python", BytesIO(text.encode()), keywords=KEYWORDS)
            if isinstance(message, str)]


def _function_lines(text: str, names: set[str]) -> set[int]:
    lines = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and node.name in names:
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def buyer_messages() -> set[str]:
    found = set()
    for source in PYTHON_SOURCES:
        found.update(message for _line, message in _extract(_read(source)))
    for source in TEMPLATE_SOURCES:
        found.update(message for _line, message
                     in _extract(templatize(_read(source), origin=source)))
    return found


def engine_messages() -> set[str]:
    found = set()
    for source in PYTHON_SOURCES:
        text = _read(source)
        lines = _function_lines(text, ENGINE_FUNCTIONS)
        found.update(message for line, message in _extract(text)
                     if source in ENGINE_SOURCES or line in lines)
    return found


def translations(language: str) -> dict[str, str]:
    """msgid → msgstr of the language's catalogs (the root's, the apps', the packs'), only the
    entries Django uses: translated and not fuzzy."""
    found = {}
    for path in sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
        if ".venv" in path.parts:
            continue
        with path.open("rb") as po_file:
            for message in read_po(po_file):
                if isinstance(message.id, str) and message.id and message.string \
                        and not message.fuzzy:
                    found.setdefault(message.id, message.string)
    return found


def untranslated(language: str, messages: set[str]) -> list[str]:
    catalog = translations(language)
    return sorted(message for message in messages if message not in catalog)


def changed_placeholders(language: str, messages: set[str]) -> list[str]:
    catalog = translations(language)
    return sorted(message for message in messages if message in catalog
                  and sorted(PLACEHOLDER.findall(catalog[message]))
                  != sorted(PLACEHOLDER.findall(message)))


def test_the_sources_have_the_tax_messages():
    messages = buyer_messages()
    engine = engine_messages()

    assert len(messages) > 80
    assert {"Included %(tax)s %(rate)s on %(base)s", "Tax exemption certificate",
            "Added: %(taxes)s.", "%(country)s has no subdivisions to choose from."} <= messages
    assert "Prices exclude tax. Added at checkout: %(taxes)s." in engine
    assert "Added: %(taxes)s." not in engine  # a sale note: checkout only
    assert {"de", "fr", "ja", "ar"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_tax_message_of_the_checkout_is_translated(language):
    messages = buyer_messages()

    assert untranslated(language, messages) == []
    assert changed_placeholders(language, messages) == []


def test_the_engines_tax_messages_are_translated_into_chinese():
    messages = engine_messages()

    assert untranslated("zh_Hans", messages) == []
    assert changed_placeholders("zh_Hans", messages) == []
