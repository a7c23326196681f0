"""The job pipeline against a real OpenAI-compatible server (scripted): memory first, batched
requests, verify before writing, and every failure class handled."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from marketplace.ai.errors import NOT_CONFIGURED_MESSAGE
from marketplace.ai.models import Outcome, UsageRecord
from marketplace.catalog.models import (
    ListingTranslation,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import save_listing, write_translation
from marketplace.translation.jobs import cancel_job, create_job
from marketplace.translation.memory import remember
from marketplace.translation.models import ItemStatus, JobStatus, TranslationJobItem
from marketplace.translation.pipeline import run_job
from tests.marketplace.ai.fake_openai import FAKE_MODEL
from tests.marketplace.translation.pipeline_fixtures import (
    DESCRIPTION,
    items_for,
    key,
    push_items,
    sent_keys,
)

pytestmark = pytest.mark.django_db


def translations(language: str) -> dict[int, ListingTranslation]:
    return {t.listing_id: t for t in ListingTranslation.objects.filter(language=language)}


def item(job, listing, language) -> TranslationJobItem:
    return TranslationJobItem.objects.get(job=job, listing=listing, language=language)


def test_two_listings_in_two_languages_take_one_request(fake_openai, make_client, speakers):
    # Given two English listings and a job into German and French
    job = create_job([s.pk for s in speakers], ["de", "fr"])
    push_items(fake_openai, items_for(speakers, ["de", "fr"]))

    # When it runs
    job = run_job(job.pk, client=make_client())

    # Then one request carried all eight texts and every translation was written as machine
    assert len(fake_openai.requests) == 1
    assert sorted(sent_keys(fake_openai)) == sorted(i["key"] for i in items_for(speakers,
                                                                                ["de", "fr"]))
    german = translations("de")[speakers[0].pk]
    assert (german.title, german.description) == (
        "Bluetooth-Lautsprecher BT100", "<p>Tragbarer Lautsprecher mit 12 h Akku.</p>")
    assert (german.state, german.origin, german.model) == ("machine", "machine", FAKE_MODEL)
    assert german.source_hash == speakers[0].source_hash
    assert translations("fr")[speakers[1].pk].title == "Enceinte Bluetooth BT200"
    assert (job.status, job.items_total, job.items_done, job.machine_written) == ("done", 4, 4, 4)
    # And the ledger has the request, which the job's counters add up
    [record] = UsageRecord.objects.filter(job=f"translation:{job.pk}")
    assert (record.purpose, record.outcome) == ("translation", Outcome.OK)
    assert (job.requests, job.prompt_tokens, job.completion_tokens) == (1, 120, 30)
    assert job.cost == Decimal("0.03600000")
    assert job.failures == {}


def test_create_job_refuses_bad_languages_and_unknown_listings(speakers):
    with pytest.raises(ValidationError) as bad:
        create_job([speakers[0].pk], ["german"])
    assert list(bad.value.message_dict) == ["languages"]
    with pytest.raises(ValidationError) as missing:
        create_job([999999], ["de"])
    assert missing.value.message_dict == {"listing_ids": ["No listing with id 999999."]}


def test_create_job_leaves_out_the_source_language(speakers):
    job = create_job([speakers[0].pk], ["en", "de"])

    assert list(job.items.values_list("language", flat=True)) == ["de"]


def test_memory_hit_makes_no_request_and_is_written_as_reviewed(fake_openai, make_client,
                                                              speakers):
    # Given both texts of a listing approved in memory
    listing = speakers[0]
    langs = {"source_language": "en", "target_language": "de"}
    remember(listing.title, "Bluetooth-Lautsprecher BT100", origin="human", **langs)
    remember(DESCRIPTION, "<p>Tragbarer Lautsprecher.</p>", origin="human", **langs)
    job = create_job([listing.pk], ["de"])

    job = run_job(job.pk, client=make_client())

    assert fake_openai.requests == []
    german = translations("de")[listing.pk]
    assert (german.state, german.origin) == ("reviewed", "human")
    assert (job.memory_hits, job.requests, job.items_done) == (2, 0, 1)


def test_half_from_memory_is_machine_work(fake_openai, make_client, speakers):
    listing = speakers[0]
    remember(DESCRIPTION, "<p>Tragbarer Lautsprecher mit 12 h Akku.</p>", origin="human",
             source_language="en", target_language="de")
    job = create_job([listing.pk], ["de"])
    push_items(fake_openai, [{"key": key(listing, "de", "title"),
                              "text": "Bluetooth-Lautsprecher ⟦M1⟧"}])

    job = run_job(job.pk, client=make_client())

    assert sent_keys(fake_openai) == [key(listing, "de", "title")]
    german = translations("de")[listing.pk]
    assert (german.state, german.origin) == ("machine", "machine")
    assert german.description == "<p>Tragbarer Lautsprecher mit 12 h Akku.</p>"
    assert job.memory_hits == 1


def test_second_run_over_an_unchanged_catalog_makes_no_request(fake_openai, make_client,
                                                              speakers):
    first = create_job([s.pk for s in speakers], ["de"])
    push_items(fake_openai, items_for(speakers, ["de"]))
    run_job(first.pk, client=make_client())

    second = run_job(create_job([s.pk for s in speakers], ["de"]).pk, client=make_client())

    assert len(fake_openai.requests) == 1
    assert (second.status, second.skipped_current, second.requests) == ("done", 2, 0)


def test_reviewed_translation_is_not_touched_by_a_machine(fake_openai, make_client, speakers):
    # Given a German text a person reviewed
    listing = speakers[0]
    write_translation(listing, "de", title="Geprüfter Titel", description="<p>Geprüft.</p>",
                      origin=TranslationOrigin.HUMAN, state=TranslationState.REVIEWED,
                      made_from_hash=listing.source_hash)
    job = create_job([listing.pk], ["de", "fr"])
    push_items(fake_openai, items_for([listing], ["fr"]))

    job = run_job(job.pk, client=make_client())

    # Then only French was asked for and the German text is as the person left it
    assert sent_keys(fake_openai) == [key(listing, "fr", "title"),
                                      key(listing, "fr", "description")]
    german = translations("de")[listing.pk]
    assert (german.title, german.state) == ("Geprüfter Titel", "reviewed")
    assert (job.skipped_reviewed, job.machine_written) == (1, 1)


def test_text_reviewed_while_the_job_runs_is_kept(fake_openai, make_client, speakers):
    listing = speakers[0]
    job = create_job([listing.pk], ["de"])
    push_items(fake_openai, items_for([listing], ["de"]))

    def review_meanwhile(_job):
        write_translation(listing, "de", title="Von Hand", description="<p>Von Hand.</p>",
                          origin=TranslationOrigin.HUMAN, state=TranslationState.REVIEWED,
                          made_from_hash=listing.source_hash)

    job = run_job(job.pk, client=make_client(), progress=review_meanwhile)

    assert translations("de")[listing.pk].title == "Von Hand"
    assert item(job, listing, "de").code == "reviewed"
    assert job.skipped_reviewed == 1


def test_dropped_placeholder_holds_the_reply_for_review(fake_openai, make_client, speakers):
    listing = speakers[0]
    job = create_job([listing.pk], ["de"])
    push_items(fake_openai, [
        {"key": key(listing, "de", "title"), "text": "Bluetooth-Lautsprecher ⟦M1⟧"},
        {"key": key(listing, "de", "description"), "text": "⟦T1⟧Tragbarer Lautsprecher.⟦T2⟧"},
    ])

    job = run_job(job.pk, client=make_client())

    held = item(job, listing, "de")
    assert (held.status, held.code) == (ItemStatus.HELD, "tokens")
    assert held.reason == ("description: The reply's tokens differ from the source's: "
                           "missing ⟦N1⟧.")
    assert held.rejected == {"description": "⟦T1⟧Tragbarer Lautsprecher.⟦T2⟧"}
    assert translations("de") == {}
    assert (job.needs_review, job.failures) == (1, {"tokens": 1})


def test_renamed_placeholder_holds_the_reply_for_review(fake_openai, make_client, speakers):
    listing = speakers[0]
    job = create_job([listing.pk], ["de"])
    push_items(fake_openai, [
        {"key": key(listing, "de", "title"), "text": "Bluetooth-Lautsprecher ⟦M2⟧"},
        {"key": key(listing, "de", "description"), "text": "⟦T1⟧Tragbar, ⟦N1⟧ Akku.⟦T2⟧"},
    ])

    job = run_job(job.pk, client=make_client())

    held = item(job, listing, "de")
    assert held.reason == ("title: The reply's tokens differ from the source's: missing ⟦M1⟧; "
                           "extra ⟦M2⟧.")
    assert translations("de") == {}


def test_injected_script_is_never_published(fake_openai, make_client, speakers):
    listing = speakers[0]
    job = create_job([listing.pk], ["de"])
    push_items(fake_openai, [
        {"key": key(listing, "de", "title"),
         "text": "Lautsprecher ⟦M1⟧<script>alert(1)</script>"},
        {"key": key(listing, "de", "description"), "text": "⟦T1⟧Tragbar mit ⟦N1⟧ Akku.⟦T2⟧"},
    ])

    job = run_job(job.pk, client=make_client())

    held = item(job, listing, "de")
    assert (held.status, held.code) == (ItemStatus.HELD, "markup")
    assert held.rejected == {"title": "Lautsprecher BT100<script>alert(1)</script>"}
    assert translations("de") == {}


def test_soft_qa_failure_is_written_as_needs_review_with_notes(fake_openai, make_client,
                                                              speakers):
    listing = speakers[0]
    job = create_job([listing.pk], ["de"])
    push_items(fake_openai, [
        {"key": key(listing, "de", "title"), "text": "Bluetooth speaker ⟦M1⟧"},
        {"key": key(listing, "de", "description"), "text": "⟦T1⟧Tragbar mit ⟦N1⟧ Akku.⟦T2⟧"},
    ])

    job = run_job(job.pk, client=make_client())

    german = translations("de")[listing.pk]
    assert german.state == "needs_review"
    assert german.qa_notes == ["title: The translation is the same as the source text; it was "
                               "not translated."]
    assert job.failures == {"qa:identical": 1}


def test_missing_item_is_retried_alone_and_the_rest_kept(fake_openai, make_client, speakers):
    # Given a reply that leaves out one of four texts
    job = create_job([s.pk for s in speakers], ["de"])
    complete = items_for(speakers, ["de"])
    push_items(fake_openai, complete[:3])
    push_items(fake_openai, complete[3:])

    job = run_job(job.pk, client=make_client())

    # Then only the missing text was sent again, on its own
    assert len(fake_openai.requests) == 2
    assert sent_keys(fake_openai, 1) == [key(speakers[1], "de", "description")]
    assert (job.machine_written, job.failed, job.requests) == (2, 0, 2)


def test_text_that_fails_alone_too_is_marked_failed(fake_openai, make_client, speakers):
    listing = speakers[0]
    job = create_job([listing.pk], ["de"])
    complete = items_for([listing], ["de"])
    push_items(fake_openai, [*complete, complete[0]])  # title twice
    fake_openai.push_content("not json")

    job = run_job(job.pk, client=make_client())

    failed = item(job, listing, "de")
    assert (failed.status, failed.code) == (ItemStatus.FAILED, "bad_output")
    assert failed.reason.startswith("title: The reply is not valid JSON")
    assert sent_keys(fake_openai, 1) == [key(listing, "de", "title")]
    assert translations("de") == {}
    assert (job.failed, job.failures, job.requests) == (1, {"bad_output": 1}, 2)


def test_truncated_batch_is_split_not_resent(fake_openai, make_client, speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    fake_openai.push_content('{"items": [', finish_reason="length")
    push_items(fake_openai, items_for(speakers[:1], ["de"]))
    push_items(fake_openai, items_for(speakers[1:], ["de"]))

    job = run_job(job.pk, client=make_client())

    assert [len(sent_keys(fake_openai, n)) for n in range(3)] == [4, 2, 2]
    assert sent_keys(fake_openai, 2) == [key(speakers[1], "de", "title"),
                                         key(speakers[1], "de", "description")]
    assert (job.status, job.machine_written) == ("done", 2)


def test_rejected_key_stops_the_job_at_once(fake_openai, make_client, speakers, sleeps):
    job = create_job([s.pk for s in speakers], ["de"])
    fake_openai.push_error(401, "Incorrect API key provided", code="invalid_api_key")

    job = run_job(job.pk, client=make_client())

    assert (job.status, job.resumable) == ("failed", False)
    assert job.message.startswith("Machine translation stopped: The server rejected the API key "
                                  "(HTTP 401)")
    assert (len(fake_openai.requests), sleeps) == (1, [])
    assert set(job.items.values_list("status", flat=True)) == {ItemStatus.PENDING}


def test_transient_failure_stops_resumably_and_a_rerun_continues(fake_openai, make_client,
                                                                 speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    for _ in range(3):  # the first try and the client's two retries
        fake_openai.push_error(503, "overloaded")

    stopped = run_job(job.pk, client=make_client())

    assert (stopped.status, stopped.resumable, stopped.items_done) == ("failed", True, 0)
    assert "run the job again to continue" in stopped.message
    push_items(fake_openai, items_for(speakers, ["de"]))
    resumed = run_job(job.pk, client=make_client())
    assert (resumed.status, resumed.message, resumed.machine_written) == ("done", "", 2)
    assert resumed.requests == 4


def test_without_api_key_memory_still_applies(fake_openai, make_client, speakers):
    first, second = speakers
    langs = {"source_language": "en", "target_language": "de"}
    remember(first.title, "Bluetooth-Lautsprecher BT100", origin="human", **langs)
    remember(DESCRIPTION, "<p>Tragbarer Lautsprecher.</p>", origin="human", **langs)
    job = create_job([first.pk, second.pk], ["de"])

    job = run_job(job.pk, client=make_client(api_key=""))

    assert fake_openai.requests == []
    assert (job.status, job.message) == ("done", NOT_CONFIGURED_MESSAGE)
    assert list(translations("de")) == [first.pk]
    assert (item(job, second, "de").status, item(job, second, "de").code) == (
        ItemStatus.SKIPPED, "not_configured")


def test_source_edited_mid_job_is_not_overwritten(fake_openai, make_client, speakers):
    listing = speakers[0]
    job = create_job([listing.pk], ["de"])
    push_items(fake_openai, items_for([listing], ["de"]))

    def edit_source(_job):
        listing.title = "Bluetooth speaker BT100 (2027)"
        save_listing(listing)

    job = run_job(job.pk, client=make_client(), progress=edit_source)

    skipped = item(job, listing, "de")
    assert (skipped.status, skipped.code) == (ItemStatus.SKIPPED, "source_changed")
    assert translations("de") == {}
    assert job.failures == {"source_changed": 1}


def test_cancelled_job_stops_between_batches(fake_openai, make_client, speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    push_items(fake_openai, items_for(speakers[:1], ["de"]))
    reports = []

    def cancel_after_first_batch(current):
        reports.append(current.items_done)
        if len(reports) == 2:
            cancel_job(current.pk)

    # A tiny budget: one listing per request
    job = run_job(job.pk, client=make_client(), progress=cancel_after_first_batch,
                  batch_chars=1)

    assert len(fake_openai.requests) == 1
    assert job.status == JobStatus.CANCELLED
    assert item(job, speakers[1], "de").status == ItemStatus.PENDING
    # And running a cancelled job again does nothing
    assert run_job(job.pk, client=make_client()).status == JobStatus.CANCELLED
    assert len(fake_openai.requests) == 1


def test_rerun_after_a_crash_continues_without_duplicates(fake_openai, make_client, speakers):
    # Given a job whose worker died after finishing the first listing
    job = create_job([s.pk for s in speakers], ["de"])
    push_items(fake_openai, items_for(speakers[:1], ["de"]))
    with pytest.raises(_Crash):
        run_job(job.pk, client=make_client(), batch_chars=1, progress=_crash_after_first_batch)
    job.refresh_from_db()
    assert (job.status, job.items_done) == ("running", 1)

    # When it runs again
    push_items(fake_openai, items_for(speakers[1:], ["de"]))
    job = run_job(job.pk, client=make_client())

    # Then only the second listing was sent and nothing was lost or doubled
    assert sent_keys(fake_openai, 1) == [key(speakers[1], "de", "title"),
                                         key(speakers[1], "de", "description")]
    assert TranslationJobItem.objects.filter(job=job).count() == 2
    assert ListingTranslation.objects.filter(language="de").count() == 2
    assert (job.status, job.items_done, job.machine_written, job.requests) == ("done", 2, 2, 2)
    # And a done job is left alone
    run_job(job.pk, client=make_client())
    assert len(fake_openai.requests) == 2


class _Crash(BaseException):
    """Stands for the worker process dying: not an Exception the pipeline could handle."""


def _crash_after_first_batch(job):
    if job.items_done == 1:
        raise _Crash


def test_an_item_another_run_finished_mid_request_is_left_and_its_batch_written(
        fake_openai, make_client, speakers):
    # Given one request for both listings, and another run that finishes the first listing's
    # item while the request is out (the batch's items finish with one UPDATE, so this is the
    # case where that UPDATE must not take the batch or the other run's item with it)
    job = create_job([s.pk for s in speakers], ["de"])
    push_items(fake_openai, items_for(speakers, ["de"]))
    client = make_client()
    ask = client.complete_json

    def other_run_finishes_first(**request):
        TranslationJobItem.objects.filter(job=job, listing=speakers[0]).update(
            status=ItemStatus.DONE, code="memory", reason="Another run.")
        return ask(**request)

    client.complete_json = other_run_finishes_first

    job = run_job(job.pk, client=client)

    # Then the other run's outcome stands and only the second listing's text was written
    assert len(fake_openai.requests) == 1
    assert (item(job, speakers[0], "de").code, item(job, speakers[1], "de").code) == (
        "memory", "machine")
    assert list(translations("de")) == [speakers[1].pk]
    assert (job.status, job.items_done, job.machine_written) == (JobStatus.DONE, 2, 1)
