"""The English names the installed packs give people to read, and a finder for them in a page:
shared by the page tests of the checkout and the portal."""

import html
import re

from django.utils import translation

from regions.core.pack_names import pack_name, pack_names
from regions.core.packs import installed_packs


def translated_names(language: str) -> list[str]:
    """The packs' English names that have a translation other than themselves in `language`
    (brand names such as Klarna stay as written and are left out)."""
    names = dict.fromkeys(name for pack in installed_packs().values()
                          for name in pack_names(pack.read_data()))
    with translation.override(language):
        return [name for name in names if pack_name(name) != name]


def english_shown(page: str, names: list[str]) -> list[str]:
    """The names that appear in `page` as words (raw or HTML-escaped), not inside others."""
    return [name for name in names
            if any(re.search(rf"(?<!\w){re.escape(text)}(?!\w)", page)
                   for text in {name, html.escape(name)})]
