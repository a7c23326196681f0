"""python manage.py check_compliance --region eu [--listing ID ...] [--dry-run]

Checks listings against the region's rules (plus the AI review's current findings), stores the
reports (a new history row only when the outcome changed) and prints a summary by finding code.
`--dry-run` checks and summarises the same way but stores nothing. The listings are read
CHUNK at a time by primary key, so memory stays flat at any catalog size. A progress bar on a
terminal; plain progress lines otherwise (logs, CI).
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.catalog.models import Listing
from marketplace.chunks import by_pk
from marketplace.compliance.services import record_reports, region_states
from regions.compliance.checks import counts
from regions.core.models import Region

CHUNK = 500
FIELDS = ("pk", "supplier_id", "category", "contains_battery", "radio", "for_children",
          "voltage")


class Command(BaseCommand):
    help = "Check listings against a region's compliance rules and store the reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="Region code, such as eu.")
        parser.add_argument("--listing", type=int, nargs="+", dest="listings", metavar="ID",
                            help="Only these listings (default: all).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check and summarise, but store no report.")

    def handle(self, *args, region: str, listings: list[int] | None, dry_run: bool = False,
               **options) -> None:
        region_row = Region.objects.filter(code=region.lower(), active=True).first()
        if region_row is None:
            allowed = ", ".join(Region.objects.filter(active=True).order_by("code")
                                .values_list("code", flat=True))
            raise CommandError(f"No active region “{region}”; use one of: {allowed}.")
        queryset = Listing.objects.order_by("pk")
        if listings:
            found = set(queryset.filter(pk__in=listings).values_list("pk", flat=True))
            missing = sorted(set(listings) - found)
            if missing:
                raise CommandError("No listing with id " + ", ".join(map(str, missing))
                                   + "; nothing was checked.")
            queryset = queryset.filter(pk__in=listings)
        total = queryset.count()
        started = time.monotonic()
        codes: Counter[str] = Counter()
        blocked = 0
        with self._progress(total) as advance:
            for chunk in by_pk(queryset.only(*FIELDS), CHUNK):
                if dry_run:
                    for state in region_states(chunk, region_row).values():
                        codes.update({finding.code for finding in state.findings})
                        blocked += counts(state.findings)[0] > 0
                else:
                    for report in record_reports(chunk, region_row, trigger="command"):
                        codes.update({finding["code"] for finding in report.findings})
                        blocked += report.blockers > 0
                advance(len(chunk))
        self._summary(region_row, total, blocked, codes, time.monotonic() - started)
        if dry_run:
            self.stdout.write("Dry run: no report was stored.")

    def _progress(self, total: int):
        command = self

        class Progress:
            def __enter__(self):
                self.done = 0
                if command.stdout.isatty():
                    from tqdm import tqdm
                    self.bar = tqdm(total=total, unit="listing", file=sys.stderr)
                else:
                    self.bar = None
                return self.advance

            def advance(self, count: int) -> None:
                self.done += count
                if self.bar is not None:
                    self.bar.update(count)
                else:
                    command.stdout.write(f"checked {self.done}/{total}")

            def __exit__(self, *exc):
                if self.bar is not None:
                    self.bar.close()

        return Progress()

    def _summary(self, region: Region, total: int, blocked: int, codes: Counter[str],
                 seconds: float) -> None:
        self.stdout.write(self.style.SUCCESS(
            f"{region.code}: {total} listings checked in {seconds:.1f} s; {blocked} blocked "
            f"somewhere in the region, {total - blocked} without blockers."))
        if not codes:
            return
        self.stdout.write("Listings by finding code:")
        width = max(len(code) for code in codes)
        for code, count in sorted(codes.items(), key=lambda item: (-item[1], item[0])):
            self.stdout.write(f"  {code:<{width}}  {count}")
