"""The rules of listing text: one place that saves a source and one that writes a translation.

Admin, API, tasks and commands call these; nothing writes `source_hash` or a translation's
state any other way.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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
    existing = (
        ListingTranslation.objects.select_for_update()
        .filter(listing=listing, language=language)
        .first()
    )
    translation = _translation(current, existing, TranslationWrite(
        listing.pk, language, title=title, description=description, origin=origin,
        state=state, made_from_hash=made_from_hash, model=model, qa_notes=qa_notes,
        reviewed_by=reviewed_by))
    translation.save()
    _remember_reviewed(current, translation)
    return translation


@dataclass(frozen=True)
class TranslationWrite:
    """One text for `write_translations`: the arguments of `write_translation`."""

    listing_id: int
    language: str
    title: str
    description: str
    origin: str
    state: str
    made_from_hash: str
    model: str = ""
    qa_notes: list[str] | None = None
    reviewed_by: object = None


@transaction.atomic
def write_translations(
        writes: list[TranslationWrite]) -> list[ListingTranslation | TranslationRefused]:
    """`write_translation` for many texts at once (a translation job's batch): the same rules
    and refusals, one outcome per write in order, with a fixed number of queries instead of
    about ten per text. One write per (listing, language)."""
    keys = [(write.listing_id, write.language) for write in writes]
    if len(set(keys)) != len(keys):
        raise ValueError("write_translations takes one write per listing and language.")
    listings = Listing.objects.select_for_update().only(
        "source_hash", "title", "description", "source_language").in_bulk(
        {write.listing_id for write in writes})
    existing = {(t.listing_id, t.language): t for t in
                ListingTranslation.objects.select_for_update().filter(
                    listing_id__in=listings, language__in={write.language for write in writes})}
    outcomes: list[ListingTranslation | TranslationRefused] = []
    for write in writes:
        current = listings.get(write.listing_id)
        try:
            if current is None:
                raise TranslationRefused("The listing no longer exists.")
            outcomes.append(_translation(current, existing.get((current.pk, write.language)),
                                         write))
        except TranslationRefused as refused:
            outcomes.append(refused)
    written = [t for t in outcomes if isinstance(t, ListingTranslation)]
    now = timezone.now()
    for translation in written:
        translation.updated_at = now  # bulk_update does not apply auto_now
    new = [t for t in written if t.pk is None]
    replaced = [t for t in written if t.pk is not None]  # before bulk_create gives pks
    bulk_create_with_history(new, ListingTranslation)
    bulk_update_with_history(replaced, ListingTranslation,
                             [f.name for f in ListingTranslation._meta.concrete_fields
                              if not f.primary_key and f.name != "listing"])
    for translation in written:
        _remember_reviewed(listings[translation.listing_id], translation)
    return outcomes


def _translation(current: Listing, existing: ListingTranslation | None,
                 write: TranslationWrite) -> ListingTranslation:
    """The row to save for `write` (not saved), or TranslationRefused: the rules of both."""
    if write.made_from_hash != current.source_hash:
        raise TranslationRefused(
            f"The listing's text changed since this {write.language} translation was made; "
            "translate the current text."
        )
    if (existing is not None and existing.state == TranslationState.REVIEWED
            and write.origin == TranslationOrigin.MACHINE):
        raise TranslationRefused(
            f"The {write.language} translation was reviewed by a person; a machine may not "
            "replace it."
        )
    translation = existing or ListingTranslation(listing=current, language=write.language)
    translation.title = write.title
    translation.description = sanitize(write.description)
    translation.origin = write.origin
    translation.state = write.state
    translation.model = write.model
    translation.source_hash = write.made_from_hash
    translation.qa_notes = write.qa_notes or []
    translation.reviewed_by = write.reviewed_by
    # The listing is locked and its row in this language was looked up under that lock:
    # checking that the listing exists and that (listing, language) is free would cost two
    # more queries per write for nothing (the unique constraint still guards the table).
    translation.full_clean(exclude={"listing"}, validate_constraints=False)
    return translation


def _remember_reviewed(current: Listing, translation: ListingTranslation) -> None:
    if translation.state == TranslationState.REVIEWED:
        # Reviewed text is what the memory reuses before any model is asked.
        for source, target in ((current.title, translation.title),
                               (current.description, translation.description)):
            remember(source, target, source_language=current.source_language,
                     target_language=translation.language, origin=translation.origin,
                     state=translation.state)
