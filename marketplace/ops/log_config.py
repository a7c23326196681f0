"""The logging configuration Django (settings.LOGGING) and gunicorn (gunicorn_conf) share: one
console handler on stderr, every line in LOG_FORMAT ("json" for a collector, "text" for a
terminal) with the request id. Plain data, importable from settings before Django is set up."""

from typing import Any


def log_config(log_format: str, *, loggers: dict[str, dict[str, Any]],
               root_level: str | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "marketplace.ops.logging.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "marketplace.ops.logging.JsonFormatter"},
            "text": {"()": "marketplace.ops.logging.TextFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format,
                                 "filters": ["request_id"], "stream": "ext://sys.stderr"}},
        "loggers": {name: {"handlers": ["console"], "propagate": False, **options}
                    for name, options in loggers.items()},
    }
    if root_level:
        config["root"] = {"handlers": ["console"], "level": root_level}
    return config
