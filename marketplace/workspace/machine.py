"""Asking for an AI translation of one's own listing: the languages its markets need and it
lacks, what translating them would cost (`translation.pipeline.estimate`, no request made),
and the job, queued as the API's translation request queues it (`create_job`, then
`enqueue_job` once the transaction commits)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from marketplace.ai.client import ModelClient
from marketplace.catalog.models import Listing, TranslationState
from marketplace.translation.jobs import create_job
from marketplace.translation.models import TranslationJob
from marketplace.translation.pipeline import Estimate, estimate
from marketplace.translation.tasks import enqueue_job
from marketplace.workspace.translations import covered_by_parent, translatable_languages


@dataclass(frozen=True)
class MissingLanguage:
    tag: str
    name: str
    state: str  # the label of the text's state there: missing or outdated


def missing_languages(listing: Listing) -> list[MissingLanguage]:
    """The market languages with no current text: none at all, or one made from an older
    source (outdated). Reviewed and machine texts of the current source are not asked again."""
    current = {t.language.lower() for t in listing.translations.only("language", "state",
                                                                      "source_hash")
               if t.state != TranslationState.OUTDATED and t.source_hash == listing.source_hash}
    return [MissingLanguage(tag, name, state)
            for tag, name, state in translatable_languages(listing)
            if tag.lower() not in current and not covered_by_parent(tag, current)]


class MachineTranslationForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages to translate into"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language."),
                        "invalid_choice": _("%(value)s is not a language this listing "
                                            "lacks.")})

    def __init__(self, *args, missing: list[MissingLanguage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [(m.tag, f"{m.name} ({m.state})") for m in missing]


def estimate_for(listing: Listing, languages: list[str], client: ModelClient) -> Estimate:
    return estimate(Listing.objects.filter(pk=listing.pk), languages, client)


def request_translation(listing: Listing, languages: list[str], *, user) -> TranslationJob:
    """Queue the job; the worker is sent it once this transaction has committed."""
    with transaction.atomic():
        job = create_job([listing.pk], languages, user=user)
        enqueue_job(job)
    return job
