"""How rates are written: in JSON and in a buyer's locale."""

from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_percent


def percent_text(rate: Decimal) -> str:
    """A rate for JSON: at least two decimals, no trailing zeros beyond (19.00, 9.975)."""
    text = format(rate.normalize(), "f")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


@lru_cache(maxsize=4096)
def percent_shown(rate: Decimal, locale: Locale) -> str:
    """A rate as the locale writes percentages, every decimal kept: 9,975 % in fr-CA."""
    return format_percent(rate / 100, locale=locale, decimal_quantization=False)
