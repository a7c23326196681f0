"""The ops admin fits its users: filters list only what is in their rows, the Country code
column shows the code, times are in the region's zone and say which, history says who."""

import re

import pytest
from django.urls import reverse

from regions.core.timezones import operator_time_zone, region_time_zone
from regions.payments.models import PaymentMethod
from regions.warehouses.models import Warehouse
from tests.region_fixtures import operator

pytestmark = pytest.mark.django_db


def test_the_warehouse_location_filter_lists_only_the_operators_locations(client, eu_ops):
    client.force_login(eu_ops)

    response = client.get(reverse("admin:regions_warehouses_warehouse_changelist"))

    [location] = [f for f in response.context["cl"].filter_specs
                  if getattr(f, "field_path", "") == "location"]
    listed = [choice["display"] for choice in location.choices(response.context["cl"])][1:]
    eu_locations = {str(w.location.name) for w in Warehouse.objects.filter(region__code="eu")}
    assert sorted(listed) == sorted(eu_locations)
    assert len(listed) < 10  # not the 250 countries of the world


def test_the_country_code_column_shows_the_code(client, eu_ops):
    client.force_login(eu_ops)

    response = client.get(reverse("admin:regions_core_country_changelist") + "?o=1")

    html = response.content.decode()
    assert '<th class="field-iso_code"><a href="' in html
    assert ">AT</a></th>" in html and ">Austria</a></th>" not in html
    assert '<td class="field-name">Austria</td>' in html


def test_a_pack_names_its_ops_time_zone_else_its_first_country_gives_it(packs):
    assert region_time_zone("eu") == "Europe/Brussels"  # [pack] timezone
    assert region_time_zone("us") == "America/New_York"  # the first [[countries]]
    assert region_time_zone("xx") == "UTC"  # no pack, no country


def test_operators_of_regions_in_different_zones_read_utc(packs):
    assert operator_time_zone(["eu"]) == "Europe/Brussels"
    assert operator_time_zone(["eu", "uk"]) == "UTC"


def test_the_admin_names_the_time_zone(client, eu_ops):
    client.force_login(eu_ops)

    html = client.get(reverse("admin:index")).content.decode()

    assert ("Times in Europe/Brussels (Central European Standard Time)" in html
            or "Times in Europe/Brussels (Central European Summer Time)" in html)


def test_an_operator_of_two_zones_reads_utc(client, packs):
    client.force_login(operator("europe-operator", "eu", "uk"))

    html = client.get(reverse("admin:index")).content.decode()

    assert "Times in UTC (UTC)" in html


def test_history_of_a_pack_loaded_row_says_system_not_none(client, eu_ops):
    blik = PaymentMethod.objects.get(region__code="eu", code="blik")
    client.force_login(eu_ops)

    html = client.get(reverse("admin:regions_payments_paymentmethod_history",
                              args=[blik.pk])).content.decode()

    assert "System (a command or scheduled task)" in html
    assert ">None<" not in html.replace(" ", "").replace("\n", "")


def test_history_times_carry_the_zone_as_the_changelists_name_it(client, eu_ops):
    blik = PaymentMethod.objects.get(region__code="eu", code="blik")
    client.force_login(eu_ops)

    html = client.get(reverse("admin:regions_payments_paymentmethod_history",
                              args=[blik.pk])).content.decode()

    # Brussels time, named by CLDR in the admin's English (regions.core.local_time).
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d GMT\+0[12]:00</td>", html)


def test_superusers_read_utc(client, superuser, packs):
    client.force_login(superuser)

    html = client.get(reverse("admin:index")).content.decode()

    assert "Times in UTC (UTC)" in html


def test_delete_asks_first_and_deletes_nothing(client, eu_ops):
    blik = PaymentMethod.objects.get(region__code="eu", code="blik")
    client.force_login(eu_ops)

    response = client.post(reverse("admin:regions_payments_paymentmethod_changelist"), {
        "action": "delete_selected", "_selected_action": [blik.pk]})

    assert response.status_code == 200
    assert response.templates[0].name == "admin/delete_selected_confirmation.html"
    assert PaymentMethod.objects.filter(pk=blik.pk).exists()
