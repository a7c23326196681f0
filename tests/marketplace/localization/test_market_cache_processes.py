"""Two real processes share one SQLite file: one serves the localized list (and caches the
market configuration), the other edits the configuration the way an ops user's admin session
or `load_region` would. The serving process must show the edit on its next request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
import django; django.setup()
from decimal import Decimal
from django.core.management import call_command
from marketplace.catalog.models import Listing, PriceTier, Supplier, source_hash
call_command("migrate", verbosity=0)
call_command("load_region", "eu", verbosity=0)
call_command("load_rates", verbosity=0)
supplier = Supplier.objects.create(name="Two processes", slug="two", country="CN")
listing = Listing.objects.create(
    supplier=supplier, status="published", source_language="en", source_currency="CNY",
    title="Earbuds", description="<p>ANC</p>", category="consumer_electronics", moq=1,
    lead_time_min_days=7, lead_time_max_days=15, source_hash=source_hash("Earbuds", "<p>ANC</p>"))
PriceTier.objects.create(listing=listing, min_quantity=1, unit_price=Decimal("100.00"))
"""

# Serves a request, waits for a line on stdin, serves again: prints the VAT rate each time.
SERVE = """
import django; django.setup()
import sys
from rest_framework.test import APIRequestFactory
from marketplace.api.views import ListingViewSet
view = ListingViewSet.as_view({"get": "list"})
def vat_rate():
    request = APIRequestFactory().get("/api/v1/listings/", {"country": "DE", "lang": "de"})
    [item] = view(request).data["results"]
    return item["vat"]["rate"]
print(vat_rate(), vat_rate(), flush=True)
sys.stdin.readline()
print(vat_rate(), flush=True)
"""

EDIT = """
import django; django.setup()
from decimal import Decimal
from regions.taxes.models import TaxRate
rate = TaxRate.objects.get(country__code="DE", kind="standard")
rate.rate = Decimal("21.00")
rate.save()
"""


@pytest.mark.slow
def test_an_edit_in_another_process_shows_on_the_next_request(tmp_path):
    env = {**os.environ, "MARKETPLACE_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "marketplace.settings"}
    env.pop("DATABASE_URL", None)  # this test needs a file both processes can open

    def python(code: str, **kwargs):
        return [sys.executable, "-c", code], {"cwd": ROOT, "env": env, "text": True, **kwargs}

    args, options = python(SETUP)
    subprocess.run(args, check=True, capture_output=True, **options)
    args, options = python(SERVE, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    with subprocess.Popen(args, **options) as server:
        # The second request is answered from the cache: the edit must get past it.
        assert server.stdout.readline().split() == ["19.00", "19.00"]

        args, options = python(EDIT)
        subprocess.run(args, check=True, capture_output=True, **options)
        after, _ = server.communicate("go\n", timeout=60)

    assert after.strip() == "21.00"
