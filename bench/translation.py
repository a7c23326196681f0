"""Benchmark of the translation job pipeline against a local fake model server.

Run with `make bench`. Builds a throwaway SQLite database with 1,000 synthetic English
listings, starts the echo server of the tests (every request answered after LATENCY seconds,
each item echoed as "[<lang>] <text>" with its tokens intact, so QA passes) and translates
every listing into five languages. Prints the requests made, requests per listing-language
(target <= 0.25: batching), the wall time against the ideal (requests x latency /
concurrency; target <= 1.5x) and the time beyond it per listing-language (target <= 1 ms),
memory hits, and then the requests of a second run over the unchanged
catalog (target 0).
"""

import logging
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["MARKETPLACE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from marketplace.ai.client import ModelClient  # noqa: E402
from marketplace.catalog.models import Listing, Supplier, source_hash  # noqa: E402
from marketplace.translation.jobs import create_job  # noqa: E402
from marketplace.translation.models import JobStatus, TranslationJob  # noqa: E402
from marketplace.translation.pipeline import run_job  # noqa: E402
from tests.marketplace.translation.echo_server import EchoOpenAI  # noqa: E402

LISTINGS = 1000
LANGUAGES = ["de", "fr", "es", "it", "nl"]
LATENCY = 0.2  # seconds per request, about a small hosted model's answer to a batch
TARGET_RATIO = 1.5  # wall time over the ideal: the pipeline's own work per item stays small
TARGET_OVERHEAD_MS = 1.0  # wall time beyond the ideal, per listing-language


def build(supplier: Supplier) -> list[int]:
    listings = []
    for index in range(LISTINGS):
        # Every text differs, as in a real catalog, so memory cannot make the run look cheap.
        title = f"Stainless steel water bottle {index} ml, vacuum insulated"
        description = (f"<p>Double-wall bottle no. {index}: keeps drinks cold for 24 h and hot "
                       f"for 12 h. Batch {index % 97} of our outdoor line, BPA free.</p>")
        listings.append(Listing(
            supplier=supplier, status="published", source_language="en", source_currency="USD",
            title=title, description=description, category="home_garden", hs_code="961700",
            moq=100, lead_time_min_days=7, lead_time_max_days=15,
            source_hash=source_hash(title, description)))
    return [listing.pk for listing in Listing.objects.bulk_create(listings)]


def translate(ids: list[int], client: ModelClient,
              concurrency: int) -> tuple[TranslationJob, float]:
    job = create_job(ids, LANGUAGES)
    started = time.perf_counter()
    job = run_job(job.pk, client=client, concurrency=concurrency)
    seconds = time.perf_counter() - started
    if job.status != JobStatus.DONE:
        raise SystemExit(f"job {job.pk} ended {job.status}: {job.message}")
    return job, seconds


def main() -> None:
    # One INFO line per request would bury the figures.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    supplier = Supplier.objects.create(name="Bench Bottles", slug="bench", country="CN")
    ids = build(supplier)
    server = EchoOpenAI(delay=LATENCY).start()
    try:
        client = ModelClient(api_key="sk-bench", base_url=server.base_url, model="bench-model",
                             timeout=30, max_retries=0, price_input_per_1k=Decimal(0),
                             price_output_per_1k=Decimal(0))
        concurrency = client.max_concurrency
        first, seconds = translate(ids, client, concurrency)
        sent_first = len(server.requests)
        second, _ = translate(ids, client, concurrency)
        sent_second = len(server.requests) - sent_first
    finally:
        server.stop()

    pairs = first.items_total
    ideal = first.requests * LATENCY / concurrency
    print(f"{LISTINGS:,} listings × {len(LANGUAGES)} languages = {pairs:,} listing-languages; "
          f"latency {LATENCY * 1000:.0f} ms per request; AI_MAX_CONCURRENCY "
          f"{settings.AI_MAX_CONCURRENCY} (batches in flight: {concurrency}, the server saw "
          f"at most {server.max_in_flight} at once)")
    print(f"first run:  {first.requests} requests (server saw {sent_first}), "
          f"{first.requests / pairs:.4f} requests per listing-language (target <= 0.25)")
    ratio = seconds / ideal
    overhead_ms = (seconds - ideal) / pairs * 1000
    print(f"            wall {seconds:.2f} s, ideal {ideal:.2f} s "
          f"({first.requests} × {LATENCY} s ÷ {concurrency}), ratio {ratio:.2f}x "
          f"(target <= {TARGET_RATIO}x: {'OK' if ratio <= TARGET_RATIO else 'MISS'})")
    print(f"            overhead {overhead_ms:.2f} ms per listing-language (target <= "
          f"{TARGET_OVERHEAD_MS} ms: {'OK' if overhead_ms <= TARGET_OVERHEAD_MS else 'MISS'})")
    print(f"            {first.machine_written:,} machine, {first.needs_review:,} need review, "
          f"{first.failed} failed, {first.memory_hits} memory hits, "
          f"{first.prompt_tokens:,} + {first.completion_tokens:,} tokens")
    print(f"second run: {second.requests} requests (server saw {sent_second}; target 0), "
          f"{second.skipped_current:,} up to date, {second.memory_hits} memory hits")


if __name__ == "__main__":
    main()
