"""The request id travels with every Celery task a request sends, as a message header, so the
worker's log lines for that task carry the id of the request that asked for it. A task sent
by no request (beat, a command) is logged under its own task id."""

from __future__ import annotations

from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun

from marketplace.ops.request_id import current_request_id

TASK_HEADER = "x_request_id"

# task id → the context token to restore once the task ends (prefork runs one task at a time
# per process, threads each their own: the token belongs to the task, not the process).
_tokens: dict[str, Any] = {}


def request_id_of(task_request: Any) -> str | None:
    """The request id a task message carries (Celery exposes custom headers as attributes of
    the task's request; older protocols put them under .headers)."""
    value = getattr(task_request, TASK_HEADER, None)
    if value is None:
        value = (getattr(task_request, "headers", None) or {}).get(TASK_HEADER)
    return value


@before_task_publish.connect(weak=False)
def add_request_id(headers: dict | None = None, **kwargs: Any) -> None:
    request_id = current_request_id.get()
    if headers is not None and request_id and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


@task_prerun.connect(weak=False)
def enter_request_id(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    # Eager tasks (tests, CELERY_TASK_ALWAYS_EAGER) run inside the request: keep its id.
    request_id = ((request_id_of(task.request) if task is not None else None)
                  or current_request_id.get() or task_id)
    _tokens[task_id] = current_request_id.set(request_id)


@task_postrun.connect(weak=False)
def leave_request_id(task_id: str | None = None, **kwargs: Any) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        try:
            current_request_id.reset(token)
        except ValueError:  # set in another context (a pool that switched threads)
            current_request_id.set(None)
