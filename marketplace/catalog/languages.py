"""The language a supplier reads: the one place that answers it.

Merchant-facing text (the compliance e-mails, the AI review's explanations, the portal's
decision e-mails, the workspace's entry URL, the compliance API's default) is written in the
supplier's language, found in this order:

1. the stored preference (`Supplier.language`: set at portal approval, edited on the
   workspace's company page and in the admin);
2. inferred: the merchant language closest to the source language the supplier writes its
   listings in (a Chinese factory may write in English, so this is only the fallback);
3. `settings.LANGUAGE_CODE`.

The merchant languages are those merchant-facing text ships in: English, Simplified Chinese
and the portal's UI languages (`settings.PORTAL_UI_LANGUAGES`, with those the installed packs
bring). The workspace and the preview speak all of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language_info

from regions.languages.services import parent_tags


def merchant_languages() -> list[str]:
    """English, Simplified Chinese and the portal's UI languages, lowercase, in that order."""
    tags = [settings.LANGUAGE_CODE, "zh-hans", *settings.PORTAL_UI_LANGUAGES]
    return list(dict.fromkeys(tag.lower() for tag in tags))


def merchant_language_choices() -> list[tuple[str, str]]:
    """(code, the language's own name) for each merchant language: a merchant finds theirs by
    its name in that language, whatever the page's language is."""
    return [(code, _name_local(code)) for code in merchant_languages()]


def _name_local(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:  # a pack's language Django has no name for
        return code


def closest_of(tag: str | None, languages: Sequence[str]) -> str | None:
    """The one of `languages` (lowercase tags) closest to a BCP 47 tag (`en-GB` → `en`,
    `zh-CN` → `zh-hans`), None when none is."""
    for parent in parent_tags((tag or "").lower()):
        if parent in languages:
            return parent
        if parent == "zh":
            # Traditional Chinese readers are better served by English than by 简体.
            hans = "zh-hans" in languages and "hant" not in (tag or "").lower()
            return "zh-hans" if hans else None
    return None


def inferred_language(source_languages: Iterable[str]) -> str | None:
    """The merchant language closest to the source language most listings are written in
    (one tag per listing); None without listings or when none is close."""
    common = Counter(str(tag) for tag in source_languages).most_common(1)
    return closest_of(common[0][0], merchant_languages()) if common else None


def supplier_language(supplier: Model | None) -> str:
    """The language a catalog Supplier (typed as a Model: catalog.models imports this module
    for its choices) reads: its stored preference, else the one inferred from
    its listings (one query), else settings.LANGUAGE_CODE."""
    if supplier is None:
        return settings.LANGUAGE_CODE
    stored = closest_of(supplier.language, merchant_languages())
    if stored:
        return stored
    written_in = (supplier.listings.values_list("source_language", flat=True)
                  if supplier.pk is not None else [])
    return inferred_language(written_in) or settings.LANGUAGE_CODE
