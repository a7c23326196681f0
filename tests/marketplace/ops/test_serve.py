"""bin/serve (make serve) starts the production stack on PostgreSQL + Redis: gunicorn answers
ready, static files are served, one worker and exactly one beat run, and TERM stops it all."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.marketplace.test_settings import PROJECT_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.services]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serve_runs_gunicorn_one_worker_and_one_beat(subprocess_env, postgres_url, redis_url,
                                                     tmp_path: Path):
    port = _free_port()
    env = subprocess_env(
        SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", DATABASE_URL=postgres_url, CELERY_BROKER_URL=redis_url,
        CACHE_URL=redis_url, STATIC_ROOT=str(tmp_path / "static"),
        VENV=str(Path(sys.executable).parent.parent), PORT=str(port), WORKERS="1")
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(["bash", "bin/serve"], cwd=PROJECT_ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, _headers, body = _get(f"{base}/health/ready")
            except OSError:
                status = None
            if status == 200:
                break
            time.sleep(1)
        assert status == 200, log_path.read_text(errors="replace")[-4000:]
        assert json.loads(body)["status"] == "ok"

        status, headers, html = _get(f"{base}/admin/login/")
        assert status == 200
        stylesheet = html.decode().split('href="/static/admin/css/base.', 1)[1].split('"')[0]
        status, headers, _css = _get(f"{base}/static/admin/css/base.{stylesheet}")
        assert (status, headers["Content-Type"].split(";")[0]) == (200, "text/css")

        # Wait for the worker's and beat's start lines before reading the log.
        while time.monotonic() < deadline and (
            "ready." not in (text := log_path.read_text(errors="replace"))
            or "beat: Starting..." not in text
        ):
            time.sleep(1)
        lines = [json.loads(line) for line in log_path.read_text().splitlines()
                 if line.startswith("{")]
        messages = [line["message"] for line in lines]
        assert sum("beat: Starting..." in message for message in messages) == 1
        assert sum(message.endswith(" ready.") for message in messages) == 1
        assert any(line["logger"] == "gunicorn.access" for line in lines)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        finally:
            # Nothing may outlive the stack: the whole session is ended, whatever happened.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 143
