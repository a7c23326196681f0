import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.catalog.generate import generate_listings
from marketplace.catalog.models import Listing
from regions.compliance.models import CertificateType
from regions.core.demo_guard import refuse_in_production

MAX_COUNT = 10_000_000


def share(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Add N made-up listings for load and scale runs: variants of the demo catalog's "
        "listings (categories, properties, price tiers, attributes), from generated suppliers "
        "of whom a share hold the demo certificates, a share of them translated. Written in "
        "chunks (bulk_create), so memory stays flat. Needs the region packs (load_region "
        "--all) for the certificates. Not in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="how many listings to add")
        parser.add_argument("--chunk-size", type=int, default=2000,
                            help="listings per transaction (default 2000)")
        parser.add_argument("--seed", type=int, default=2026,
                            help="the same seed gives the same catalog (default 2026)")
        parser.add_argument("--translated", type=share, default=0.3,
                            help="share of listings with the template's translations (0.3)")
        parser.add_argument("--certified", type=share, default=0.6,
                            help="share of suppliers holding certificates (0.6)")

    def handle(self, *args, count: int, chunk_size: int, seed: int, translated: float,
               certified: float, **options) -> None:
        refuse_in_production("generate_listings", "writes made-up listings into the catalog")
        if not 1 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be from 1 to {MAX_COUNT:,}; it is {count:,}.")
        if not 1 <= chunk_size <= 50_000:
            raise CommandError(f"--chunk-size must be from 1 to 50,000; it is {chunk_size:,}.")
        if not CertificateType.objects.exists():
            self.stderr.write("No region pack is loaded: the listings get no certificates "
                              "(python manage.py load_region --all first).")
        start = time.monotonic()

        def progress(done: int) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {done:,} / {count:,}")

        report = generate_listings(count, seed=seed, chunk_size=chunk_size,
                                   translated_share=translated, certified_share=certified,
                                   progress=progress)
        seconds = time.monotonic() - start
        categories = ", ".join(f"{name} {number:,}" for name, number in
                               sorted(report.by_category.items(), key=lambda x: -x[1])[:5])
        self.stdout.write(self.style.SUCCESS(
            f"Added {report.listings:,} listings (ids {report.first_id}-{report.last_id}), "
            f"{report.suppliers:,} suppliers, {report.certificates:,} certificates, "
            f"{report.translations:,} translations in {seconds:.1f} s; the catalog holds "
            f"{Listing.objects.count():,} listings."))
        self.stdout.write(f"Most listed categories: {categories}.")
