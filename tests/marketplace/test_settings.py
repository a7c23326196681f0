"""Settings come from the environment: each test starts a fresh process with its own variables,
because settings are read once per process."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
import psycopg
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180

# Reads settings through django.conf without setting up the apps, so these tests are about the
# settings module alone.
PRINT_SETTINGS = """
import json, sys
from django.conf import settings
print(json.dumps({name: getattr(settings, name, None) for name in sys.argv[1:]}, default=str))
"""


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], env)


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def read_settings(env: dict[str, str], *names: str) -> dict[str, Any]:
    result = run([sys.executable, "-c", PRINT_SETTINGS, *names], env)
    assert result.returncode == 0, explain(result)
    return json.loads(result.stdout.strip().splitlines()[-1])


def production_env(subprocess_env: Callable[..., dict[str, str]]) -> dict[str, str]:
    return subprocess_env(
        MARKETPLACE_ENV="production",
        # Long and random enough for check --deploy's security.W009.
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.com",
    )


def test_production_settings_pass_deploy_check(subprocess_env: Callable) -> None:
    env = production_env(subprocess_env)
    check = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert check.returncode == 0, explain(check)

    shell = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )
    assert shell.returncode == 0, explain(shell)
    assert shell.stdout.strip().splitlines()[-1] == "False"


def test_production_without_secret_key_refuses_to_start(subprocess_env: Callable) -> None:
    dotenv = PROJECT_ROOT / ".env"
    if dotenv.exists() and "SECRET_KEY" in dotenv.read_text():
        pytest.skip(".env sets SECRET_KEY, and settings.py reads it (without overriding)")
    env = subprocess_env(MARKETPLACE_ENV="production", ALLOWED_HOSTS="example.com")
    result = manage("check", env=env)
    assert result.returncode != 0, explain(result)
    assert "SECRET_KEY" in result.stderr, explain(result)


def test_embedded_defaults(subprocess_env: Callable, tmp_path: Path) -> None:
    settings = read_settings(
        subprocess_env(), "DEBUG", "DATABASES", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"
    )
    data_dir = tmp_path / "data"
    assert settings["DEBUG"] is True
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["DATABASES"]["default"]["NAME"] == str(data_dir / "db.sqlite3")
    assert settings["CELERY_BROKER_URL"] == "filesystem://"
    assert settings["CELERY_RESULT_BACKEND"] == f"file://{data_dir / 'celery' / 'results'}"


def test_database_url_selects_postgresql(subprocess_env: Callable) -> None:
    env = subprocess_env(DATABASE_URL="postgres://u:p@db.example:5432/x")
    database = read_settings(env, "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("x", "u", "p")
    assert (database["HOST"], str(database["PORT"])) == ("db.example", "5432")


def test_redis_broker_url_selects_redis_broker_and_result_backend(
    subprocess_env: Callable,
) -> None:
    url = "redis://cache.example:6379/2"
    env = subprocess_env(CELERY_BROKER_URL=url)
    settings = read_settings(
        env, "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_BROKER_TRANSPORT_OPTIONS",
        "CACHES")
    assert settings["CELERY_BROKER_URL"] == url
    assert settings["CELERY_RESULT_BACKEND"] == url
    # No filesystem folders; an unacknowledged message is redelivered after 30 minutes.
    assert settings["CELERY_BROKER_TRANSPORT_OPTIONS"] == {"visibility_timeout": 1800}
    # The cache is shared through the same Redis (database 1), unless CACHE_URL says otherwise.
    assert settings["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example:6379/1"}
    assert read_settings(subprocess_env(CELERY_BROKER_URL=url, CACHE_URL="locmemcache://"),
                         "CACHES")["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache")
    assert read_settings(subprocess_env(), "CACHES")["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache")


@pytest.fixture
def scratch_postgres_url(postgres_url: str) -> Iterator[str]:
    """A new, empty database on the test PostgreSQL server, dropped afterwards, so migrating
    it touches neither the configured database nor pytest-django's test database."""
    name = f"marketplace_check_{uuid.uuid4().hex[:10]}"
    admin_url = environ.Env.db_url_config(postgres_url)
    connect = {
        "host": admin_url["HOST"],
        "port": admin_url["PORT"] or 5432,
        "user": admin_url["USER"],
        "password": admin_url["PASSWORD"],
        "dbname": admin_url["NAME"],
        "autocommit": True,
        "connect_timeout": 5,
    }
    with psycopg.connect(**connect) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(postgres_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**connect) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.services
@pytest.mark.slow
def test_migrate_and_check_against_postgresql(
    scratch_postgres_url: str, subprocess_env: Callable
) -> None:
    env = subprocess_env(DATABASE_URL=scratch_postgres_url)
    migrate = manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, explain(migrate)
    check = manage("check", "--database", "default", env=env)
    assert check.returncode == 0, explain(check)
    vendor = manage(
        "shell", "-c", "from django.db import connection; print(connection.vendor)", env=env
    )
    assert vendor.stdout.strip().splitlines()[-1] == "postgresql", explain(vendor)


def test_database_connections_persist_with_health_checks(subprocess_env: Callable) -> None:
    env = subprocess_env(DATABASE_URL="postgres://u:p@db.example:5432/x")
    database = read_settings(env, "DATABASES")["DATABASES"]["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    assert database["OPTIONS"]["connect_timeout"] == 5

    env = subprocess_env(DATABASE_URL="postgres://u:p@db.example:5432/x",
                         DATABASE_CONN_MAX_AGE="0", DATABASE_CONN_HEALTH_CHECKS="false")
    database = read_settings(env, "DATABASES")["DATABASES"]["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (0, False)


def test_logs_are_json_in_production_and_text_in_development(subprocess_env: Callable) -> None:
    assert read_settings(production_env(subprocess_env), "LOG_FORMAT") == {"LOG_FORMAT": "json"}
    assert read_settings(subprocess_env(), "LOG_FORMAT") == {"LOG_FORMAT": "text"}


# Reports whether Sentry is on and whether /metrics answers, in a fresh process.
OBSERVABILITY = """
import json
import django
django.setup()
import sentry_sdk
from django.conf import settings
from django.test import Client
response = Client().get("/metrics")
print(json.dumps({"sentry": sentry_sdk.get_client().is_active(),
                  "metrics": response.status_code,
                  "counts_requests": b"django_http_requests_before_middlewares_total"
                  in response.content,
                  "app": "django_prometheus" in settings.INSTALLED_APPS}))
"""


def observability(env: dict[str, str]) -> dict[str, Any]:
    result = run([sys.executable, "-c", OBSERVABILITY], env)
    assert result.returncode == 0, explain(result)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_and_metrics_are_off_by_default(subprocess_env: Callable) -> None:
    assert observability(subprocess_env()) == {
        "sentry": False, "metrics": 404, "counts_requests": False, "app": False}


def test_sentry_and_metrics_are_on_by_settings_alone(subprocess_env: Callable) -> None:
    env = subprocess_env(SENTRY_DSN="https://public@sentry.invalid/1", PROMETHEUS_METRICS="true")

    assert observability(env) == {
        "sentry": True, "metrics": 200, "counts_requests": True, "app": True}
