"""Benchmark of the localized list at catalog scale: 10,000 listings (and 100,000 with
SCALE_BENCH_100K=1).

Run with `make bench`, or alone: `python bench/scale.py`. It uses the configured database
(DATABASE_URL; SQLite by default) but never its data: it creates a scratch database beside it
(`<name>_scale_bench` on PostgreSQL, a file in a temporary folder on SQLite), migrates it,
loads every installed pack and the ECB rates, generates the listings with
`generate_listings` (the same service as the command), and drops it at the end.

For each catalog size it prints the wall time and peak RSS of the generation, then the p50
and p95 over REQUESTS requests (Django test client, in this process, warm) of
GET /api/v1/listings/ for the DE/de business market:

- page 1 with page numbers (`?page=1`: a COUNT and the page),
- page 1 with the cursor (`?cursor=`: the page alone),
- a deep page: page numbers at the middle of the catalog (OFFSET) and the cursor at the same
  position (the keyset),
- `?search=` on a translated word,
- and GET /api/v1/regions/ as the trivial endpoint; ratios against it and against 10k.

Figures only: nothing here asserts a timing.
"""

import io
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Our own data folder unless one is given (the broker folder, uploads); removed at the end.
OWN_DATA_DIR = None if "MARKETPLACE_DATA_DIR" in os.environ else tempfile.mkdtemp(
    prefix="bench-scale-")
if OWN_DATA_DIR:
    os.environ["MARKETPLACE_DATA_DIR"] = OWN_DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from marketplace.api.pagination import encode_cursor  # noqa: E402
from marketplace.catalog.generate import generate_listings  # noqa: E402
from marketplace.catalog.models import Listing  # noqa: E402

SIZES = (10_000, 100_000) if os.environ.get("SCALE_BENCH_100K") == "1" else (10_000,)
REQUESTS = int(os.environ.get("SCALE_BENCH_REQUESTS", "20"))
PAGE_SIZE = 20
MARKET = {"region": "eu", "country": "DE", "lang": "de", "buyer": "business",
          "page_size": PAGE_SIZE}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def scratch_database() -> tuple[str, Path | None]:
    """Point the default connection at a new, migrated scratch database: (the configured
    name to restore, the SQLite scratch folder to remove)."""
    database = settings.DATABASES["default"]
    configured, folder = database["NAME"], None
    if connection.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="bench-scale-db-"))
        name = str(folder / "scale.sqlite3")
    else:
        name = f"{configured}_scale_bench"
    database.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return configured, folder


def timed(client: Client, url: str, params: dict | None) -> float:
    """Milliseconds of one request; fails loudly on anything but a 200."""
    start = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} answered {response.status_code}: "
                         f"{response.content[:300]!r}")
    return elapsed


def p(values: list[float], percentile: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percentile - 1]


def measure(client: Client, size: int) -> dict[str, list[float]]:
    """Milliseconds per request kind, REQUESTS of each after one warm-up. The kinds take turns
    (one of each, then again), so that load from other processes on the machine falls on
    all of them alike."""
    ordered = Listing.objects.visible_to(None).order_by("-updated_at", "-pk")
    middle = size // 2
    # The cursor a client reaches at the middle of the catalog by following `next` links.
    before = ordered.values_list("updated_at", "pk")[middle - 1]
    listings = "/api/v1/listings/"
    kinds = {
        "page 1, page numbers": (listings, {**MARKET, "page": 1}),
        "page 1, cursor": (listings, {**MARKET, "cursor": ""}),
        "middle, page numbers": (listings, {**MARKET, "page": middle // PAGE_SIZE + 1}),
        "middle, cursor": (listings, {**MARKET, "cursor": encode_cursor(*before, False)}),
        "search, cursor": (listings, {**MARKET, "cursor": "", "search": "ohrhörer"}),
        "regions list (trivial)": ("/api/v1/regions/", None),
    }
    for url, params in kinds.values():
        timed(client, url, params)
    figures: dict[str, list[float]] = {label: [] for label in kinds}
    for _ in range(REQUESTS):
        for label, (url, params) in kinds.items():
            figures[label].append(timed(client, url, params))
    return figures


def main() -> None:
    setup_test_environment()
    vendor = connection.vendor
    configured, folder = scratch_database()
    name = settings.DATABASES["default"]["NAME"]
    try:
        call_command("load_region", "--all", verbosity=0, stdout=io.StringIO())
        call_command("load_rates", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
        client = Client()
        print(f"scratch {vendor} database {name}; GET /api/v1/listings/ as DE/de business, "
              f"page size {PAGE_SIZE}, p50/p95 of {REQUESTS} warm requests in this process "
              "(Django test client).\n")
        first: dict[str, float] = {}
        for size in SIZES:
            start = time.monotonic()
            added = generate_listings(size - Listing.objects.count()).listings
            seconds = time.monotonic() - start
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
            print(f"{size:,} listings: {added:,} generated in {seconds:.1f} s "
                  f"({added / seconds:,.0f}/s), peak RSS {peak_rss_mb():.0f} MB")
            figures = measure(client, size)
            trivial = statistics.median(figures["regions list (trivial)"])
            print(f"  {'request':<24} {'p50 ms':>8} {'p95 ms':>8} {'/ regions':>9} "
                  f"{'/ ' + format(SIZES[0], ','):>9}")
            for label, values in figures.items():
                median = statistics.median(values)
                growth = f"{median / first[label]:.2f}x" if label in first else "-"
                first.setdefault(label, median)
                print(f"  {label:<24} {median:>8.1f} {p(values, 95):>8.1f} "
                      f"{median / trivial:>8.2f}x {growth:>9}")
            print(f"  peak RSS after the requests: {peak_rss_mb():.0f} MB; the middle is page "
                  f"{size // 2 // PAGE_SIZE + 1:,} (row {size // 2:,})\n")
        print("Cursor pages cost the same at any depth and count nothing; page numbers pay a "
              "COUNT and an OFFSET that grow with the catalog (kept for compatibility).")
    finally:
        connection.creation.destroy_test_db(configured, verbosity=0, keepdb=False)
        for leftover in (folder, OWN_DATA_DIR):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)


if __name__ == "__main__":
    main()
