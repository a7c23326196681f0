"""Memory first: approved texts come back for the same source, languages and glossary."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from marketplace.translation.memory import (
    MemoryRefused,
    glossary_version,
    recall,
    remember,
    terms_in,
)
from marketplace.translation.models import GlossaryTerm, TermKind, TranslationMemory

pytestmark = pytest.mark.django_db

SOURCE = "Wireless headphones with charger"
LANGS = {"source_language": "en", "target_language": "de"}


def add_term(source_term="charger", kind=TermKind.PREFERRED, preferred="Ladegerät",
             language="de", **kwargs) -> GlossaryTerm:
    return GlossaryTerm.objects.create(language=language, source_term=source_term, kind=kind,
                                       preferred_translation=preferred, **kwargs)


def test_recall_returns_what_a_person_approved_and_counts_uses():
    remember(SOURCE, "Kabellose Kopfhörer mit Ladegerät", origin="human", **LANGS)
    assert recall(SOURCE, **LANGS) == "Kabellose Kopfhörer mit Ladegerät"
    assert recall(SOURCE, **LANGS) == "Kabellose Kopfhörer mit Ladegerät"
    assert TranslationMemory.objects.get().used_count == 2


def test_recall_is_exact_and_per_language_pair():
    remember(SOURCE, "Kabellose Kopfhörer mit Ladegerät", origin="human", **LANGS)
    assert recall(SOURCE + ".", **LANGS) is None
    assert recall(SOURCE, source_language="en", target_language="fr") is None
    assert recall(SOURCE, source_language="zh-Hans", target_language="de") is None


def test_a_newer_approved_text_replaces_the_older():
    remember(SOURCE, "alt", origin="human", **LANGS)
    remember(SOURCE, "neu", origin="human", **LANGS)
    assert recall(SOURCE, **LANGS) == "neu"
    assert TranslationMemory.objects.count() == 1


def test_machine_texts_are_refused_unless_reviewed():
    with pytest.raises(MemoryRefused, match="written or reviewed by a person"):
        remember(SOURCE, "Kopfhörer", origin="machine", state="machine", **LANGS)
    with pytest.raises(MemoryRefused):
        remember(SOURCE, "Kopfhörer", origin="machine", **LANGS)
    remember(SOURCE, "Kopfhörer", origin="machine", state="reviewed", **LANGS)
    assert recall(SOURCE, **LANGS) == "Kopfhörer"


def test_changing_the_glossary_invalidates_recall():
    term = add_term()
    remember(SOURCE, "Kabellose Kopfhörer mit Ladegerät", origin="human", **LANGS)
    assert glossary_version("de") == 1

    term.preferred_translation = "Netzteil"
    term.save()
    assert recall(SOURCE, **LANGS) is None
    assert glossary_version("de") == 2


def test_adding_or_deleting_a_term_bumps_the_version_but_notes_do_not():
    assert glossary_version("de") == 1
    term = add_term()
    assert glossary_version("de") == 2
    GlossaryTerm.objects.filter(pk=term.pk).update(notes="context for reviewers")
    assert glossary_version("de") == 2
    term.delete()
    assert glossary_version("de") == 3


def test_another_languages_glossary_does_not_invalidate_recall():
    remember(SOURCE, "Kabellose Kopfhörer", origin="human", **LANGS)
    add_term(language="fr", preferred="chargeur")
    assert recall(SOURCE, **LANGS) == "Kabellose Kopfhörer"


def test_terms_in_returns_only_the_terms_that_occur():
    charger = add_term()
    brand = add_term("SoundWave", TermKind.DO_NOT_TRANSLATE, "", case_sensitive=True)
    add_term("power bank", preferred="Powerbank")
    add_term("charger", language="fr", preferred="chargeur")
    assert terms_in("SoundWave CHARGER", "de") == [brand, charger]  # ordered by source term
    assert terms_in("soundwave chargers", "de") == []


def test_a_preferred_term_needs_its_translation():
    term = GlossaryTerm(language="de", source_term="charger", kind=TermKind.PREFERRED)
    with pytest.raises(ValidationError) as invalid:
        term.full_clean()
    assert invalid.value.message_dict["preferred_translation"] == [
        "Give the translation to use for this term."]
    with pytest.raises(IntegrityError):
        term.save()


def test_glossary_language_must_be_a_bcp47_tag():
    term = GlossaryTerm(language="german", source_term="BT100", kind=TermKind.DO_NOT_TRANSLATE)
    with pytest.raises(ValidationError) as invalid:
        term.full_clean()
    assert list(invalid.value.message_dict) == ["language"]
