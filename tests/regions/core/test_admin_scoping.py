"""Regional ops see and edit only their regions' configuration; superusers see everything."""

from decimal import Decimal

import pytest
from django.urls import reverse

from regions.compliance.models import ComplianceRule
from regions.core.models import Country, Region
from regions.payments.models import PaymentMethod
from regions.taxes.models import TaxRate
from regions.warehouses.models import Warehouse

pytestmark = pytest.mark.django_db

SCOPED = [
    (Country, "region"),
    (PaymentMethod, "region"),
    (ComplianceRule, "region"),
    (Warehouse, "region"),
    (TaxRate, "country__region"),
]


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj, view: str = "change") -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


@pytest.mark.parametrize(("model", "path"), SCOPED)
def test_eu_operator_changelists_show_only_eu_rows(client, eu_ops, model, path):
    client.force_login(eu_ops)

    response = client.get(changelist(model))

    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    eu_rows = set(model.objects.filter(**{f"{path}__code": "eu"}).values_list("pk", flat=True))
    assert shown == eu_rows and shown
    assert response.context["cl"].result_count == len(eu_rows)


def test_superuser_sees_every_region(client, superuser, packs):
    client.force_login(superuser)

    response = client.get(changelist(PaymentMethod))

    regions = {obj.region.code for obj in response.context["cl"].result_list}
    assert regions == {"eu", "uk", "us"}


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_eu_operator_is_refused_a_uk_payment_method(client, eu_ops, view):
    uk_method = PaymentMethod.objects.filter(region__code="uk").first()
    client.force_login(eu_ops)

    response = client.get(change_url(uk_method, view))

    assert response.status_code == 403


def test_eu_operator_cannot_change_a_uk_payment_method_by_post(client, eu_ops):
    uk_method = PaymentMethod.objects.filter(region__code="uk").first()
    client.force_login(eu_ops)

    response = client.post(change_url(uk_method), {"name": "Hijacked"})

    assert response.status_code == 403
    uk_method.refresh_from_db()
    assert uk_method.name != "Hijacked"


def test_uk_region_page_is_refused_to_eu_operator(client, eu_ops):
    client.force_login(eu_ops)
    response = client.get(change_url(Region.objects.get(code="uk")))
    assert response.status_code == 403


def test_add_form_offers_only_the_operators_regions_and_countries(client, eu_ops):
    client.force_login(eu_ops)

    response = client.get(reverse("admin:regions_payments_paymentmethod_add"))

    form = response.context["adminform"].form
    assert [r.code for r in form.fields["region"].queryset] == ["eu"]
    countries = {str(c.code) for c in form.fields["countries"].queryset}
    assert "GB" not in countries and {"DE", "PL", "SE"} <= countries


def test_posting_another_region_is_refused_and_nothing_is_created(client, eu_ops):
    client.force_login(eu_ops)
    uk = Region.objects.get(code="uk")
    before = PaymentMethod.objects.count()

    response = client.post(
        reverse("admin:regions_payments_paymentmethod_add"),
        {"region": uk.pk, "code": "sneaky", "name": "Sneaky", "settlement": "card",
         "countries": [Country.objects.get(code="GB").pk], "consumer_buyers": "on",
         "position": 0, "currencies-TOTAL_FORMS": 0, "currencies-INITIAL_FORMS": 0},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Select a valid choice." in errors["region"][0]
    assert "countries" in errors
    assert PaymentMethod.objects.count() == before


def test_operator_edit_is_recorded_with_who_and_what(client, eu_ops):
    blik = PaymentMethod.objects.get(region__code="eu", code="blik")
    client.force_login(eu_ops)
    data = {
        "region": blik.region_id, "code": blik.code, "name": "BLIK (mobile)",
        "settlement": blik.settlement, "countries": [c.pk for c in blik.countries.all()],
        "business_buyers": "on", "consumer_buyers": "on", "chargeback": "on",
        "terms": "", "notes": blik.notes, "source": blik.source, "active": "on",
        "position": blik.position,
        "currencies-TOTAL_FORMS": 0, "currencies-INITIAL_FORMS": 0,
    }
    existing = list(blik.currencies.all())
    data["currencies-TOTAL_FORMS"] = data["currencies-INITIAL_FORMS"] = len(existing)
    for index, row in enumerate(existing):
        data.update({
            f"currencies-{index}-id": row.pk, f"currencies-{index}-method": blik.pk,
            f"currencies-{index}-currency": row.currency,
            f"currencies-{index}-min_amount": row.min_amount or "",
            f"currencies-{index}-max_amount": row.max_amount or "",
        })

    response = client.post(change_url(blik), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = blik.history.filter(history_type="~").latest("history_date")
    assert (latest.history_user, latest.name) == (eu_ops, "BLIK (mobile)")
    page = client.get(change_url(blik, "history"))
    assert page.status_code == 200
    assert "BLIK (mobile)" in page.content.decode()
    assert "eu-operator" in page.content.decode()


def test_operator_of_two_regions_sees_both(client, packs):
    from tests.region_fixtures import operator

    client.force_login(operator("europe-operator", "eu", "uk"))

    response = client.get(changelist(PaymentMethod))

    assert {obj.region.code for obj in response.context["cl"].result_list} == {"eu", "uk"}


def test_user_without_regions_sees_no_rows_and_cannot_add(client, packs):
    from tests.region_fixtures import operator

    user = operator("idle-operator")
    client.force_login(user)

    assert client.get(changelist(PaymentMethod)).context["cl"].result_count == 0
    assert client.get(reverse("admin:regions_payments_paymentmethod_add")).status_code == 403


def test_invalid_limits_in_the_admin_are_refused_and_nothing_changes(client, eu_ops):
    blik = PaymentMethod.objects.get(region__code="eu", code="blik")
    [limits] = blik.currencies.all()
    client.force_login(eu_ops)
    data = {
        "region": blik.region_id, "code": blik.code, "name": "Renamed", "settlement": "instant",
        "countries": [c.pk for c in blik.countries.all()], "consumer_buyers": "on",
        "position": 0, "currencies-TOTAL_FORMS": 1, "currencies-INITIAL_FORMS": 1,
        "currencies-0-id": limits.pk, "currencies-0-method": blik.pk,
        "currencies-0-currency": "PLN", "currencies-0-min_amount": "500",
        "currencies-0-max_amount": "100",
    }

    response = client.post(change_url(blik), data)

    assert response.status_code == 200
    assert "The minimum (500) is above the maximum (100)." in response.content.decode()
    blik.refresh_from_db()
    limits.refresh_from_db()
    assert (blik.name, limits.min_amount) == ("BLIK", Decimal("0.01"))
