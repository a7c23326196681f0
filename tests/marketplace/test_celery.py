"""The `marketplace.ping` task round-trips through real worker processes (no eager mode)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis
from celery import Celery
from django.db import connection

pytestmark = pytest.mark.slow

RESULT_TIMEOUT = 30


def ping(app: Celery, payload: str) -> dict[str, Any]:
    """Send `marketplace.ping` by name (the client app has no task code) and wait for it."""
    result = app.send_task("marketplace.ping", args=[payload])
    try:
        return result.get(timeout=RESULT_TIMEOUT)
    finally:
        result.forget()


def assert_answered_by(reply: dict[str, Any], payload: str, worker_pid: int) -> None:
    assert reply["payload"] == payload
    # The solo pool runs tasks in the worker's main process: its pid is the one we started.
    assert reply["pid"] == worker_pid
    assert reply["pid"] != os.getpid()
    assert reply["database_vendor"] == connection.vendor


def forget_redis_queue(url: str, queue: str) -> None:
    # Each test uses a fresh queue name; drop its keys so repeated runs leave Redis as found.
    client = redis.Redis.from_url(url)
    try:
        # The queue itself and kombu's bindings for it (whose key names vary by kombu version).
        stale = [queue, *client.scan_iter(match=f"_kombu.binding*.{queue}")]
        client.delete(*stale)
    finally:
        client.close()


def test_ping_through_filesystem_broker(
    tmp_path: Path, celery_worker_process: Callable, celery_client_for: Callable
) -> None:
    data_dir = tmp_path / "data"
    with (
        celery_worker_process("filesystem://", data_dir=data_dir) as worker,
        celery_client_for(worker) as app,
    ):
        assert app.conf.broker_url == "filesystem://"
        assert app.conf.result_backend == f"file://{data_dir / 'celery' / 'results'}"
        payload = f"fs-{uuid.uuid4()}"
        reply = ping(app, payload)
    assert_answered_by(reply, payload, worker.process.pid)
    # The broker lived in the test's own data dir, not in the developer's var/.
    assert (data_dir / "celery" / "broker").is_dir()


@pytest.mark.services
def test_ping_through_redis(
    redis_url: str, tmp_path: Path, celery_worker_process: Callable, celery_client_for: Callable
) -> None:
    with celery_worker_process(redis_url, data_dir=tmp_path / "data") as worker:
        try:
            with celery_client_for(worker) as app:
                assert app.conf.broker_url == redis_url
                # With no CELERY_RESULT_BACKEND, settings use the Redis broker for results too.
                assert app.conf.result_backend == redis_url
                payload = f"redis-{uuid.uuid4()}"
                reply = ping(app, payload)
        finally:
            forget_redis_queue(redis_url, worker.queue)
    assert_answered_by(reply, payload, worker.process.pid)


@pytest.mark.services
def test_two_workers_share_a_redis_broker(
    redis_url: str, tmp_path: Path, celery_worker_process: Callable, celery_client_for: Callable
) -> None:
    queue = f"test-shared-{uuid.uuid4().hex[:12]}"
    with contextlib.ExitStack() as stack:
        stack.callback(forget_redis_queue, redis_url, queue)
        workers = [
            stack.enter_context(
                celery_worker_process(redis_url, data_dir=tmp_path / name, name=name, queue=queue)
            )
            for name in ("alpha", "beta")
        ]
        assert workers[0].nodename != workers[1].nodename
        worker_pids = {worker.process.pid for worker in workers}
        app = stack.enter_context(celery_client_for(workers[0]))

        # Which worker takes which message is up to the broker; send batches until both have
        # answered, bounded so a worker that never consumes fails the test instead of hanging.
        seen: set[int] = set()
        for _ in range(5):
            results = [app.send_task("marketplace.ping", args=[f"n{i}"]) for i in range(10)]
            try:
                for i, result in enumerate(results):
                    reply = result.get(timeout=RESULT_TIMEOUT)
                    assert reply["payload"] == f"n{i}"
                    seen.add(reply["pid"])
            finally:
                for result in results:
                    result.forget()
            if seen == worker_pids:
                break
    assert seen == worker_pids, f"replies came from {seen}, workers are {worker_pids}"
    assert os.getpid() not in seen
