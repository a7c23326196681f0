"""The admin's Supplier form (and every full_clean() door: load_demo) refuses the VAT IDs,
registration numbers and phones that the portal and checkout refuse, with the same messages,
and stores them normalized."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.catalog.models import Supplier
from regions.core.business_ids import normalize_vat_id
from regions.core.phones import normalize_phone

pytestmark = pytest.mark.django_db

ADD = "admin:catalog_supplier_add"


def form(**changes) -> dict:
    values = {"name": "Rheinberg GmbH", "slug": "rheinberg", "country": "DE", "vat_id": "",
              "registration_number": "", "street_address": "", "postal_code": "",
              "city": "", "country_area": "", "contact_name": "", "phone": "", "email": "",
              "tax_registrations-TOTAL_FORMS": 0, "tax_registrations-INITIAL_FORMS": 0,
              "bank_account-TOTAL_FORMS": 0, "bank_account-INITIAL_FORMS": 0}
    values.update(changes)
    return values


def portal_message(normalize, value: str, country: str) -> list[str]:
    with pytest.raises(ValidationError) as error:
        normalize(value, country)
    return error.value.messages


@pytest.mark.parametrize(("country", "vat_id"), [
    ("FR", "DE136695976"), ("DE", "DE123456789"), ("DE", "DE' OR '1'='1")])
def test_the_admin_refuses_a_bad_vat_id_with_the_portals_message(admin_client, country, vat_id):
    response = admin_client.post(reverse(ADD), form(country=country, vat_id=vat_id))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["vat_id"] == portal_message(
        normalize_vat_id, vat_id, country)
    assert not Supplier.objects.exists()


@pytest.mark.parametrize("phone", ["12", "phone"])
def test_the_admin_refuses_a_bad_phone_with_the_checkouts_message(admin_client, phone):
    response = admin_client.post(reverse(ADD), form(phone=phone))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["phone"] == portal_message(
        normalize_phone, phone, "DE")
    assert not Supplier.objects.exists()


def test_the_admin_stores_vat_id_and_phone_normalized(admin_client):
    response = admin_client.post(reverse(ADD), form(vat_id="de 136 695 976",
                                                    phone="030 901820"))

    assert response.status_code == 302
    supplier = Supplier.objects.get()
    assert (supplier.vat_id, supplier.phone) == ("DE136695976", "+4930901820")


def test_a_vat_id_over_the_length_limit_gets_one_message(admin_client):
    response = admin_client.post(reverse(ADD), form(vat_id="DE" + "1" * 30))

    assert response.context["adminform"].form.errors["vat_id"] == [
        "Ensure this value has at most 20 characters (it has 32)."]


def test_full_clean_refuses_a_bad_vat_id_outside_the_admin():
    supplier = Supplier(name="Atelier", slug="atelier", country="FR", vat_id="DE136695976")

    with pytest.raises(ValidationError) as error:
        supplier.full_clean()

    assert error.value.message_dict == {"vat_id": [
        "This VAT ID starts with DE, but the company is in France: its VAT ID starts with FR."]}


def test_a_chinese_supplier_without_vat_id_or_phone_is_valid():
    supplier = Supplier(name="Shenzhen Audio", slug="sz-audio", country="CN")

    supplier.full_clean()

    assert (supplier.vat_id, supplier.phone) == ("", "")
