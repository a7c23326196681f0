"""A listing's translations as its supplier sees them: every language a market offers, with
the state of the text in it, and the form that writes one beside the source."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.catalog.models import Listing, TranslationState
from marketplace.preview.labels import language_name
from marketplace.workspace.forms import MAX_DESCRIPTION
from regions.core.models import Region
from regions.languages.services import offered_languages_by_country

STATES: Mapping[str, Promise] = {
    TranslationState.MACHINE: _("Machine translated, not reviewed"),
    TranslationState.NEEDS_REVIEW: _("Needs review"),
    TranslationState.REVIEWED: _("Reviewed"),
    TranslationState.OUTDATED: _("Outdated: the text changed since"),
    "": _("Missing"),
}


def market_languages() -> list[str]:
    """Every language an active market offers, once each (case-insensitively), in order."""
    regions = list(Region.objects.filter(active=True).prefetch_related("countries"))
    seen: dict[str, str] = {}
    for tags in offered_languages_by_country(regions).values():
        for tag in tags:
            seen.setdefault(tag.lower(), tag)
    return sorted(seen.values(), key=str.lower)


def translatable_languages(listing: Listing) -> list[tuple[str, str, str]]:
    """(tag, name, state label) for each market language but the listing's own. A regional
    variant with no text of its own (en-GB) whose language has one (en) says so: its buyers
    read that text, as the listings API serves it, so it is not missing."""
    source_base = listing.source_language.split("-")[0].lower()
    states = {t.language.lower(): t.state for t in listing.translations.only("language", "state")}
    rows = []
    for tag in market_languages():
        base = tag.split("-")[0].lower()
        if base == source_base:
            continue
        if covered_by_parent(tag, set(states)):
            label = _("Buyers read the %(language)s text") % {"language": language_name(base)}
        else:
            label = STATES[states.get(tag.lower(), "")]
        rows.append((tag, language_name(tag), str(label)))
    return rows


def covered_by_parent(tag: str, written: set[str]) -> bool:
    """Whether a regional variant without its own text is read in its language's (`written`:
    lowercase tags with a text)."""
    base = tag.split("-")[0].lower()
    return tag.lower() not in written and base != tag.lower() and base in written


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=MAX_DESCRIPTION,
                                  widget=forms.Textarea(attrs={"rows": 10}))
    # The source the merchant translated: a text made from an older one is refused on save.
    source_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
