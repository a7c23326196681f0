"""Jobs run in worker processes on a SQLite file of their own: one killed mid-job (SIGKILL: no
cleanup at all) and run again by another process (nothing lost, nothing doubled, reviewed
texts untouched), and one sending its batches concurrently (which needs a database that
takes concurrent writers, so not the in-memory test database)."""

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, clean_env
from tests.marketplace.translation.crash_worker import (
    LANGUAGES,
    LEASE_SECONDS,
    LISTINGS,
    REVIEWED_TITLE,
)
from tests.marketplace.translation.echo_server import EchoOpenAI, echo_items

pytestmark = pytest.mark.slow

MODULE = "tests.marketplace.translation.crash_worker"


def worker(data_dir: Path, *args: str, env: dict[str, str] | None = None,
           **popen: object) -> subprocess.Popen[str]:
    # A file database of its own: the process cannot see the test database.
    return subprocess.Popen(
        [sys.executable, "-m", MODULE, *args], cwd=PROJECT_ROOT, text=True,
        env=clean_env({"MARKETPLACE_DATA_DIR": str(data_dir), **(env or {})}), **popen)


def call(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> str:
    process = worker(data_dir, *args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


@pytest.fixture
def slow_echo():
    server = EchoOpenAI(delay=0.3).start()
    yield server
    server.stop()


def test_job_killed_mid_run_completes_on_rerun_without_duplicates(tmp_path, slow_echo):
    # Given a job of 8 listings into 2 languages (one already reviewed by a person), one
    # text pair per request and a server that takes 0.3 s a request
    job_id = call(tmp_path, "setup").strip()

    # When the worker is killed while its fourth request is in flight
    first = worker(tmp_path, "run", job_id, slow_echo.base_url,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(slow_echo.requests) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = len(slow_echo.requests)
    dead = json.loads(call(tmp_path, "report", job_id))
    assert (dead["status"], killed_at) == ("running", 4)
    assert dead["lease_expires_at"] is not None  # the dead run still holds it
    assert 1 < sum(1 for status, _ in dead["items"] if status != "pending") < 15

    # And run again once the dead run's lease has expired
    time.sleep(LEASE_SECONDS + 0.2)
    assert call(tmp_path, "run", job_id, slow_echo.base_url).splitlines()[-1] == "done"

    # Then every item is finished once and every translation written once
    done = json.loads(call(tmp_path, "report", job_id))
    items = LISTINGS * len(LANGUAGES)
    assert done["status"] == "done"
    assert Counter(status for status, _ in done["items"]) == {"done": items - 1, "skipped": 1}
    assert ("skipped", "reviewed") in [tuple(item) for item in done["items"]]
    translations = done["translations"]
    assert len(translations) == items
    assert len({(title, language) for title, language, _, _ in translations}) == items
    # And the reviewed text was not touched, the rest are machine work
    assert ["Bluetooth speaker BT100", "de", REVIEWED_TITLE, "reviewed"] in translations
    assert sorted({state for _, _, _, state in translations}) == ["machine", "reviewed"]
    # And only the request the kill cut short (the fourth) was sent twice: 7 German titles
    # (the German description is the reviewed one, from memory) and 8 French title and
    # description pairs, one item a request
    sent = Counter(slow_echo.sent_keys())
    assert len(sent) == 7 + 8 * 2
    cut_short = {item["key"] for item in echo_items(slow_echo.requests[3])}
    assert {key for key, n in sent.items() if n > 1} == cut_short
    assert max(sent.values()) == 2
    assert len(slow_echo.requests) == 15 + 1
    # And the ledger has every answered request (the cut one was never answered)
    assert done["ledger"] == done["requests"] == 15


def test_a_killed_workers_job_is_re_sent_by_the_sweeper_and_finished_once(tmp_path,
                                                                          slow_echo):
    # Given a worker killed while its fourth request is in flight
    job_id = call(tmp_path, "setup").strip()
    first = worker(tmp_path, "run", job_id, slow_echo.base_url,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(slow_echo.requests) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    cut_short = {item["key"] for item in echo_items(slow_echo.requests[3])}
    # A sweep runs the job it re-sends at once, as a worker given its message would.
    worker_env = {"CELERY_TASK_ALWAYS_EAGER": "true", "AI_API_KEY": "sk-crash",
                  "AI_BASE_URL": slow_echo.base_url, "AI_MODEL": "fake-model-1",
                  "AI_MAX_RETRIES": "0", "TRANSLATION_JOB_LEASE_SECONDS": "2"}

    # When beat sweeps after the dead run's lease expired (a sweep before it is
    # tests/marketplace/translation/test_orphaned_jobs.py's: starting a process outlasts it)
    time.sleep(LEASE_SECONDS + 0.2)
    assert call(tmp_path, "sweep", env=worker_env).strip() == "1"

    # Then the job is done, every translation written once, and only the texts of the
    # request the kill cut short were sent twice
    done = json.loads(call(tmp_path, "report", job_id))
    items = LISTINGS * len(LANGUAGES)
    assert (done["status"], done["lease_expires_at"]) == ("done", None)
    assert Counter(status for status, _ in done["items"]) == {"done": items - 1, "skipped": 1}
    assert len({(title, language) for title, language, _, _ in done["translations"]}) == items
    sent = Counter(slow_echo.sent_keys())
    assert len(sent) == 7 + 8 * 2
    assert {key for key, n in sent.items() if n > 1} == cut_short
    # And a later sweep, or the dead worker's message redelivered, sends nothing more
    requests = len(slow_echo.requests)
    assert call(tmp_path, "sweep", env=worker_env).strip() == "0"
    assert call(tmp_path, "run", job_id, slow_echo.base_url).splitlines()[-1] == "done"
    assert len(slow_echo.requests) == requests


def test_concurrent_batches_write_every_item_once(tmp_path):
    server = EchoOpenAI(delay=0.1).start()
    try:
        job_id = call(tmp_path, "setup").strip()

        assert call(tmp_path, "run", job_id, server.base_url, "4").splitlines()[-1] == "done"

        done = json.loads(call(tmp_path, "report", job_id))
        assert server.max_in_flight == 4
        sent = Counter(server.sent_keys())
        assert (len(sent), set(sent.values()), len(server.requests)) == (7 + 8 * 2, {1}, 15)
        items = LISTINGS * len(LANGUAGES)
        assert Counter(status for status, _ in done["items"]) == {"done": items - 1,
                                                                  "skipped": 1}
        assert len(done["translations"]) == items
        assert done["ledger"] == done["requests"] == 15
    finally:
        server.stop()
