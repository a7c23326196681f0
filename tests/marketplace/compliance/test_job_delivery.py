"""A compliance check runs once however often its message arrives (the shared lease), and a
check whose message a broker outage lost is sent again by the sweeper."""

import logging
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from marketplace.compliance.models import ComplianceCheckJob, ComplianceReport, JobStatus
from marketplace.compliance.tasks import run_check
from marketplace.ops import dispatch
from marketplace.ops.leases import Lease
from regions.core.models import Region


@pytest.fixture
def job(listing) -> ComplianceCheckJob:
    return ComplianceCheckJob.objects.create(listing=listing,
                                             region=Region.objects.get(code="eu"))


def test_a_second_delivery_while_a_live_run_holds_the_check_does_nothing(job):
    Lease(ComplianceCheckJob, job.pk, "other-host:1:abc", timedelta(minutes=15)).claim(
        Q(status=JobStatus.QUEUED), status=JobStatus.RUNNING)

    assert run_check(job.pk) == "running"
    assert not ComplianceReport.objects.exists()


def test_a_dead_workers_check_is_taken_over_once_its_lease_expires(job):
    Lease(ComplianceCheckJob, job.pk, "dead-host:1:abc", timedelta(minutes=15)).claim(
        Q(status=JobStatus.QUEUED), status=JobStatus.RUNNING)
    ComplianceCheckJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1))

    assert run_check(job.pk) == "done"
    job.refresh_from_db()
    assert (job.lease_expires_at, ComplianceReport.objects.count()) == (None, 1)
    assert job.claimed_by != "dead-host:1:abc"


def test_a_broker_outage_at_send_time_is_one_log_line_not_an_error(
        job, caplog, django_capture_on_commit_callbacks):
    def broker_down():
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with (caplog.at_level(logging.ERROR, logger=dispatch.logger.name),
          django_capture_on_commit_callbacks(execute=True)):
        dispatch.send_on_commit(broker_down, f"compliance check {job.pk}")

    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        f"broker unavailable: compliance check {job.pk} stays queued and will be re-sent"]


@pytest.fixture
def sent(monkeypatch, settings):
    """The registered kinds, with a recording one in place of the real ones (whose send
    would need a worker): what the sweeper chooses to send."""
    settings.JOBS_RESEND_AFTER_SECONDS = 600
    cache.clear()
    calls: list[int] = []
    kinds = {"compliance_check": dispatch.JobKind(
        "compliance_check",
        lambda: ComplianceCheckJob.objects.filter(status=JobStatus.QUEUED),
        lambda job: calls.append(job.pk))}
    monkeypatch.setattr(dispatch, "_KINDS", kinds)
    yield calls
    cache.clear()


def test_the_sweeper_resends_old_queued_checks_once_per_hold(job, sent, listing):
    recent = ComplianceCheckJob.objects.create(listing=listing, region=job.region)
    done = ComplianceCheckJob.objects.create(listing=listing, region=job.region,
                                             status=JobStatus.DONE)
    ComplianceCheckJob.objects.filter(pk__in=[job.pk, done.pk]).update(
        created_at=timezone.now() - timedelta(minutes=11))

    assert dispatch.resend_queued_jobs() == 1
    assert dispatch.resend_queued_jobs() == 0  # not again before the hold expires
    assert sent == [job.pk]
    assert recent.pk not in sent


def test_the_sweeper_stops_while_the_broker_is_down_and_tries_again_later(job, monkeypatch,
                                                                          sent):
    ComplianceCheckJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=11))
    kind = dispatch._KINDS["compliance_check"]

    def down(_job):
        raise OperationalError("Connection refused.")

    monkeypatch.setitem(dispatch._KINDS, "compliance_check",
                        dispatch.JobKind(kind.name, kind.queued, down))
    assert dispatch.resend_queued_jobs() == 0

    monkeypatch.setitem(dispatch._KINDS, "compliance_check", kind)
    assert dispatch.resend_queued_jobs() == 1
    assert sent == [job.pk]


def test_every_kind_of_job_is_registered_for_the_sweeper():
    # Celery's autodiscovery imports the apps' tasks modules; this module already imported
    # the compliance one, and the review's imports the translation one.
    import marketplace.compliance_review.tasks  # noqa: F401

    assert set(dispatch._KINDS) >= {"translation", "compliance_check", "claim_review"}


# -- a worker killed mid-check ----------------------------------------------------------------


@pytest.fixture
def worker_runs(monkeypatch, settings):
    """The real compliance kind, its message delivered to a worker in this process: the
    sweeper's send runs the task at once. Returns what each delivery answered."""
    settings.JOBS_RESEND_AFTER_SECONDS = 600
    cache.clear()
    answers: list[str] = []
    kind = dispatch._KINDS["compliance_check"]
    monkeypatch.setattr(dispatch, "_KINDS", {kind.name: dispatch.JobKind(
        kind.name, kind.queued, lambda job: answers.append(run_check(job.pk)), kind.running)})
    yield answers
    cache.clear()


def killed_mid_check(job: ComplianceCheckJob, *, expired: bool = True) -> None:
    """What a SIGKILLed worker leaves: the job running under its lease, which nobody renews."""
    Lease(ComplianceCheckJob, job.pk, "killed-host:1:abc", timedelta(minutes=15)).claim(
        Q(status=JobStatus.QUEUED), status=JobStatus.RUNNING)
    if expired:
        ComplianceCheckJob.objects.filter(pk=job.pk).update(
            lease_expires_at=timezone.now() - timedelta(seconds=1))


def test_a_killed_workers_check_is_re_sent_by_the_sweeper_and_done_once(job, worker_runs):
    killed_mid_check(job)

    assert dispatch.resend_queued_jobs() == 1
    assert worker_runs == ["done"]
    # The dead worker's own message, redelivered by the broker, and a later sweep: nothing.
    assert run_check(job.pk) == "done"
    assert dispatch.resend_queued_jobs() == 0
    job.refresh_from_db()
    assert (job.status, job.lease_expires_at, ComplianceReport.objects.count()) == (
        "done", None, 1)


def test_a_redelivery_that_met_the_dead_workers_live_lease_is_made_up_for(job, worker_runs):
    killed_mid_check(job, expired=False)
    assert run_check(job.pk) == "running"  # the message is consumed, the check not run
    assert dispatch.resend_queued_jobs() == 0  # the lease still holds: maybe a live run

    ComplianceCheckJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert dispatch.resend_queued_jobs() == 1

    assert worker_runs == ["done"]
    assert ComplianceReport.objects.count() == 1


def test_a_finished_check_with_a_stale_lease_is_never_handed_back(job, worker_runs):
    ComplianceCheckJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, claimed_by="old-host:1:abc",
        lease_expires_at=timezone.now() - timedelta(hours=1),
        created_at=timezone.now() - timedelta(hours=2))

    assert dispatch.resend_queued_jobs() == 0
    assert worker_runs == []
