"""Benchmark of the configuration version: what each request pays to know that its cached
market configuration is current, and proof that a bulk write is seen.

Run with `make bench`. A throwaway SQLite database with every installed pack loaded. Prints
the queries and the time of one version read (target: 1 query), and whether a
QuerySet.update() and a bulk_create() on configuration move it (target: yes, both).
"""

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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from marketplace.localization.config_version import configuration_version  # noqa: E402
from regions.core.models import Region  # noqa: E402
from regions.languages.models import RegionLanguage  # noqa: E402
from regions.taxes.models import TaxRate  # noqa: E402

READS = 2000


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_region", "--all", verbosity=0)
    with CaptureQueriesContext(connection) as captured:
        configuration_version()
    started = time.perf_counter()
    for _ in range(READS):
        configuration_version()
    per_read = (time.perf_counter() - started) / READS
    print(f"version read: {len(captured)} query (target 1), {per_read * 1e6:.0f} µs")

    before = configuration_version()
    TaxRate.objects.filter(country__code="DE").update(rate=Decimal("19.00"))
    after_update = configuration_version()
    RegionLanguage.objects.bulk_create([RegionLanguage(
        region=Region.objects.get(code="uk"), language="de", position=90)])
    after_bulk_create = configuration_version()
    print(f"QuerySet.update() seen: {'yes' if after_update != before else 'NO'}; "
          f"bulk_create() seen: {'yes' if after_bulk_create != after_update else 'NO'}")


if __name__ == "__main__":
    main()
