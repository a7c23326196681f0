"""Benchmark of the localization engine and the localized listings endpoint.

Run with `make bench`. Builds a throwaway SQLite database (the real packs and ECB rates, N
synthetic listings), then prints for N = 10, 100 and 1,000 listings:

- queries for one page of the localized list (must not grow with N),
- localizations per second through the engine,
- the time of the localized list endpoint against a plain, non-localized list of the same
  rows (same page size, same process). Target: at most 1.5x (issue 14).

The two endpoints are timed in alternation (localized, plain, localized, ...) and the ratio is
the median of the per-pair ratios, so that load from other processes on the machine hits both
sides alike; times are this process's CPU time (see seconds()). Both are timed warm (a page
asked for again), as a busy endpoint runs; the first request after a start (empty in-process
caches) is printed too.
"""

import os
import statistics
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework import generics, serializers  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402

from marketplace.api.pagination import ListingPageNumbers  # noqa: E402
from marketplace.api.views import ListingViewSet  # noqa: E402
from marketplace.catalog.models import (  # noqa: E402
    Listing,
    ListingTranslation,
    PriceTier,
    Supplier,
    source_hash,
)
from marketplace.localization import engine, market, page  # noqa: E402
from marketplace.localization.engine import localize_many  # noqa: E402
from regions.core.market import resolve_market_context  # noqa: E402

SIZES = (10, 100, 1000)
PAGE_SIZE = 100
REPEATS = 15
MARKET = {"region": "eu", "country": "DE", "lang": "de", "buyer": "consumer"}


class PlainTierSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriceTier
        fields = ["min_quantity", "unit_price"]


class PlainListingSerializer(serializers.ModelSerializer):
    price_tiers = PlainTierSerializer(many=True)

    class Meta:
        model = Listing
        fields = ["id", "title", "description", "source_currency", "moq", "category",
                  "price_tiers"]


class PlainListingList(generics.ListAPIView):
    """The baseline: the same rows and page size, serialized as stored (a DRF ModelSerializer
    with the price tiers nested, rendered by the project's JSON renderer), as a catalogue
    endpoint without localization would."""

    serializer_class = PlainListingSerializer
    queryset = Listing.objects.prefetch_related("price_tiers").order_by("-updated_at", "-pk")

    class pagination_class(ListingPageNumbers):  # the list's page-number style, for querysets
        page_size = PAGE_SIZE


def build(count: int, supplier: Supplier) -> None:
    existing = Listing.objects.count()
    listings = []
    for index in range(existing, count):
        title, description = f"Bluetooth earbuds model {index}", "<p>ANC, 30 h battery.</p>"
        listings.append(Listing(
            supplier=supplier, status="published", source_language="en", source_currency="CNY",
            title=title, description=description, category="consumer_electronics", radio=True,
            contains_battery=True, hs_code="851830", moq=50, lead_time_min_days=7,
            lead_time_max_days=15, source_hash=source_hash(title, description)))
    created = Listing.objects.bulk_create(listings)
    PriceTier.objects.bulk_create(
        PriceTier(listing=listing, min_quantity=quantity, unit_price=price)
        for listing in created
        # Prices differ from listing to listing, as in a real catalogue, so that no memo of
        # the engine gets more repeats than a real page would give it.
        for quantity, price in ((50, Decimal("86.00")), (500, Decimal("79.50")),
                                (2000, Decimal("72.00")))
        for price in [price + Decimal(listing.pk % 997) / 100])
    ListingTranslation.objects.bulk_create(
        ListingTranslation(listing=listing, language="de", title=f"Bluetooth-Ohrhörer {i}",
                           description="<p>ANC, 30 h Akku.</p>", state="reviewed",
                           origin="human", source_hash=listing.source_hash)
        for i, listing in enumerate(created))


def seconds(func) -> float:
    """CPU seconds of this process: SQLite runs in it, so that is all the work either side
    does, and unlike the wall clock it does not count the time other processes on a busy
    machine hold the CPU."""
    start = time.process_time()
    func()
    return time.process_time() - start


def timed(func) -> float:
    """Median seconds of REPEATS runs, after one warm-up."""
    func()
    return statistics.median(seconds(func) for _ in range(REPEATS))


def compared(localized, plain) -> tuple[float, float, float]:
    """Median seconds of each, and the median ratio of REPEATS back-to-back pairs."""
    localized(), plain()
    pairs = [(seconds(localized), seconds(plain)) for _ in range(REPEATS)]
    return (statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs),
            statistics.median(a / b for a, b in pairs))


def empty_process_caches() -> None:
    """As after a restart: what the first request of a process pays."""
    market.forget_cached_markets()
    engine.formatted_amount.cache_clear()


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_region", "--all", verbosity=0)
    call_command("load_rates", verbosity=0)
    supplier = Supplier.objects.create(name="Bench Factory", slug="bench", country="CN")
    factory = APIRequestFactory()
    localized_view = ListingViewSet.as_view({"get": "list"})
    plain_view = PlainListingList.as_view()
    context = resolve_market_context(region="eu", country="DE", language="de")

    print("localized: GET /api/v1/listings/ (market resolved, listings with tiers, translations,")
    print("  attributes and certificates, localize() per listing: text, prices, VAT, payment,")
    print("  shipping, compliance; each item the listing's summary, as the list answers);")
    print("  plain: the same rows and page size through a ModelSerializer")
    print("  with nested tiers. Both paginated (count query) and rendered to JSON by orjson.\n")
    print(f"{'listings':>8} {'queries/page':>12} {'1st page':>8} {'localize/s':>11} "
          f"{'1st ms':>7} {'localized ms':>12} {'plain ms':>9} {'ratio':>6}")
    for size in SIZES:
        build(size, supplier)

        def localized(view=localized_view):
            response = view(factory.get("/api/v1/listings/", {**MARKET, "page_size": PAGE_SIZE}))
            if response.status_code != 200:
                raise SystemExit(f"the localized list answered {response.status_code}: "
                                 f"{response.data}")
            response.render()

        def plain(view=plain_view):
            view(factory.get("/plain/")).render()

        empty_process_caches()
        with CaptureQueriesContext(connection) as captured:
            first = seconds(localized)
        first_queries = len(captured)
        with CaptureQueriesContext(connection) as captured:
            localized()
        queries = len(captured)

        rows = list(page.fetch(Listing.objects.all()))
        engine_seconds = timed(lambda rows=rows: localize_many(rows, context))
        per_second = len(rows) / engine_seconds

        localized_seconds, plain_seconds, ratio = compared(localized, plain)
        print(f"{size:>8} {queries:>12} {first_queries:>8} {per_second:>11,.0f} "
              f"{first * 1000:>7.1f} {localized_seconds * 1000:>12.1f} "
              f"{plain_seconds * 1000:>9.1f} {ratio:>5.2f}x")
    print(f"\npage size {PAGE_SIZE}; medians of {REPEATS} runs (the ratio: of {REPEATS} "
          "back-to-back pairs); target ratio <= 1.50x.\n'1st': the first request of a process "
          "(empty market and formatting caches); queries/page: every later page.")


if __name__ == "__main__":
    main()
