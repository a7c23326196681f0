"""System checks on the installed packs, the demo users, and query counts of the admin."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.compliance.models import ComplianceRule
from regions.core.checks import check_region_packs
from regions.core.models import Country, RegionOperator
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.taxes.models import TaxRate
from regions.warehouses.models import ShippingOption, Warehouse


def test_installed_packs_pass_the_system_check():
    assert check_region_packs() == []


def test_unreadable_pack_file_is_a_system_check_error(tmp_path, monkeypatch):
    broken = tmp_path / "pack.toml"
    broken.write_text("[pack]\nregion = 'eu'\n")
    monkeypatch.setattr(apps.get_app_config("pack_eu"), "data_filename", str(broken))

    [error] = check_region_packs()

    assert error.id == "regions.E003"
    assert error.msg == f"{broken}: [pack] as_of must be a date such as 2026-11-24"


def test_country_in_two_packs_is_a_system_check_error(tmp_path, monkeypatch):
    uk = apps.get_app_config("pack_uk")
    claims_de = tmp_path / "pack.toml"
    claims_de.write_text(
        uk.data_file.read_text() + '\n[[countries]]\ncode = "DE"\ncurrency = "EUR"\n'
        'default_language = "de"\ntimezone = "Europe/Berlin"\n'
    )
    monkeypatch.setattr(uk, "data_filename", str(claims_de))

    [error] = check_region_packs()

    assert error.id == "regions.E004"
    assert error.msg == (
        "Country DE is in both region packs 'pack_eu' and 'pack_uk'; a country belongs to one "
        "region."
    )


@pytest.mark.django_db
def test_demo_users_get_their_regions_and_can_log_in(packs, client, capsys):
    call_command("load_demo_users")

    out = capsys.readouterr().out
    assert "eu-ops" in out and "eu-ops-demo-2026" in out
    user = get_user_model().objects.get(username="europe-ops")
    assert sorted(RegionOperator.objects.filter(user=user).values_list("region__code",
                                                                       flat=True)) == ["eu", "uk"]
    assert client.login(username="eu-ops", password="eu-ops-demo-2026")
    assert client.get(reverse("admin:regions_payments_paymentmethod_changelist")).status_code == 200

    call_command("load_demo_users")  # idempotent
    assert get_user_model().objects.filter(username="eu-ops").count() == 1


@pytest.mark.django_db
def test_demo_users_are_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refusing in production"):
        call_command("load_demo_users")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("admin:regions_payments_paymentmethod_changelist", PaymentMethod),
        ("admin:regions_warehouses_warehouse_changelist", Warehouse),
        ("admin:regions_warehouses_shippingoption_changelist", ShippingOption),
        ("admin:regions_compliance_compliancerule_changelist", ComplianceRule),
        ("admin:regions_taxes_taxrate_changelist", TaxRate),
        ("admin:regions_core_country_changelist", Country),
    ],
)
def test_changelists_cost_the_same_queries_for_few_or_many_rows(client, superuser, packs, url,
                                                                model):
    client.force_login(superuser)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url)).status_code == 200
        return len(captured)

    many = queries()
    rows = model.objects.count()
    keep = list(model.objects.order_by("pk").values_list("pk", flat=True)[:2])
    if model is Country:
        TaxRate.objects.all().delete()
        PaymentMethodCurrency.objects.all().delete()
    model.objects.exclude(pk__in=keep).delete()

    assert rows > 2
    assert queries() == many
