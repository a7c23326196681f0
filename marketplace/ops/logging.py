"""Log records as one JSON object per line (timestamp, level, logger, message, request id), for
a log collector; or the same fields as plain text for a developer's terminal (LOG_FORMAT)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import orjson

from marketplace.ops.request_id import current_request_id


class RequestIdFilter(logging.Filter):
    """Stamps every record with the id of the request or task being served ("-" outside)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id.get(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # default=str: a log call must never fail because an argument is not JSON.
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get() or "-"
        return super().format(record)
