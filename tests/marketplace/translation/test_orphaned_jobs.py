"""A translation job whose worker was SIGKILLed mid-job: running, under a lease nobody renews.
The sweeper re-sends it once the lease expired, the next run finishes it once, and the dead
worker's own message, redelivered later, changes nothing."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from marketplace.catalog.models import ListingTranslation
from marketplace.ops import dispatch
from marketplace.translation.jobs import create_job
from marketplace.translation.models import JobStatus, TranslationJob
from marketplace.translation.tasks import translate_job
from tests.marketplace.ai.conftest import FAKE_KEY
from tests.marketplace.ai.fake_openai import FAKE_MODEL
from tests.marketplace.translation.pipeline_fixtures import items_for, push_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_runs(monkeypatch, settings, fake_openai):
    """The default client pointed at the fake server, and the real translation kind whose
    message a worker in this process runs at once. Returns what each delivery answered."""
    settings.AI_API_KEY = FAKE_KEY
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = FAKE_MODEL
    settings.AI_MAX_RETRIES = 0
    cache.clear()
    answers: list[str] = []
    kind = dispatch._KINDS["translation"]
    monkeypatch.setattr(dispatch, "_KINDS", {kind.name: dispatch.JobKind(
        kind.name, kind.queued, lambda job: answers.append(translate_job(job.pk)),
        kind.running)})
    yield answers
    cache.clear()


def killed_mid_job(job: TranslationJob, *, lease_left: float) -> None:
    TranslationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, claimed_by="killed-host:1:abc",
        lease_expires_at=timezone.now() + timedelta(seconds=lease_left))


def test_a_killed_workers_job_is_taken_over_and_finished_once(worker_runs, fake_openai,
                                                              speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    killed_mid_job(job, lease_left=60)
    assert dispatch.resend_queued_jobs() == 0  # the lease still holds: maybe a live run

    killed_mid_job(job, lease_left=-1)
    push_items(fake_openai, items_for(speakers, ["de"]))
    assert dispatch.resend_queued_jobs() == 1

    assert worker_runs == ["done"]
    job.refresh_from_db()
    assert (job.status, job.machine_written, job.claimed_by == "killed-host:1:abc") == (
        "done", len(speakers), False)
    assert len(fake_openai.requests) == 1


def test_the_dead_workers_redelivered_message_does_nothing_once_the_job_is_done(
        worker_runs, fake_openai, speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    killed_mid_job(job, lease_left=-1)
    push_items(fake_openai, items_for(speakers, ["de"]))
    dispatch.resend_queued_jobs()

    assert translate_job(job.pk) == "done"
    assert dispatch.resend_queued_jobs() == 0
    assert len(fake_openai.requests) == 1
    assert ListingTranslation.objects.filter(language="de").count() == len(speakers)


def test_a_cancelled_job_left_by_a_dead_worker_is_never_handed_back(worker_runs, speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    TranslationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.CANCELLED, claimed_by="killed-host:1:abc",
        lease_expires_at=timezone.now() - timedelta(hours=1),
        created_at=timezone.now() - timedelta(hours=2))

    assert dispatch.resend_queued_jobs() == 0
    assert worker_runs == []
