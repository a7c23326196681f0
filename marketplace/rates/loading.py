"""Load an ECB rates file into ExchangeRate: idempotent, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from marketplace.rates.ecb import Observation, read_rates_file
from marketplace.rates.models import ECB_SOURCE, ExchangeRate, plain

BATCH_SIZE = 1000


@dataclass(frozen=True)
class RateChange:
    """A rate the file gives differently from the database."""

    currency: str
    as_of: date
    old: Decimal
    new: Decimal

    def __str__(self) -> str:
        return f"{self.currency} on {self.as_of}: {plain(self.old)} → {plain(self.new)}"


@dataclass(frozen=True)
class LoadResult:
    """What one load found in the file and did to the database."""

    path: Path
    dates: tuple[date, ...]  # every date with at least one rate, oldest first
    currencies: tuple[str, ...]  # every currency with at least one rate, sorted
    created: int
    updated: tuple[RateChange, ...]
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    @property
    def first_date(self) -> date:
        return self.dates[0]

    @property
    def last_date(self) -> date:
        return self.dates[-1]


def load_ecb_rates(path: str | Path, *, source: str = ECB_SOURCE) -> LoadResult:
    """Store every rate of an ECB file (see `marketplace.rates.ecb` for the formats).

    A rate already stored with the same value is left alone; a different value is updated and
    reported. A bad file raises RatesFileError before anything is written, and the writes run
    in one transaction, so the database holds either the whole file or none of it.
    """
    path = Path(path)
    observations = read_rates_file(path)
    with transaction.atomic():
        existing = _existing_rates(observations)
        to_create: list[ExchangeRate] = []
        to_update: list[ExchangeRate] = []
        changes: list[RateChange] = []
        for observation in observations:
            stored = existing.get((observation.currency, observation.as_of))
            if stored is None:
                to_create.append(
                    ExchangeRate(
                        currency=observation.currency,
                        as_of=observation.as_of,
                        rate=observation.rate,
                        source=source,
                    )
                )
            elif stored.rate != observation.rate:
                changes.append(
                    RateChange(observation.currency, observation.as_of, stored.rate,
                               observation.rate)
                )
                stored.rate, stored.source = observation.rate, source
                to_update.append(stored)
        ExchangeRate.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        ExchangeRate.objects.bulk_update(to_update, ["rate", "source"], batch_size=BATCH_SIZE)
    return LoadResult(
        path=path,
        dates=tuple(sorted({o.as_of for o in observations})),
        currencies=tuple(sorted({o.currency for o in observations})),
        created=len(to_create),
        updated=tuple(sorted(changes, key=lambda c: (c.as_of, c.currency))),
        unchanged=len(observations) - len(to_create) - len(to_update),
    )


def _existing_rates(observations: list[Observation]) -> dict[tuple[str, date], ExchangeRate]:
    # One query for the file's whole span; rows of other currencies or dates are not needed.
    dates = [o.as_of for o in observations]
    rows = ExchangeRate.objects.filter(
        currency__in={o.currency for o in observations},
        as_of__range=(min(dates), max(dates)),
    ).only("id", "currency", "as_of", "rate")
    return {(row.currency, row.as_of): row for row in rows}
