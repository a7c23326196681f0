"""The rules of listing text: one place that saves a source and one that writes a translation.

Admin, API, tasks and commands call these; nothing writes `source_hash` or a translation's
state any other way.
"""

from django.db import transaction

from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import (
    Listing,
    ListingTranslation,
    TranslationOrigin,
    TranslationState,
    source_hash,
)
from marketplace.translation.memory import remember


class TranslationRefused(Exception):
    """A translation write that would lose or corrupt text; the message says why."""


@transaction.atomic
def save_listing(listing: Listing) -> int:
    """Save the listing with sanitized markup; if its text changed, mark translations outdated.

    Returns how many translations became outdated.
    """
    listing.description = sanitize(listing.description)
    listing.source_hash = source_hash(listing.title, listing.description)
    listing.save()
    return (
        ListingTranslation.objects.filter(listing=listing)
        .exclude(source_hash=listing.source_hash)
        .exclude(state=TranslationState.OUTDATED)
        .update(state=TranslationState.OUTDATED)
    )


@transaction.atomic
def write_translation(
    listing: Listing,
    language: str,
    *,
    title: str,
    description: str,
    origin: TranslationOrigin,
    state: TranslationState,
    made_from_hash: str,
    model: str = "",
    qa_notes: list[str] | None = None,
    reviewed_by=None,
) -> ListingTranslation:
    """Create or replace the listing's text in `language`.

    Refused when the source changed since the text was made (`made_from_hash` is stale), and
    when a machine would overwrite a human-reviewed text.
    """
    current = (Listing.objects.select_for_update()
               .only("source_hash", "title", "description", "source_language")
               .get(pk=listing.pk))
    if made_from_hash != current.source_hash:
        raise TranslationRefused(
            f"The listing's text changed since this {language} translation was made; "
            "translate the current text."
        )
    existing = (
        ListingTranslation.objects.select_for_update()
        .filter(listing=listing, language=language)
        .first()
    )
    if (existing is not None and existing.state == TranslationState.REVIEWED
            and origin == TranslationOrigin.MACHINE):
        raise TranslationRefused(
            f"The {language} translation was reviewed by a person; a machine may not replace it."
        )
    translation = existing or ListingTranslation(listing=listing, language=language)
    translation.title = title
    translation.description = sanitize(description)
    translation.origin = origin
    translation.state = state
    translation.model = model
    translation.source_hash = made_from_hash
    translation.qa_notes = qa_notes or []
    translation.reviewed_by = reviewed_by
    # The listing is locked above and its row in this language was looked up under that
    # lock: checking that the listing exists and that (listing, language) is free would cost
    # two more queries per write for nothing (the unique constraint still guards the table).
    translation.full_clean(exclude={"listing"}, validate_constraints=False)
    translation.save()
    if state == TranslationState.REVIEWED:
        # Reviewed text is what the memory reuses before any model is asked.
        for source, target in ((current.title, translation.title),
                               (current.description, translation.description)):
            remember(source, target, source_language=current.source_language,
                     target_language=language, origin=origin, state=state)
    return translation
