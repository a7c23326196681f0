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
    """(tag, name, state label) for each market language but the listing's own."""
    source_base = listing.source_language.split("-")[0].lower()
    states = {t.language.lower(): t.state for t in listing.translations.only("language", "state")}
    return [(tag, language_name(tag), str(STATES[states.get(tag.lower(), "")]))
            for tag in market_languages() if tag.split("-")[0].lower() != source_base]


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=MAX_DESCRIPTION,
                                  widget=forms.Textarea(attrs={"rows": 10}))
    # The source the merchant translated: a text made from an older one is refused on save.
    source_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
