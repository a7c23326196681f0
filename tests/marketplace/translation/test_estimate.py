"""The cost estimate (`translate_listings --dry-run`): read in chunks, a fixed number of
queries per chunk, the same figures whatever the chunk size, and nothing written."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.ai.client import ModelClient
from marketplace.catalog.models import (
    Listing,
    ListingTranslation,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import write_translation
from marketplace.translation import pipeline
from marketplace.translation.memory import remember
from marketplace.translation.models import TranslationMemory
from tests.marketplace.translation.pipeline_fixtures import DESCRIPTION, make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> ModelClient:
    return ModelClient(api_key="sk-test", base_url="http://127.0.0.1:9", model="m",
                       price_input_per_1k=Decimal("0.15"), price_output_per_1k=Decimal("0.60"))


def figures(client, languages=("de", "fr")) -> tuple:
    guess = pipeline.estimate(Listing.objects.all(), list(languages), client)
    return (guess.items, guess.skipped, guess.memory_hits, guess.texts)


def test_translated_remembered_and_new_texts_are_told_apart(client, supplier):
    # Given 3 listings: one already in German, and the shared description remembered in French
    first, _second, _third = [make_speaker(supplier, n) for n in (100, 200, 300)]
    write_translation(first, "de", title="Lautsprecher", description="<p>Lautsprecher.</p>",
                      origin=TranslationOrigin.MACHINE, state=TranslationState.MACHINE,
                      made_from_hash=first.source_hash)
    remember(DESCRIPTION, "<p>Enceinte.</p>", source_language="en", target_language="fr",
             origin=TranslationOrigin.HUMAN)
    uses_before = TranslationMemory.objects.get().used_count

    # 6 items; German of the first is current; 3 French descriptions come from memory;
    # left: 2 German listings x 2 texts + 3 French titles.
    assert figures(client) == (6, 1, 3, 7)
    assert TranslationMemory.objects.get().used_count == uses_before  # a look, not a use


def test_the_source_language_is_no_item_and_an_outdated_text_is_counted_again(client,
                                                                               supplier):
    listing = make_speaker(supplier, 100)
    write_translation(listing, "de", title="Lautsprecher", description="<p>Lautsprecher.</p>",
                      origin=TranslationOrigin.MACHINE, state=TranslationState.MACHINE,
                      made_from_hash=listing.source_hash)
    ListingTranslation.objects.update(state=TranslationState.OUTDATED)

    assert figures(client, ("en", "de")) == (1, 0, 0, 2)


def test_chunks_change_neither_the_figures_nor_the_queries_per_chunk(client, supplier,
                                                                       monkeypatch):
    for number in range(100, 106):
        make_speaker(supplier, number)
    remember(DESCRIPTION, "<p>Enceinte.</p>", source_language="en", target_language="fr",
             origin=TranslationOrigin.HUMAN)
    whole = pipeline.estimate(Listing.objects.all(), ["de", "fr"], client)

    monkeypatch.setattr(pipeline, "ESTIMATE_CHUNK", 2)
    with CaptureQueriesContext(connection) as captured:
        chunked = pipeline.estimate(Listing.objects.all(), ["de", "fr"], client)

    assert chunked == whole
    def reads(table: str) -> int:
        return sum(1 for q in captured if q["sql"].startswith("SELECT")
                   and f'FROM "{table}"' in q["sql"])

    # 3 chunks of 2, and the empty read that ends the walk; one translation lookup per chunk;
    # whether the memory holds each language (2), then one lookup per chunk for French only
    assert chunked.memory_hits == 6
    assert (reads("catalog_listing"), reads("catalog_listingtranslation"),
            reads("translation_translationmemory")) == (4, 3, 2 + 3)
