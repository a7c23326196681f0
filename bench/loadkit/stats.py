"""Latency figures of a load run."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction 0.5 is p50): a value that was actually measured,
    the smallest one that at least `fraction` of all values do not exceed."""
    if not values:
        raise ValueError("no values")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


def latency_summary(latencies_ms: Sequence[float], seconds: float) -> dict[str, float]:
    """Requests per second and p50/p95/p99 in milliseconds (zeros for an empty run)."""
    if not latencies_ms:
        return {"rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0}
    return {"rps": len(latencies_ms) / seconds,
            "p50": percentile(latencies_ms, 0.50),
            "p95": percentile(latencies_ms, 0.95),
            "p99": percentile(latencies_ms, 0.99)}


def recovery_seconds(samples: list[tuple[float, int, float]], back_at: float) -> float | None:
    """From `back_at` (the database is reachable again) to the first success after which no
    request failed; None when the run ended before that. Samples: (sent at, status, ms)."""
    last_failure = max((sent for sent, status, _ in samples if not 200 <= status < 300),
                       default=None)
    successes = [sent + ms / 1000 for sent, status, ms in samples
                 if 200 <= status < 300 and (last_failure is None or sent > last_failure)]
    if not successes:
        return None
    return max(min(successes) - back_at, 0.0)
