"""A supplier's tax registrations in other markets: checked and normalized by the market's
scheme (python-stdnum where it has one), one per scheme, and editable in the supplier admin."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.catalog.models import Supplier, SupplierTaxRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture
def factory() -> Supplier:
    return Supplier.objects.create(name="Ningbo Kitchenware Co., Ltd.", slug="ningbo",
                                   country="CN")


def registered(supplier: Supplier, country: str, number: str) -> SupplierTaxRegistration:
    registration = SupplierTaxRegistration(supplier=supplier, country=country, number=number)
    registration.full_clean()
    registration.save()
    return registration


@pytest.mark.parametrize(("country", "entered", "number", "scheme"), [
    ("JP", "t5835678256246", "T5835678256246", "jp.tnumber"),
    ("CA", "123026635 RT 0001", "123026635RT0001", "ca.bn.rt"),
    ("CA", "1227494057TQ0001", "1227494057TQ0001", "ca.qst"),
    ("AU", "83 914 571 673", "83914571673", "au.abn"),
])
def test_a_number_is_stored_normalized_with_its_scheme(factory, country, entered, number, scheme):
    registration = registered(factory, country, entered)

    assert (registration.number, registration.scheme) == (number, scheme)


@pytest.mark.parametrize(("country", "number", "problem"), [
    ("JP", "T5835678256247", "T-number"),        # a wrong check digit
    ("AU", "99 999 999 999", "ABN"),
    ("US", "12-3456789", "have no VAT ID we can check"),
])
def test_a_number_the_market_does_not_issue_is_refused_saying_what_it_expects(
        factory, country, number, problem):
    with pytest.raises(ValidationError) as caught:
        registered(factory, country, number)

    [message] = caught.value.message_dict["number"]
    assert problem in message
    assert not SupplierTaxRegistration.objects.exists()


def test_one_number_per_scheme(factory):
    registered(factory, "JP", "T5835678256246")

    with pytest.raises(ValidationError) as caught:
        registered(factory, "JP", "T5835678256246")
    assert caught.value.message_dict["number"] == [
        "This supplier already has a Qualified invoice issuer number (T-number) on record; "
        "edit that one."]


def test_ops_add_one_in_the_supplier_admin(admin_client, factory):
    def save(number: str):
        return admin_client.post(f"/admin/catalog/supplier/{factory.pk}/change/", {
            "name": factory.name, "slug": factory.slug, "country": "CN",
            "tax_registrations-TOTAL_FORMS": "1", "tax_registrations-INITIAL_FORMS": "0",
            "tax_registrations-0-country": "JP", "tax_registrations-0-number": number,
            "bank_account-TOTAL_FORMS": "0", "bank_account-INITIAL_FORMS": "0"})

    refused = save("T5835678256247")
    assert refused.status_code == 200  # the form again, with the error
    assert "(T-number)" in refused.content.decode()
    assert not SupplierTaxRegistration.objects.exists()

    assert save("T 5835678256246").status_code == 302
    assert list(factory.tax_registrations.values_list("number", "scheme")) == [
        ("T5835678256246", "jp.tnumber")]
