"""X-Request-ID: accepted or made, returned, on every log line of the request (JSON logs), and
carried into the Celery tasks the request sends."""

import io
import json
import logging
import re
import uuid

import pytest

from marketplace.ops.logging import JsonFormatter, RequestIdFilter, TextFormatter
from marketplace.ops.request_id import current_request_id
from marketplace.ops.task_headers import TASK_HEADER, add_request_id, enter_request_id

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_log():
    """What django.request writes, through the production formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    disabled, logger.disabled = logger.disabled, False  # (see outage_log in conftest.py)
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.disabled = disabled


def test_the_callers_request_id_is_returned(client):
    response = client.get("/health/live", HTTP_X_REQUEST_ID="lb-7f3a.42")

    assert response["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("incoming", [None, "", "two words", "x" * 129, "evil\nlog: forged"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_fresh_one(client, incoming):
    headers = {} if incoming is None else {"HTTP_X_REQUEST_ID": incoming}

    response = client.get("/health/live", **headers)

    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_log_lines_of_a_request_are_json_with_its_id(client, json_log):
    # An unknown region: DRF answers 400, and Django logs "Bad Request" after the middleware.
    response = client.get("/api/v1/listings/", {"region": "nowhere"},
                          HTTP_X_REQUEST_ID="rq-json-1")

    assert response.status_code == 400
    [line] = json_log.getvalue().splitlines()
    entry = json.loads(line)
    assert set(entry) == {"timestamp", "level", "logger", "message", "request_id"}
    assert (entry["level"], entry["logger"], entry["message"], entry["request_id"]) == (
        "WARNING", "django.request", "Bad Request: /api/v1/listings/", "rq-json-1")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["timestamp"])


def test_json_lines_carry_the_exception():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("once",), None)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "failed once"
    assert entry["request_id"] is None
    assert entry["exception"].splitlines()[-1] == "RuntimeError: boom"


def test_text_lines_carry_the_same_fields():
    token = current_request_id.set("rq-text")
    try:
        record = logging.LogRecord("marketplace.x", logging.INFO, __file__, 1, "hello", (), None)
        line = TextFormatter().format(record)
    finally:
        current_request_id.reset(token)

    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO marketplace.x \[rq-text\] "
                        r"hello", line)


def test_a_task_sent_during_a_request_carries_its_id_in_a_header():
    headers: dict = {}
    token = current_request_id.set("rq-task")
    try:
        add_request_id(headers=headers)
    finally:
        current_request_id.reset(token)

    assert headers == {TASK_HEADER: "rq-task"}


def test_a_task_sent_outside_a_request_carries_no_header():
    headers: dict = {}

    add_request_id(headers=headers)

    assert headers == {}


class _Task:
    def __init__(self, **request):
        self.request = type("Request", (), request)()


def test_the_worker_logs_a_task_under_the_id_it_carries_or_its_own():
    task_id = str(uuid.uuid4())
    enter_request_id(task_id=task_id, task=_Task(**{TASK_HEADER: "rq-from-web"}))
    assert current_request_id.get() == "rq-from-web"
    current_request_id.set(None)

    enter_request_id(task_id=task_id, task=_Task())
    assert current_request_id.get() == task_id
    current_request_id.set(None)


@pytest.mark.slow
def test_a_real_worker_logs_the_request_id_of_the_request_that_sent_the_task(
    celery_worker_process, celery_client_for, tmp_path
):
    with celery_worker_process("filesystem://", data_dir=tmp_path / "celery") as worker, \
            celery_client_for(worker) as app:
        token = current_request_id.set("rq-into-worker")
        try:
            result = app.send_task("marketplace.ping", args=["hello"])
        finally:
            current_request_id.reset(token)
        assert result.get(timeout=30)["payload"] == "hello"

    succeeded = [line for line in worker.log().splitlines() if "succeeded" in line]
    assert len(succeeded) == 1
    assert "INFO celery.app.trace [rq-into-worker] Task marketplace.ping[" in succeeded[0]
