"""The English names the installed packs give people to read, and a finder for them in a page:
shared by the page tests of the checkout and the portal."""

import html
import re

from django.utils import translation
from django.utils.translation import trans_real

from regions.core.pack_names import pack_name, pack_names
from regions.core.packs import installed_packs


def english_names(language: str) -> list[str]:
    """Every English name of the installed packs that must not appear on a page in
    `language`: those translated into other words, and those no catalog translates at all.
    Only a name whose catalog entry keeps it as written (a brand such as Klarna, or a word
    that is the same in the language, such as "Japan" in German) is left out."""
    names = dict.fromkeys(name for pack in installed_packs().values()
                          for name in pack_names(pack.read_data()))
    catalog = trans_real.translation(language)._catalog  # the merged catalogs Django reads
    with translation.override(language):
        return [name for name in names if pack_name(name) != name or name not in catalog]


def english_shown(page: str, names: list[str]) -> list[str]:
    """The names that appear in `page` as words (raw or HTML-escaped), not inside others."""
    return [name for name in names
            if any(re.search(rf"(?<!\w){re.escape(text)}(?!\w)", page)
                   for text in {name, html.escape(name)})]
