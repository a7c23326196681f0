"""The request id: taken from the caller's X-Request-ID (a proxy's, a client's) or made here,
kept in a context variable for the log lines of this request or task, and carried into the
Celery tasks it sends (marketplace.ops.task_headers)."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# What we accept from outside: it lands in log lines and response headers, so nothing that
# could forge a log field or split a header.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_or_new(incoming: str | None) -> str:
    """The caller's id when it is a plain token, else a fresh one."""
    if incoming and _ACCEPTED.fullmatch(incoming):
        return incoming
    return new_request_id()
