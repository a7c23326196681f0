"""Jobs over a whole catalog: made, read and finished a chunk at a time, so memory stays flat
and the queries grow with the chunks, not with the items (bench/batch_commands.py measures
the same at 10k and 100k listings)."""

import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.ai.client import ModelClient
from marketplace.catalog.models import (
    Listing,
    ListingStatus,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import write_translation
from marketplace.translation import jobs, pipeline
from marketplace.translation.jobs import create_catalog_job, create_job
from marketplace.translation.models import ItemStatus, JobScope, JobStatus
from marketplace.translation.pipeline import run_job
from tests.marketplace.translation.echo_server import EchoOpenAI
from tests.marketplace.translation.pipeline_fixtures import make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def echo():
    server = EchoOpenAI().start()
    yield server
    server.stop()


def echo_client(server: EchoOpenAI) -> ModelClient:
    return ModelClient(api_key="sk-echo", base_url=server.base_url, model="echo", timeout=10,
                       max_retries=0, price_input_per_1k=Decimal(0),
                       price_output_per_1k=Decimal(0))


def selects_from(captured: CaptureQueriesContext, table: str) -> int:
    return sum(1 for query in captured.captured_queries
               if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"])


def updates_of(captured: CaptureQueriesContext, table: str) -> int:
    return sum(1 for query in captured.captured_queries
               if query["sql"].startswith(f'UPDATE "{table}"'))


def test_a_catalog_job_is_made_a_chunk_of_listings_at_a_time(supplier, monkeypatch):
    # Given 7 published English listings, a German one and a draft
    monkeypatch.setattr(jobs, "CREATE_CHUNK", 3)
    english = [make_speaker(supplier, n) for n in range(7)]
    german = make_speaker(supplier, 50, source_language="de")
    make_speaker(supplier, 60, status=ListingStatus.DRAFT)

    # When a job over every published listing is made into German and French
    with CaptureQueriesContext(connection) as captured:
        job = create_catalog_job(Listing.objects.filter(status=ListingStatus.PUBLISHED),
                                 ["de", "fr"])

    # Then each listing got an item per language but its own, and the job names its scope
    # instead of listing every id
    assert sorted(job.items.values_list("listing_id", "language")) == sorted(
        [(s.pk, language) for s in english for language in ("de", "fr")] + [(german.pk, "fr")])
    assert (job.scope, job.listing_ids, job.items_total, job.status) == (
        JobScope.PUBLISHED, [], 15, JobStatus.QUEUED)
    # And the listings were read 3 at a time (3 chunks, and the empty read that ends them)
    assert selects_from(captured, "catalog_listing") == 4


def test_a_listed_job_keeps_the_order_given_and_lists_its_listings(supplier, monkeypatch):
    monkeypatch.setattr(jobs, "CREATE_CHUNK", 2)
    speakers = [make_speaker(supplier, n) for n in range(5)]
    given = [speakers[3].pk, speakers[0].pk, speakers[4].pk, speakers[1].pk, speakers[0].pk]

    job = create_job(given, ["de"])

    assert list(job.items.order_by("pk").values_list("listing_id", flat=True)) == given[:4]
    assert (job.scope, job.listing_ids, job.items_total) == (
        JobScope.LISTED, sorted(given[:4]), 4)


def test_a_rerun_over_an_unchanged_catalog_skips_a_chunk_per_update(supplier, monkeypatch,
                                                                     echo):
    # Given 6 listings translated into German from their current text, one of them reviewed
    monkeypatch.setattr(pipeline, "PREPARE_CHUNK", 2)
    speakers = [make_speaker(supplier, n) for n in range(6)]
    for number, listing in enumerate(speakers):
        write_translation(listing, "de", title=f"Lautsprecher {number}",
                          description="<p>Lautsprecher.</p>",
                          origin=TranslationOrigin.HUMAN if number == 0
                          else TranslationOrigin.MACHINE,
                          state=TranslationState.REVIEWED if number == 0
                          else TranslationState.MACHINE, made_from_hash=listing.source_hash)
    job = create_catalog_job(Listing.objects.all(), ["de"])

    # When the job runs
    with CaptureQueriesContext(connection) as captured:
        job = run_job(job.pk, client=echo_client(echo))

    # Then nothing was asked of the model and every item was skipped with its reason
    assert echo.requests == []
    assert (job.status, job.skipped_reviewed, job.skipped_current) == (JobStatus.DONE, 1, 5)
    assert sorted(job.items.values_list("status", "code")) == [
        (ItemStatus.SKIPPED, "reviewed")] + [(ItemStatus.SKIPPED, "up_to_date")] * 5
    # And by one UPDATE per outcome per chunk of 2 items (chunk 1: reviewed and up to date;
    # chunks 2 and 3: up to date), not one per item
    assert updates_of(captured, "translation_translationjobitem") == 4


def test_progress_every_limits_the_recounts_a_caller_only_shows(supplier, echo):
    # Given three listings, one request each (a tiny batch budget)
    speakers = [make_speaker(supplier, n) for n in range(3)]
    seen: list[int] = []

    # When one run reports after every batch and another at most once an hour
    run_job(create_job([s.pk for s in speakers], ["de"]).pk, client=echo_client(echo),
            batch_chars=1, progress=lambda job: seen.append(job.items_done))
    every_batch, seen[:] = list(seen), []
    job = run_job(create_job([s.pk for s in speakers], ["fr"]).pk, client=echo_client(echo),
                  batch_chars=1, progress=lambda job: seen.append(job.items_done),
                  progress_every=3600)

    # Then the first saw fresh counters after each batch; the second only the start, and its
    # counters are still exact at the end
    assert every_batch == [0, 1, 2, 3]
    assert seen == [0]
    assert (job.status, job.items_done, job.machine_written, job.requests) == (
        JobStatus.DONE, 3, 3, 3)


def test_recounts_are_spaced_by_their_own_cost(supplier, echo, monkeypatch):
    # Given recounts that take 100 ms (a job of many items) and batches that take far less
    speakers = [make_speaker(supplier, n) for n in range(3)]
    recount = pipeline.refresh_counters

    def slow_recount(job):
        time.sleep(0.1)
        return recount(job)

    monkeypatch.setattr(pipeline, "refresh_counters", slow_recount)
    seen: list[int] = []

    # When the caller allows spacing them at all (every microsecond)
    job = run_job(create_job([s.pk for s in speakers], ["de"]).pk, client=echo_client(echo),
                  batch_chars=1, progress=lambda job: seen.append(job.items_done),
                  progress_every=0.000001)

    # Then they wait 20 times 100 ms, so only the first report recounted; the end is exact
    assert seen == [0]
    assert (job.items_done, job.machine_written) == (3, 3)
