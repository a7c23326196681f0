"""The jobs' clocks come from settings and are checked against each other: leases against the
longest model call, the visibility timeout against the leases."""

import subprocess
import sys

import pytest
from celery import Celery

from marketplace.ai.client import longest_call_seconds
from marketplace.celery import schedule_periodic_tasks
from marketplace.ops.job_timing import check_job_timing, lease_duration, visibility_timeout
from tests.conftest import PROJECT_ROOT, clean_env


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_defaults_pass_and_keep_the_old_leases(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 1800}

    assert check_job_timing() == []
    assert [lease_duration(kind).total_seconds() for kind in
            ("translation", "claim_review", "compliance_check")] == [600, 600, 900]


@pytest.mark.parametrize("value", [0, -5, "600", 1.5, True, None])
def test_a_lease_or_period_that_is_not_positive_whole_seconds_is_an_error(settings, value):
    settings.JOBS_SWEEP_SECONDS = value

    [error] = check_job_timing()

    assert (error.id, error.msg) == (
        "ops.E001", f"JOBS_SWEEP_SECONDS must be a whole number of seconds above 0, not "
                    f"{value!r}.")


def test_the_longest_model_call_counts_every_attempt_and_the_backoff(settings):
    settings.AI_TIMEOUT_SECONDS = 30.0
    settings.AI_MAX_RETRIES = 4
    assert longest_call_seconds() == 30 * 5 + (1 + 2 + 4 + 8)

    settings.AI_MAX_RETRIES = 0
    assert longest_call_seconds() == 30


def test_a_lease_shorter_than_one_model_call_warns(settings):
    settings.AI_TIMEOUT_SECONDS = 20.0
    settings.AI_MAX_RETRIES = 0
    settings.TRANSLATION_JOB_LEASE_SECONDS = 19

    [warning] = check_job_timing()

    assert warning.id == "ops.W001"
    assert warning.msg.startswith("TRANSLATION_JOB_LEASE_SECONDS (19 s) is shorter than one "
                                  "model request may take (20 s")


def test_a_visibility_timeout_shorter_than_a_lease_warns_on_redis_only(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 899}
    assert ids(check_job_timing()) == ["ops.W002"]

    settings.CELERY_BROKER_URL = "filesystem://"
    assert (visibility_timeout(), check_job_timing()) == (None, [])


def test_beat_sweeps_every_jobs_sweep_seconds(settings):
    settings.JOBS_SWEEP_SECONDS = 7
    app = Celery("sweep-period", set_as_current=False)

    schedule_periodic_tasks(app)

    [sweep] = [entry for entry in app.conf.beat_schedule.values()
               if entry["task"] == "ops.resend_queued_jobs"]
    assert sweep["schedule"] == 7.0


def test_a_lease_that_is_not_a_number_stops_the_start_naming_the_variable(tmp_path):
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=PROJECT_ROOT,
        env=clean_env({"MARKETPLACE_DATA_DIR": str(tmp_path),
                       "COMPLIANCE_CHECK_LEASE_SECONDS": "15m"}),
        capture_output=True, text=True, check=False, timeout=60)

    assert started.returncode == 1
    assert started.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: COMPLIANCE_CHECK_LEASE_SECONDS must be a "
        "whole number of seconds, not '15m'.")
