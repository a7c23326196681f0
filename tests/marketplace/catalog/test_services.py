"""The rules of listing text: source edits outdate translations; machines never overwrite
people; stale writes are refused."""

import pytest

from marketplace.catalog.models import ListingTranslation, TranslationOrigin, TranslationState
from marketplace.catalog.services import (
    TranslationRefused,
    TranslationWrite,
    save_listing,
    write_translation,
    write_translations,
)
from tests.marketplace.localization.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(supplier):
    return make_listing(supplier)


def machine(listing, language="de", **overrides):
    values = {"title": "Maschine", "description": "<p>Text</p>",
              "origin": TranslationOrigin.MACHINE, "state": TranslationState.MACHINE,
              "made_from_hash": listing.source_hash, "model": "gpt-test"}
    return write_translation(listing, language, **{**values, **overrides})


def test_editing_the_source_marks_translations_outdated(listing):
    machine(listing, "de")
    machine(listing, "fr")

    listing.description = "<p>Neue Beschreibung</p>"
    assert save_listing(listing) == 2

    assert set(ListingTranslation.objects.values_list("state", flat=True)) == {"outdated"}


def test_saving_without_text_changes_outdates_nothing(listing):
    machine(listing)
    listing.moq = 5
    assert save_listing(listing) == 0
    assert ListingTranslation.objects.get().state == "machine"


def test_a_machine_never_overwrites_a_reviewed_translation(listing):
    write_translation(listing, "de", title="Geprüft", description="<p>Geprüft</p>",
                      origin=TranslationOrigin.HUMAN, state=TranslationState.REVIEWED,
                      made_from_hash=listing.source_hash)

    with pytest.raises(TranslationRefused, match="reviewed by a person; a machine may not"):
        machine(listing, title="Maschinell")

    assert ListingTranslation.objects.get().title == "Geprüft"


def test_a_write_made_from_an_old_source_is_refused(listing):
    old_hash = listing.source_hash
    listing.title = "New title"
    save_listing(listing)

    with pytest.raises(TranslationRefused, match="text changed since this de translation"):
        machine(listing, made_from_hash=old_hash)
    assert not ListingTranslation.objects.exists()


def test_translation_markup_is_sanitized(listing):
    translation = machine(listing, description="<p>Gut<script>x()</script></p>")
    assert translation.description == "<p>Gut</p>"


def test_source_markup_is_sanitized_on_save(listing):
    listing.description = '<p style="x">Hi<iframe src="//evil"></iframe></p>'
    save_listing(listing)
    listing.refresh_from_db()
    assert listing.description == "<p>Hi</p>"


def test_reviewed_translations_feed_the_memory_and_machine_ones_do_not(listing):
    from marketplace.translation.memory import recall

    machine(listing, "fr", title="Machine FR")
    assert recall(listing.title, source_language="zh-Hans", target_language="fr") is None

    write_translation(listing, "de", title="Geprüft", description="<p>Geprüft</p>",
                      origin=TranslationOrigin.HUMAN, state=TranslationState.REVIEWED,
                      made_from_hash=listing.source_hash)

    assert recall(listing.title, source_language="zh-Hans", target_language="de") == "Geprüft"
    assert recall(listing.description, source_language="zh-Hans",
                  target_language="de") == "<p>Geprüft</p>"


# -- many texts at once (a translation job's batch) -----------------------------------------


def bulk(listing, language, **overrides):
    values = {"title": "Maschine", "description": "<p>Text</p><script>x</script>",
              "origin": TranslationOrigin.MACHINE, "state": TranslationState.MACHINE,
              "made_from_hash": listing.source_hash, "model": "gpt-test"}
    return TranslationWrite(listing.pk, language, **{**values, **overrides})


def test_many_writes_follow_the_rules_of_one(listing, supplier):
    # Given a reviewed German text, a machine French one and a second listing
    machine(listing, "de", origin=TranslationOrigin.HUMAN, state=TranslationState.REVIEWED,
            title="Geprüft")
    machine(listing, "fr", title="Ancien")
    other = make_listing(supplier, title="Other")

    outcomes = write_translations([
        bulk(listing, "de"),  # a machine over a person: refused
        bulk(listing, "fr", title="Nouveau"),  # replaced
        bulk(other, "es", title="Otro"),  # created
        bulk(other, "it", made_from_hash="stale"),  # made from an old source: refused
    ])

    assert [type(o).__name__ for o in outcomes] == [
        "TranslationRefused", "ListingTranslation", "ListingTranslation", "TranslationRefused"]
    assert "reviewed by a person" in str(outcomes[0])
    assert "changed since" in str(outcomes[3])
    texts = {(t.listing_id, t.language): (t.title, t.description, t.state)
             for t in ListingTranslation.objects.all()}
    assert texts == {
        (listing.pk, "de"): ("Geprüft", "<p>Text</p>", "reviewed"),
        (listing.pk, "fr"): ("Nouveau", "<p>Text</p>", "machine"),
        (other.pk, "es"): ("Otro", "<p>Text</p>", "machine"),
    }
    # History rows as a save() leaves them: the French text's replacement and the new one
    assert ListingTranslation.history.filter(language="fr").count() == 2
    assert ListingTranslation.history.filter(language="es").count() == 1


def test_many_writes_cost_a_fixed_number_of_queries(listing, supplier,
                                                    django_assert_max_num_queries):
    listings = [listing, *(make_listing(supplier, title=f"L{n}") for n in range(9))]
    machine(listing, "fr")

    with django_assert_max_num_queries(10):
        outcomes = write_translations([bulk(one, "fr") for one in listings])

    assert all(isinstance(o, ListingTranslation) for o in outcomes)
    assert ListingTranslation.objects.filter(language="fr").count() == 10


def test_one_write_per_listing_and_language(listing):
    with pytest.raises(ValueError, match="one write per listing and language"):
        write_translations([bulk(listing, "fr"), bulk(listing, "fr")])
