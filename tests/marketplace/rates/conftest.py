from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone

from tests.marketplace.rates.samples import OCT_29, OCT_30, RATES_OCT_29, RATES_OCT_30, store


@pytest.fixture
def ecb_rates(db) -> None:
    """The real ECB rates of 2026-10-29 and 2026-10-30 for eight currencies."""
    store(OCT_29, RATES_OCT_29)
    store(OCT_30, RATES_OCT_30)


@pytest.fixture
def today(monkeypatch) -> Callable[[date], None]:
    """`today(date(2026, 11, 24))` fixes the date that staleness is measured against."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today
