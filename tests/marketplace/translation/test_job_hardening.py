"""One run per job (the lease), never an item written twice, and the Celery task that
reschedules itself after a temporary failure."""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone

from marketplace.catalog.models import ListingTranslation
from marketplace.translation.jobs import create_job
from marketplace.translation.models import ItemStatus, JobStatus, TranslationJob
from marketplace.translation.pipeline import run_job
from marketplace.translation.tasks import MAX_RESCHEDULES, backoff, translate_job
from tests.marketplace.ai.conftest import FAKE_KEY
from tests.marketplace.ai.fake_openai import FAKE_MODEL
from tests.marketplace.translation.echo_server import EchoOpenAI
from tests.marketplace.translation.pipeline_fixtures import items_for, make_speaker, push_items


@pytest.fixture
def echo() -> Iterator[EchoOpenAI]:
    server = EchoOpenAI(delay=0.05).start()
    yield server
    server.stop()


def lease_held_by(job: TranslationJob, worker: str, *, seconds: float) -> None:
    TranslationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, claimed_by=worker,
        lease_expires_at=timezone.now() + timedelta(seconds=seconds))


# -- two runs of one job --------------------------------------------------------------------


# Transactional: each thread works on its own connection, outside any test transaction.
@pytest.mark.django_db(transaction=True)
def test_two_runs_of_one_job_at_once_write_every_item_once(echo, make_client, supplier):
    # Given a job of six listings into two languages, one listing per request, and a server
    # slow enough that the second run starts while the first is mid-request
    listings = [make_speaker(supplier, n) for n in range(100, 106)]
    job = create_job([listing.pk for listing in listings], ["de", "fr"])
    client = make_client(base_url=echo.base_url)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outcomes.append(run_job(job.pk, client=client, batch_chars=1).status)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    # When a second worker runs it while the first is mid-request (acks_late redelivery).
    # Started then rather than at the same instant: the test database is SQLite's in-memory
    # shared cache, which answers "table is locked" at once instead of waiting like a file
    # database (or PostgreSQL) does.
    first, second = threading.Thread(target=run), threading.Thread(target=run)
    first.start()
    deadline = time.monotonic() + 5
    while not echo.requests and time.monotonic() < deadline:
        time.sleep(0.005)
    second.start()
    second.join()
    first.join()

    # Then the second found the job claimed and left it; the first did all the work
    assert errors == []
    assert outcomes == [JobStatus.RUNNING, JobStatus.DONE]
    # And every text was sent exactly once and every item written exactly once
    sent = Counter(echo.sent_keys())
    assert (len(sent), set(sent.values())) == (6 * 2 * 2, {1})
    assert len(echo.requests) == 12
    assert ListingTranslation.objects.count() == 12
    job.refresh_from_db()
    assert (job.status, job.items_done, job.machine_written, job.requests) == ("done", 12, 12, 12)
    assert job.lease_expires_at is None
    assert job.claimed_by != ""


@pytest.mark.django_db
def test_a_job_held_by_a_live_run_is_left_alone(fake_openai, make_client, speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    lease_held_by(job, "other-host:1:abc", seconds=60)

    returned = run_job(job.pk, client=make_client())

    assert fake_openai.requests == []
    assert (returned.status, returned.claimed_by) == (JobStatus.RUNNING, "other-host:1:abc")
    assert set(returned.items.values_list("status", flat=True)) == {ItemStatus.PENDING}


@pytest.mark.django_db
def test_the_lease_of_a_dead_worker_is_taken_over_once_expired(fake_openai, make_client,
                                                               speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    lease_held_by(job, "dead-host:1:abc", seconds=-1)
    push_items(fake_openai, items_for(speakers, ["de"]))

    job = run_job(job.pk, client=make_client(), worker="new-host:2:def")

    assert (job.status, job.machine_written, job.claimed_by) == ("done", 2, "new-host:2:def")
    assert job.lease_expires_at is None


@pytest.mark.django_db
def test_the_lease_is_visible_and_renewed_while_the_job_runs(fake_openai, make_client,
                                                             speakers, settings):
    settings.TRANSLATION_JOB_LEASE_SECONDS = 45
    job = create_job([s.pk for s in speakers], ["de"])
    push_items(fake_openai, items_for(speakers, ["de"]))
    seen: list[tuple[str, float]] = []

    def look(current: TranslationJob) -> None:
        row = TranslationJob.objects.get(pk=current.pk)
        seen.append((row.claimed_by, (row.lease_expires_at - row.heartbeat_at).total_seconds()))

    run_job(job.pk, client=make_client(), progress=look, worker="host:3:run")

    assert seen == [("host:3:run", 45)] * 2


@pytest.mark.django_db
def test_a_run_whose_job_was_taken_over_stops_and_writes_no_status(fake_openai, make_client,
                                                                    speakers):
    # Given a run presumed dead: another worker takes the job over after its first batch
    job = create_job([s.pk for s in speakers], ["de"])
    push_items(fake_openai, items_for(speakers[:1], ["de"]))

    def taken_over(current: TranslationJob) -> None:
        if current.items_done == 1:
            lease_held_by(current, "new-host:9:xyz", seconds=60)

    job = run_job(job.pk, client=make_client(), progress=taken_over, batch_chars=1)

    # Then it sent nothing more and left the job (running, pending item) to the new owner
    assert len(fake_openai.requests) == 1
    assert (job.status, job.claimed_by) == (JobStatus.RUNNING, "new-host:9:xyz")
    assert job.items.get(listing=speakers[1]).status == ItemStatus.PENDING
    assert job.lease_expires_at is not None


# -- the Celery task reschedules itself -----------------------------------------------------


@pytest.fixture
def ai_settings(settings, fake_openai):
    """The default client pointed at the fake server, without retries of its own (the
    client's retries are tested in tests/marketplace/ai/)."""
    settings.AI_API_KEY = FAKE_KEY
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = FAKE_MODEL
    settings.AI_MAX_RETRIES = 0
    return settings


@pytest.fixture
def countdowns(monkeypatch) -> list[dict[str, Any]]:
    """The keyword arguments of every `self.retry` the task made (it still retries)."""
    calls: list[dict[str, Any]] = []
    real = translate_job.retry

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(translate_job, "retry", spy)
    return calls


@pytest.mark.django_db
def test_task_reschedules_after_a_temporary_failure_honouring_retry_after(
        ai_settings, fake_openai, speakers, countdowns):
    job = create_job([s.pk for s in speakers], ["de"])
    fake_openai.push_error(429, "slow down", retry_after="7")
    push_items(fake_openai, items_for(speakers, ["de"]))

    # Eager: the retry runs at once, in this process, whatever its countdown
    assert translate_job.apply(args=[job.pk]).get() == JobStatus.DONE

    assert countdowns == [{"countdown": 7, "max_retries": MAX_RESCHEDULES}]
    job.refresh_from_db()
    assert (job.status, job.machine_written, job.requests, job.retry_after) == (
        "done", 2, 2, None)


@pytest.mark.django_db
def test_task_backs_off_without_retry_after(ai_settings, fake_openai, speakers, countdowns):
    job = create_job([s.pk for s in speakers], ["de"])
    fake_openai.push_error(503, "overloaded")
    fake_openai.push_error(503, "overloaded")
    push_items(fake_openai, items_for(speakers, ["de"]))

    assert translate_job.apply(args=[job.pk]).get() == JobStatus.DONE

    assert [call["countdown"] for call in countdowns] == [backoff(0), backoff(1)] == [30, 60]


@pytest.mark.django_db
def test_task_gives_up_after_max_reschedules_and_leaves_the_job_resumable(
        ai_settings, fake_openai, speakers, countdowns):
    job = create_job([s.pk for s in speakers], ["de"])
    for _ in range(MAX_RESCHEDULES + 1):
        fake_openai.push_error(503, "overloaded")

    assert translate_job.apply(args=[job.pk]).get() == JobStatus.FAILED

    assert len(fake_openai.requests) == MAX_RESCHEDULES + 1
    assert len(countdowns) == MAX_RESCHEDULES + 1  # the last one raised MaxRetriesExceeded
    job.refresh_from_db()
    assert (job.status, job.resumable) == ("failed", True)


@pytest.mark.django_db
def test_task_does_not_retry_a_configuration_error(ai_settings, fake_openai, speakers,
                                                   countdowns):
    job = create_job([s.pk for s in speakers], ["de"])
    fake_openai.push_error(401, "Incorrect API key provided", code="invalid_api_key")

    assert translate_job.apply(args=[job.pk]).get() == JobStatus.FAILED

    assert (countdowns, len(fake_openai.requests)) == ([], 1)
    job.refresh_from_db()
    assert (job.status, job.resumable) == ("failed", False)


@pytest.mark.django_db
def test_task_comes_back_when_the_lease_of_another_run_expires(ai_settings, fake_openai,
                                                               speakers, monkeypatch):
    # Given a job another run holds for 40 more seconds, and that this test lets expire
    # before the (eager, immediate) retry
    job = create_job([s.pk for s in speakers], ["de"])
    lease_held_by(job, "other-host:1:abc", seconds=40)
    push_items(fake_openai, items_for(speakers, ["de"]))
    countdowns: list[dict[str, Any]] = []
    real = translate_job.retry

    def expire_then_retry(*args: Any, **kwargs: Any) -> Any:
        countdowns.append(kwargs)
        TranslationJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
        return real(*args, **kwargs)

    monkeypatch.setattr(translate_job, "retry", expire_then_retry)

    assert translate_job.apply(args=[job.pk]).get() == JobStatus.DONE

    [call] = countdowns
    assert call["countdown"] in (41, 42)  # the lease's remaining time, rounded up, plus one
    assert len(fake_openai.requests) == 1
