"""Benchmark of the compliance rule check.

Run with `make bench`. Builds a throwaway SQLite database (the real EU/UK/US packs; 10,000
synthetic listings over every category from 40 suppliers, each with a different part of the
certificates the packs ask for: verified, pending, expired, expiring, rejected, scoped to a
category or to listings), then prints for each region and in total:

- listing-market checks per second through `check_many` (rules, certificates and scopes
  loaded, every listing checked region-wide); target: at least 2,000/s;
- queries for the whole batch (must not grow with the number of listings);
- storing the reports (`record_reports`: check, serialise, store; first run and unchanged
  re-run); target: at least 10,000 listings/s.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
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
from django.utils import timezone  # noqa: E402

from marketplace.catalog.models import Listing, Supplier, source_hash  # noqa: E402
from marketplace.compliance.models import Certificate  # noqa: E402
from marketplace.compliance.services import check_many, record_reports  # noqa: E402
from regions.compliance.models import CertificateType  # noqa: E402
from regions.compliance.taxonomy import ProductCategory  # noqa: E402
from regions.core.models import Region  # noqa: E402

LISTINGS = 10_000
SUPPLIERS = 40
REGIONS = ("eu", "uk", "us")
REPEATS = 3
TARGET = 2_000
STORE_TARGET = 10_000  # listings/s checked and stored by record_reports
STATUSES = ("verified", "verified", "verified", "pending", "rejected")


def build() -> list[Listing]:
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Bench supplier {n}", slug=f"bench-{n}", country="CN")
        for n in range(SUPPLIERS))
    categories = list(ProductCategory.values)
    listings = []
    for index in range(LISTINGS):
        title, description = f"Bench product {index}", "<p>Bench.</p>"
        listings.append(Listing(
            supplier=suppliers[index % SUPPLIERS], status="published", source_language="en",
            source_currency="CNY", title=title, description=description,
            category=categories[index % len(categories)], radio=index % 3 == 0,
            contains_battery=index % 4 == 0, for_children=index % 7 == 0,
            voltage=230 if index % 5 == 0 else None, hs_code="851830", moq=10,
            lead_time_min_days=7, lead_time_max_days=15,
            source_hash=source_hash(title, description)))
    listings = Listing.objects.bulk_create(listings, batch_size=1000)
    certify(suppliers, listings)
    return list(Listing.objects.only("pk", "supplier_id", "category", "contains_battery",
                                     "radio", "for_children", "voltage").order_by("pk"))


def certify(suppliers: list[Supplier], listings: list[Listing]) -> None:
    """Supplier n holds every k-th certificate type, with statuses and validity cycling, and
    some certificates scoped to a category or to a few listings."""
    today = timezone.localdate()
    kinds = list(CertificateType.objects.all().order_by("pk"))
    certificates, scopes = [], []
    for n, supplier in enumerate(suppliers):
        for position, kind in enumerate(kinds):
            if (position + n) % 3 == 0:
                continue  # a third of what is asked for is missing
            until = None
            if kind.expires or position % 4 == 0:
                until = today + datetime.timedelta(days=((position * 37 + n * 11) % 400) - 30)
            certificates.append(Certificate(
                supplier=supplier, certificate_type=kind, number=kind.identifier_example
                or f"BENCH-{n}-{position}", status=STATUSES[(position + n) % len(STATUSES)],
                rejection_reason="Illegible scan.",
                valid_from=until - datetime.timedelta(days=365) if until else None,
                valid_until=until,
                categories=[ProductCategory.values[position % 11]] if position % 6 == 1
                else []))
    certificates = Certificate.objects.bulk_create(certificates, batch_size=1000)
    by_supplier: dict[int, list[Listing]] = {}
    for listing in listings:
        by_supplier.setdefault(listing.supplier_id, []).append(listing)
    for index, certificate in enumerate(certificates):
        if index % 9 == 2:
            scopes.extend(Certificate.listings.through(certificate_id=certificate.pk,
                                                       listing_id=listing.pk)
                          for listing in by_supplier[certificate.supplier_id][:5])
    Certificate.listings.through.objects.bulk_create(scopes, batch_size=1000)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_region", "--all", verbosity=0)
    listings = build()
    print(f"{LISTINGS:,} listings, {SUPPLIERS} suppliers, "
          f"{Certificate.objects.count():,} certificates\n")
    print(f"{'region':>6} {'rules':>6} {'checks/s':>10} {'seconds':>8} {'queries':>8} "
          f"{'blocked':>8}")
    total_seconds = 0.0
    for code in REGIONS:
        region = Region.objects.get(code=code)
        samples = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                results = check_many(listings, region)
            samples.append(time.perf_counter() - start)
        seconds = statistics.median(samples)
        total_seconds += seconds
        blocked = sum(1 for result in results.values()
                      if any(f.severity == "blocker" for f in result.findings))
        print(f"{code:>6} {region.compliance_rules.count():>6} {len(listings) / seconds:>10,.0f}"
              f" {seconds:>8.2f} {len(captured):>8} {blocked:>8,}")
    rate = len(listings) * len(REGIONS) / total_seconds
    verdict = "OK" if rate >= TARGET else "MISS"
    print(f"{'all':>6} {'':>6} {rate:>10,.0f} {total_seconds:>8.2f}   "
          f"({len(listings) * len(REGIONS):,} listing-market checks; target >= {TARGET:,}/s: "
          f"{verdict})")

    region = Region.objects.get(code="eu")
    for label in ("store reports (first run)", "store reports (unchanged)"):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            record_reports(listings, region, trigger="bench")
        seconds = time.perf_counter() - start
        rate = len(listings) / seconds
        verdict = "OK" if rate >= STORE_TARGET else "MISS"
        print(f"\neu {label}: {rate:,.0f} listings/s, {len(captured)} queries "
              f"(target >= {STORE_TARGET:,}/s: {verdict})", end="")
    print(f"\n\nmedian of {REPEATS} runs for the checks")


if __name__ == "__main__":
    main()
