"""/health/live and /health/ready: JSON 200 when the process (and, for readiness, the
database, the cache and the broker) answer, 503 with Retry-After naming what does not."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from marketplace.ops.middleware import RETRY_AFTER_SECONDS
from tests.marketplace.test_settings import PROJECT_ROOT, explain

# A port nothing listens on: connecting is refused at once.
CLOSED_PORT = 9


def test_live_answers_while_the_process_runs(client):
    response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_checks_database_cache_and_broker(client):
    response = client.get("/health/ready")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert sorted(body["checks"]) == ["broker", "cache", "database"]
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_probes_by_ip_over_plain_http_pass_the_host_check_and_the_https_redirect(
    client, settings
):
    settings.ALLOWED_HOSTS = ["shop.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/live", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/health/ready", HTTP_HOST="10.0.0.7:8000").status_code == 200
    # Everything else still goes through both.
    assert client.get("/api/v1/regions/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_ready_is_503_naming_a_cache_that_is_down(client, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }}

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    body = response.json()
    assert body["status"] == "unavailable"
    assert (body["checks"]["database"]["ok"], body["checks"]["cache"]["ok"]) == (True, False)
    assert body["checks"]["cache"]["error"].startswith("ConnectionError: Error 111 connecting")


# In a process of its own: the settings (and so the database) are read once per process.
PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for path in ("/health/live", "/health/ready", "/api/v1/regions/"):
    response = client.get(path)
    answers[path] = [response.status_code, response.get("Retry-After"), response.json()]
print(json.dumps(answers))
"""


@pytest.mark.slow
def test_with_the_database_and_broker_down_ready_and_requests_are_503s_with_one_line_each(
    subprocess_env,
):
    env = subprocess_env(
        DATABASE_URL=f"postgres://marketplace:marketplace@127.0.0.1:{CLOSED_PORT}/marketplace",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{CLOSED_PORT}/0",
        # Otherwise the cache would default to the broker's (dead) Redis as well.
        CACHE_URL="locmemcache://",
        LOG_FORMAT="json",
    )
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, explain(result)
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers["/health/live"] == [200, None, {"status": "ok"}]
    status, retry_after, ready = answers["/health/ready"]
    assert (status, retry_after, ready["status"]) == (503, "5", "unavailable")
    assert {name: check["ok"] for name, check in ready["checks"].items()} == {
        "database": False, "cache": True, "broker": False}
    assert answers["/api/v1/regions/"] == [503, "5", {
        "detail": "The service is temporarily unavailable. Please try again in a few seconds.",
        "codes": {"detail": "service_unavailable"}, "service": "database"}]

    log = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [(entry["level"], entry["message"].split(":")[0]) for entry in log] == [
        ("WARNING", "readiness"), ("WARNING", "readiness"), ("ERROR", "database unavailable")]
    assert "Traceback" not in result.stderr
