"""`startpack` scaffolds an out-of-tree region pack: what it writes, what it refuses, and (slow)
the scaffold installed with pip, found through its entry point, loaded, and selling."""

import importlib.util
import json
import subprocess
import sys
import tomllib
from io import StringIO
from pathlib import Path

import pytest
import setuptools
from django.core.management import CommandError, call_command

from regions.core.scaffold import FORMAT_FILE, format_sections

PROJECT_ROOT = Path(__file__).resolve().parents[3]
CODE = "tstpack"
PACKAGE = f"marketplace_region_{CODE}"


def scaffold(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "pack-project"
    call_command("startpack", CODE, "--country", "NZ", "--name", "Test Market",
                 "--directory", str(target), *args, stdout=StringIO())
    return target


def test_the_scaffold_is_a_pip_project_with_the_entry_point_app_pack_locale_and_tests(
        tmp_path):
    target = scaffold(tmp_path)

    files = sorted(str(path.relative_to(target)) for path in target.rglob("*") if path.is_file())
    assert files == ["README.md", f"{PACKAGE}/__init__.py", f"{PACKAGE}/apps.py",
                     f"{PACKAGE}/locale/README.md", f"{PACKAGE}/pack.toml", "pyproject.toml",
                     "tests/test_pack.py"]
    project = tomllib.loads((target / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["marketplace_regions.packs"] == {CODE: PACKAGE}
    apps_py = (target / PACKAGE / "apps.py").read_text()
    assert "class TSTPACKPackConfig(packs.RegionPackConfig):" in apps_py
    assert f'region_code = "{CODE}"' in apps_py
    compile(apps_py, "apps.py", "exec")
    compile((target / "tests" / "test_pack.py").read_text(), "test_pack.py", "exec")


def test_the_pack_file_is_a_minimal_market_from_cldr_with_every_other_section_commented(
        tmp_path):
    text = (scaffold(tmp_path) / PACKAGE / "pack.toml").read_text()
    data = tomllib.loads(text)

    assert data["pack"]["region"] == CODE and data["pack"]["name"] == "Test Market"
    assert data["countries"] == [{"code": "NZ", "currency": "NZD", "default_language": "en",
                                  "timezone": "Pacific/Auckland"}]
    assert [row["language"] for row in data["languages"]] == ["en"]
    assert data["tax_policy"]["tax_system"] == "vat"
    assert data["payment_methods"][0]["currencies"] == [{"currency": "NZD"}]
    assert data["warehouses"][0]["shipping_options"][0]["cost_amount"] == "25.00"
    # Every section FORMAT.md documents is there: filled in, or commented out.
    names = [name for name, _lines in format_sections()]
    assert {"pack", "countries", "compliance_rules", "certificate_types"} <= set(names)
    for name in names:
        assert f"[{name}]" in text or f"[[{name}]]" in text, name


def test_costs_are_written_in_the_currency_s_decimals(tmp_path):
    target = tmp_path / "kr"
    call_command("startpack", "krtest", "--country", "KR", "--directory", str(target),
                 stdout=StringIO())

    data = tomllib.loads((target / "marketplace_region_krtest" / "pack.toml").read_text())

    assert data["pack"]["name"] == "South Korea"
    assert data["countries"][0]["currency"] == "KRW"
    assert data["countries"][0]["default_language"] == "ko"
    assert data["warehouses"][0]["shipping_options"][0]["cost_amount"] == "25"


@pytest.mark.parametrize(("args", "message"), [
    (["NZ"], "“NZ” is not a region code: use 2 to 8 lowercase letters, such as “nz”."),
    (["eu"], "A region pack for “eu” is installed already (regions.packs.eu); choose another "
             "code."),
    (["xyz"], "Name the market's country with --country, such as --country NZ (ISO 3166-1 "
              "alpha-2)."),
    (["xyz", "--country", "QQ"], "“QQ” is not an ISO 3166-1 alpha-2 country code."),
    (["xyz", "--country", "DE"], "Country DE belongs to the installed pack “eu”; a country "
                                 "belongs to one region. Give another --country."),
])
def test_bad_codes_and_countries_are_refused_and_nothing_is_written(tmp_path, args, message):
    target = tmp_path / "new"

    with pytest.raises(CommandError) as caught:
        call_command("startpack", *args, "--directory", str(target), stdout=StringIO())

    assert str(caught.value) == message
    assert not target.exists()


def test_an_existing_directory_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")

    with pytest.raises(CommandError) as caught:
        call_command("startpack", CODE, "--country", "NZ", "--directory", str(tmp_path),
                     stdout=StringIO())

    assert str(caught.value) == f"{tmp_path} exists already; give a new --directory (nothing " \
                                "was written)."
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]


def test_format_file_documents_the_sections_the_scaffold_reads():
    assert FORMAT_FILE.is_file()
    assert [name for name, _lines in format_sections()][:2] == ["pack", "countries"]


# --- end to end: pip install, entry point, load, localized listing, quote ------------------

SCRIPT = """
import datetime, json
from decimal import Decimal
from io import StringIO

import django
django.setup()
from django.core.management import call_command
from django.test import Client

from marketplace.catalog.models import Listing, ListingStatus, PriceTier, Supplier
from marketplace.catalog.services import save_listing
from marketplace.checkout.quotes import quote
from marketplace.rates.models import ExchangeRate
from regions.core.packs import installed_packs

call_command("migrate", verbosity=0)
call_command("check")  # raises SystemCheckError on any error
loaded = StringIO()
call_command("load_region", "CODE", stdout=loaded)

# Units per EUR: CNY 800 = EUR 100 = NZD 180.
for currency, rate in (("CNY", "8.0000"), ("NZD", "1.8000")):
    ExchangeRate.objects.create(currency=currency, rate=Decimal(rate),
                                as_of=datetime.date.today(), source="test")
supplier = Supplier.objects.create(name="Shenzhen Test Works", slug="sz-test", country="CN")
listing = Listing(supplier=supplier, status=ListingStatus.PUBLISHED, source_language="en",
                  source_currency="CNY", title="Steel pot set", description="<p>Pots.</p>",
                  category="kitchenware", hs_code="732393", moq=1, lead_time_min_days=5,
                  lead_time_max_days=10)
save_listing(listing)
PriceTier.objects.create(listing=listing, min_quantity=1, unit_price=Decimal("800.00"))

api = Client().get("/api/v1/listings/", {"region": "CODE", "country": "NZ", "lang": "en"})
item = api.json()["results"][0]
stored = quote({"region": "CODE", "country": "NZ", "lang": "en", "buyer": "consumer",
                "lines": [{"listing": listing.pk, "quantity": 2}]})
print(json.dumps({
    "pack": installed_packs()["CODE"].name,
    "loaded": loaded.getvalue().strip(),
    "api_status": api.status_code,
    "listing": [item["title"], item["currency"], item["price_tiers"][0]["amount"],
                item["sellable"]],
    "goods_total": stored.data["goods_total"]["amount"],
    "shipping": [[option["id"], option["total"]["amount"]]
                 for option in stored.data["shipping_options"]],
    "payment_methods": [method["code"] for method in stored.data["payment_methods"]],
}))
"""


def offline_build_flags() -> list[str]:
    """--no-build-isolation when this environment can build a wheel by itself (setuptools
    70.1+ or the wheel package); otherwise pip builds in isolation, fetching setuptools."""
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    if (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None:
        return ["--no-build-isolation"]
    return []


@pytest.mark.slow
def test_a_scaffolded_pack_installs_loads_and_sells(tmp_path, subprocess_env):
    target = scaffold(tmp_path)
    site = tmp_path / "site"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", *offline_build_flags(),
         "--target", str(site), str(target)],
        capture_output=True, text=True, timeout=180)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    env = subprocess_env(PYTHONPATH=f"{site}:{PROJECT_ROOT}",
                         DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                         DJANGO_SETTINGS_MODULE="marketplace.settings")

    run = subprocess.run([sys.executable, "-c", SCRIPT.replace("CODE", CODE)], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=180)

    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["pack"] == PACKAGE  # found through the entry point, not REGION_PACKS
    assert result["loaded"].startswith(f"Loaded region “{CODE}” (data as of ")
    assert result["api_status"] == 200
    assert result["listing"] == ["Steel pot set", "NZD", "180.00", True]
    assert result["goods_total"] == "360.00"
    assert result["shipping"] == [["cn-origin:express", "385.00"]]
    assert result["payment_methods"] == ["bank-transfer"]

    # The scaffold's own tests pass against the installed pack.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nomigrations",
         "tests"], cwd=target, env=env, capture_output=True, text=True, timeout=180)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout
