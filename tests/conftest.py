"""Shared pytest fixtures.

The first section holds the infrastructure fixtures (real Celery workers, Redis, PostgreSQL);
fixtures for the regions apps go in the section at the end of the file.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
from celery import Celery
from django.utils import translation

# Headless Chromium for browser tests in any folder: defined once here, so the whole session
# shares one Playwright (a second sync Playwright in the same thread refuses to start).
from tests.browser_fixtures import browser, page  # noqa: F401

# The packs' rows, loaded once per session here so that every folder's `packs` shares them.
from tests.region_fixtures import _all_pack_rows, _eu_uk_us_rows  # noqa: F401


def pytest_report_header(config) -> str:
    """The fuzzing's seed, at the top of every run, so that a failure can be replayed."""
    from tests.fuzz_seed import header

    return header()


# =========================================================================================
# Infrastructure: worker processes and external services
# =========================================================================================

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT_ROOT / "marketplace" / "settings.py"

# The well-known services that .ci/run starts; used when REQUIRE_SERVICES asks for them and
# nothing more specific is configured.
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
DEFAULT_TEST_POSTGRES_URL = "postgres://marketplace:marketplace@127.0.0.1:5432/marketplace"

# Environment variables that choose a deployment; subprocesses that must see the embedded
# defaults get them removed, so a developer's shell cannot change what a test means.
DEPLOYMENT_ENV_VARS = (
    "MARKETPLACE_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CELERY_TASK_ALWAYS_EAGER",
    "CACHE_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    # Not a deployment choice but test-harness state (the browser tests set it in this
    # process); a subprocess that stands for a deployment must not inherit it, and
    # `check --deploy` rightly flags it (async.E001).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def require_services() -> bool:
    """Whether service-backed tests must fail rather than skip when a service is missing."""
    return os.environ.get("REQUIRE_SERVICES", "").strip().lower() not in ("", "0", "false", "no")


def service_unavailable(reason: str) -> None:
    """Skip the test, or fail it under REQUIRE_SERVICES: CI must not go green by skipping."""
    if require_services():
        pytest.fail(f"{reason} (REQUIRE_SERVICES is set)", pytrace=False)
    pytest.skip(reason)


def clean_env(overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """os.environ without the deployment variables, then `overrides` (None removes a key)."""
    env = {k: v for k, v in os.environ.items() if k not in DEPLOYMENT_ENV_VARS}
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    env["PYTHONUNBUFFERED"] = "1"
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def celery_config_for(env: Mapping[str, str]) -> dict[str, Any]:
    """The Celery configuration that marketplace/settings.py derives from `env`.

    Evaluating the real settings file (instead of repeating its rules here) guarantees that a
    client in the test process talks to exactly the broker a worker started with `env` uses.
    """
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        namespace = runpy.run_path(str(SETTINGS_FILE))
    finally:
        # settings.py reads .env into os.environ; leave the test process as it was.
        os.environ.clear()
        os.environ.update(saved)
    prefix = "CELERY_"
    return {
        key[len(prefix) :].lower(): value
        for key, value in namespace.items()
        if key.startswith(prefix) and key.isupper()
    }


@dataclass
class CeleryWorker:
    """A running `celery worker` subprocess."""

    process: subprocess.Popen[bytes]
    nodename: str
    queue: str
    env: dict[str, str]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 20.0) -> None:
        """Warm shutdown (TERM), then KILL if the worker has not exited within `timeout`."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def run_celery_worker(
    broker_url: str,
    *,
    data_dir: Path,
    result_backend: str | None = None,
    name: str | None = None,
    queue: str | None = None,
    extra_env: Mapping[str, str | None] | None = None,
    ready_timeout: float = 60.0,
) -> Iterator[CeleryWorker]:
    """Run a real `celery -A marketplace worker` for the duration of the `with` block.

    `data_dir` becomes the worker's MARKETPLACE_DATA_DIR, so the filesystem broker and file
    result backend live there and not in the developer's var/. `result_backend=None` lets the
    settings pick the default for the broker. The worker consumes only `queue` (a fresh name by
    default) so it cannot take, or be sent, tasks of anything else sharing the broker.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    queue = queue or f"test-{uuid.uuid4().hex[:12]}"
    name = name or f"test-{uuid.uuid4().hex[:8]}"
    nodename = f"{name}@%h"
    overrides: dict[str, str | None] = {
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": result_backend,
        "MARKETPLACE_DATA_DIR": str(data_dir),
        **(extra_env or {}),
    }
    env = clean_env({**_passthrough_database(), **overrides})
    log_path = data_dir / f"worker-{name}.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "marketplace",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        f"--hostname={nodename}",
        f"--queues={queue}",
        # Gossip, mingle and heartbeats need broadcast messaging that the filesystem transport
        # lacks, and mingle alone costs seconds of start-up waiting for replies.
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log_path.open("wb") as log_file:
        # Output goes to a file, not a pipe nobody reads, so a chatty worker can never block.
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    worker = CeleryWorker(process, nodename, queue, env, log_path)
    try:
        _wait_until_ready(worker, ready_timeout)
        yield worker
    finally:
        worker.stop()


def _passthrough_database() -> dict[str, str]:
    # The worker should see the same database as the rest of the run (ping reports its vendor).
    url = os.environ.get("DATABASE_URL")
    return {"DATABASE_URL": url} if url else {}


def _wait_until_ready(worker: CeleryWorker, timeout: float) -> None:
    # Celery logs "<nodename> ready." once the consumer is attached to the broker; this works
    # for every transport, unlike `celery inspect ping`, which needs broadcast support.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(
                f"celery worker exited with status {worker.process.returncode} before it was "
                f"ready; its log:\n{worker.log()}",
                pytrace=False,
            )
        if " ready." in worker.log():
            return
        time.sleep(0.2)
    worker.stop()
    pytest.fail(f"celery worker not ready after {timeout:.0f}s; its log:\n{worker.log()}")


@contextlib.contextmanager
def celery_client(worker: CeleryWorker) -> Iterator[Celery]:
    """A fresh Celery app in the test process, configured for the same broker and result
    backend as `worker`, and routing tasks to the worker's queue.

    A separate app rather than reconfiguring `marketplace.celery_app`: Celery caches its
    connection pool and result backend, so changing the global app's conf mid-run would not
    reliably take effect and could leak into other tests.
    """
    config = celery_config_for(worker.env)
    config["task_always_eager"] = False
    config["task_default_queue"] = worker.queue
    # The filesystem transport writes into folders that must exist (the worker's app makes
    # them on start-up, this client app does not).
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        folder = (config.get("broker_transport_options") or {}).get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
    app = Celery("marketplace-test-client", set_as_current=False)
    app.conf.update(config)
    # Celery's conf prefers the CELERY_BROKER_URL and CELERY_RESULT_BACKEND environment
    # variables over its own settings (CI sets the former), so point them at this worker too.
    saved = {key: os.environ.get(key) for key in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")}
    for key, value in (
        ("CELERY_BROKER_URL", config.get("broker_url")),
        ("CELERY_RESULT_BACKEND", config.get("result_backend")),
    ):
        if value:
            os.environ[key] = value
        else:
            os.environ.pop(key, None)
    try:
        yield app
    finally:
        app.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def celery_worker_process() -> Callable[..., contextlib.AbstractContextManager[CeleryWorker]]:
    """`with celery_worker_process(broker_url, data_dir=...) as worker:` runs a real worker
    for the block (see `run_celery_worker` for the options)."""
    return run_celery_worker


@pytest.fixture(scope="session")
def celery_client_for() -> Callable[[CeleryWorker], contextlib.AbstractContextManager[Celery]]:
    """`with celery_client_for(worker) as app:` gives a client app for that worker's broker."""
    return celery_client


@pytest.fixture(scope="session")
def celery_worker_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., CeleryWorker]]:
    """Start workers on demand (see `celery_worker_process`); all are stopped at session end.

    Each call gets a fresh data dir unless `data_dir=` is given, e.g. to share one
    filesystem broker between a client and several workers.
    """
    stack = contextlib.ExitStack()

    def start(broker_url: str, **kwargs: Any) -> CeleryWorker:
        kwargs.setdefault("data_dir", tmp_path_factory.mktemp("celery-worker"))
        return stack.enter_context(run_celery_worker(broker_url, **kwargs))

    with stack:
        yield start


@pytest.fixture
def subprocess_env(tmp_path: Path) -> Callable[..., dict[str, str]]:
    """`subprocess_env(VAR="value", OTHER=None)`: an environment for a `manage.py` subprocess
    that starts from the embedded defaults, with its own MARKETPLACE_DATA_DIR in tmp_path so it
    never writes to the developer's var/."""
    data_dir = tmp_path / "data"

    def make(**overrides: str | None) -> dict[str, str]:
        return clean_env({"MARKETPLACE_DATA_DIR": str(data_dir), **overrides})

    return make


def _tcp_target(url: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or default_port


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A reachable Redis for tests, or skip (fail under REQUIRE_SERVICES).

    TEST_REDIS_URL wins; otherwise database 15 of the local Redis, but only when the run is
    about Redis (CELERY_BROKER_URL is redis://...) or REQUIRE_SERVICES is set, so a developer's
    plain `make test` never touches a Redis it was not pointed at.
    """
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CELERY_BROKER_URL", "").startswith(("redis://", "rediss://")) or (
            require_services()
        ):
            url = DEFAULT_TEST_REDIS_URL
        else:
            pytest.skip(
                "Redis not configured: set TEST_REDIS_URL, or CELERY_BROKER_URL=redis://... "
                "(CI does)"
            )
    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_unavailable(f"Redis at {url} is not reachable: {exc}")
    finally:
        client.close()
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A reachable PostgreSQL for tests, or skip (fail under REQUIRE_SERVICES).

    TEST_DATABASE_URL wins, then DATABASE_URL when it is PostgreSQL, then (only under
    REQUIRE_SERVICES) the database .ci/run creates.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        database_url = os.environ.get("DATABASE_URL", "")
        if database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            url = database_url
        elif require_services():
            url = DEFAULT_TEST_POSTGRES_URL
        else:
            pytest.skip(
                "PostgreSQL not configured: set TEST_DATABASE_URL, or DATABASE_URL=postgres://... "
                "(CI does)"
            )
    try:
        with psycopg.connect(_libpq_url(url), connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        service_unavailable(f"PostgreSQL at {_tcp_target(url, 5432)} is not reachable: {exc}")
    return url


def _libpq_url(url: str) -> str:
    # django-environ accepts scheme aliases that libpq does not.
    for alias in ("pgsql://", "postgis://"):
        if url.startswith(alias):
            return "postgresql://" + url[len(alias) :]
    return url


# =========================================================================================
# Regions fixtures (below this line)
# =========================================================================================


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A test that activates a language (a pack's ja or ar, a merchant's zh-Hans) and does not
    undo it would leave the next test's messages in that language."""
    yield
    translation.deactivate()
