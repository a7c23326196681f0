"""load_region: idempotent, keeps ops edits, explains itself, and is all-or-nothing."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from regions.core.loading import load_pack, normalize
from regions.core.models import Country, PackLoad, Region
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.taxes.models import TaxRate

pytestmark = pytest.mark.django_db

PACK = """
[pack]
region = "eu"
name = "European Union"
as_of = 2026-11-24

[[countries]]
code = "PL"
currency = "PLN"
default_language = "pl"
timezone = "Europe/Warsaw"

[[countries]]
code = "DE"
currency = "EUR"
default_language = "de"
timezone = "Europe/Berlin"

[[languages]]
language = "en"
is_default = true

[[tax_rates]]
country = "PL"
kind = "standard"
rate = "23.00"

[[payment_methods]]
code = "blik"
name = "BLIK"
settlement = "instant"
countries = ["PL"]
chargeback = true
[[payment_methods.currencies]]
currency = "PLN"
min_amount = "0.01"
max_amount = "50000.00"
"""


@pytest.fixture
def eu_pack(tmp_path, monkeypatch):
    """The installed EU pack, reading a small pack file that each test can rewrite."""
    pack = apps.get_app_config("pack_eu")
    path = tmp_path / "pack.toml"
    path.write_text(PACK)
    monkeypatch.setattr(pack, "data_filename", str(path))
    return pack


def run(*args) -> str:
    out = _Capture()
    call_command("load_region", *args, stdout=out)
    return out.text


def table_counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "countries": Country.objects.count(),
        "methods": PaymentMethod.objects.count(),
        "limits": PaymentMethodCurrency.objects.count(),
        "rates": TaxRate.objects.count(),
    }


def test_first_load_creates_everything_and_records_the_as_of_date(eu_pack):
    out = run("eu")

    assert table_counts() == {"regions": 1, "countries": 2, "methods": 1, "limits": 1, "rates": 1}
    assert "Loaded region “eu” (data as of 2026-11-24): 7 created." in out
    load = PackLoad.objects.get()
    assert (load.pack, load.data_as_of) == ("pack_eu", datetime.date(2026, 11, 24))
    blik = PaymentMethod.objects.get(code="blik")
    assert [str(c.code) for c in blik.countries.all()] == ["PL"]


def test_second_load_changes_nothing_and_says_so(eu_pack):
    run("eu")
    before = table_counts()

    out = run("eu")

    assert out.strip() == (
        "Region “eu” is up to date with its pack (data as of 2026-11-24): nothing changed."
    )
    assert table_counts() == before
    assert PackLoad.objects.count() == 1


def test_ops_edit_is_kept_and_the_difference_reported(eu_pack):
    run("eu")
    PaymentMethodCurrency.objects.filter(currency="PLN").update(max_amount=Decimal("10000"))

    out = run("eu")

    assert "kept ops edit: regions_payments.paymentmethodcurrency" in out
    assert "max_amount: database '10000', pack '50000'" in out
    assert "nothing changed. (1 kept ops edit; use --force to reset them to the pack.)" in out
    assert PaymentMethodCurrency.objects.get().max_amount == Decimal("10000")


def test_force_resets_an_ops_edit(eu_pack):
    run("eu")
    PaymentMethodCurrency.objects.filter(currency="PLN").update(max_amount=Decimal("10000"))

    out = run("eu", "--force")

    assert "reset to pack: regions_payments.paymentmethodcurrency" in out
    assert PaymentMethodCurrency.objects.get().max_amount == Decimal("50000")


def test_pack_update_applies_to_rows_ops_did_not_touch(eu_pack):
    run("eu")
    Path(eu_pack.data_file).write_text(PACK.replace('rate = "23.00"', 'rate = "24.00"'))

    out = run("eu")

    assert "updated from pack: regions_taxes.taxrate" in out
    assert "rate: database '23', pack '24'" in out
    assert TaxRate.objects.get().rate == Decimal("24")


def test_row_deleted_by_ops_stays_deleted_unless_forced(eu_pack):
    run("eu")
    PaymentMethod.objects.get(code="blik").delete()

    out = run("eu")
    assert "kept deleted by ops: regions_payments.paymentmethod region=eu,code=blik" in out
    assert not PaymentMethod.objects.exists()

    run("eu", "--force")
    assert PaymentMethod.objects.get().currencies.count() == 1


def test_bad_record_is_reported_with_file_and_record_and_nothing_is_written(eu_pack):
    bad = PACK.replace('max_amount = "50000.00"', 'max_amount = "0.00"').replace(
        'currency = "EUR"\ndefault', 'currency = "EURO"\ndefault'
    )
    Path(eu_pack.data_file).write_text(bad)

    with pytest.raises(CommandError) as caught:
        run("eu")

    message = str(caught.value)
    assert "Region pack “eu” has 3 problem(s); nothing was changed:" in message
    assert (
        f"{eu_pack.data_file}: countries[1] (DE): currency: “EURO” is not an ISO 4217 currency"
        in message
    )
    assert (
        "payment_methods[0].currencies[0] (PLN): min_amount: The minimum (0.01) is above the "
        "maximum (0.00)." in message
    )
    assert table_counts() == {"regions": 0, "countries": 0, "methods": 0, "limits": 0, "rates": 0}


def test_bad_file_leaves_an_existing_region_unchanged(eu_pack):
    run("eu")
    before = table_counts()
    Path(eu_pack.data_file).write_text(PACK + '\n[[tax_rates]]\ncountry = "FR"\nkind = "standard"'
                                       '\nrate = "20.00"\n')

    with pytest.raises(CommandError, match="“FR” is not a country of region “eu”"):
        run("eu")
    assert table_counts() == before


def test_unknown_fields_and_floats_are_refused(eu_pack):
    Path(eu_pack.data_file).write_text(
        PACK.replace('rate = "23.00"', "rate = 23.0\ncolour = \"red\"")
    )

    with pytest.raises(CommandError) as caught:
        run("eu")

    assert "tax_rates[0] (PL, standard): colour: not a field of tax rate" in str(caught.value)
    assert 'rate: write 23.0 as a string ("23.0") so it is not rounded' in str(caught.value)


def test_misspelt_sections_and_non_table_records_are_refused(eu_pack):
    Path(eu_pack.data_file).write_text('country = "FR"\nwarehouses = ["de"]\n' + PACK)

    with pytest.raises(CommandError) as caught:
        run("eu")

    message = str(caught.value)
    assert "unknown section “country” (known: pack, countries, languages," in message
    assert "tax_policy, taxes, tax_rates, tax_classes" in message
    assert "warehouses must be written as [[warehouses]] tables" in message
    assert not Region.objects.exists()


def test_invalid_toml_names_the_file(eu_pack):
    Path(eu_pack.data_file).write_text("[pack\nregion = ")

    with pytest.raises(CommandError, match=r"pack\.toml: not valid TOML"):
        run("eu")


def test_country_claimed_by_another_region_is_refused(eu_pack):
    other = Region.objects.create(code="uk", name="United Kingdom")
    Country.objects.create(code="DE", region=other, currency="EUR", default_language="de",
                           timezone="Europe/Berlin")

    with pytest.raises(CommandError) as caught:
        run("eu")

    assert "countries[1] (DE): code: DE already belongs to region “uk”" in str(caught.value)
    assert not Region.objects.filter(code="eu").exists()


def test_dry_run_reports_without_writing(eu_pack):
    out = run("eu", "--dry-run")

    assert "[dry run] Loaded region “eu”" in out
    assert table_counts()["regions"] == 0


def test_loads_are_recorded_in_history_with_a_reason(eu_pack):
    run("eu")

    record = PaymentMethod.history.get(history_type="+")
    assert (record.history_type, record.history_change_reason) == ("+", "load_region eu")


def test_unknown_region_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"No region pack for 'mars' is installed \(installed: "
                                           r"ae, au, ca, eu, jp, uk, us\)\."):
        run("mars")


def test_load_pack_returns_a_report(eu_pack):
    report = load_pack(eu_pack)
    assert report.wrote and report.count("created") == 7


class _Capture:
    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text + "\n"

    def flush(self) -> None:
        pass


def test_a_mapping_compares_by_content_whatever_order_the_database_returns_its_keys_in():
    # PostgreSQL's jsonb returns {"ja": ..., "en": ...} for a pack's {"en": ..., "ja": ...}; a
    # second load must not read that as an ops edit.
    assert normalize({"en": "Consumption tax", "ja": "消費税"}) == normalize(
        {"ja": "消費税", "en": "Consumption tax"})
    assert normalize({"en": "GST"}) != normalize({"en": "HST"})
