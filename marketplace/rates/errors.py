"""The errors of the rates app: one base class, so callers can catch them all."""

from datetime import date


class RatesError(Exception):
    """Base class of every error the rates app raises on purpose."""


class RatesFileError(RatesError):
    """A rates file that cannot be loaded; the message names the file and the line."""


class MissingRate(RatesError):
    """No rate for a currency, so an amount in it cannot be converted."""

    def __init__(self, message: str, *, currency: str, on: date) -> None:
        super().__init__(message)
        self.currency = currency
        self.on = on
