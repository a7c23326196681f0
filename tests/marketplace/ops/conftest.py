import logging

import pytest


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def outage_log():
    """The WARNING+ records of our logger and Django's request logger, captured on the loggers
    themselves: another test's logging configuration (import-linter's, run in process) may
    have disabled them or cut their propagation, which caplog relies on."""
    handler = _Records()
    loggers = [logging.getLogger(name) for name in ("marketplace.ops", "django.request")]
    saved = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = False
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger, disabled in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.disabled = disabled
