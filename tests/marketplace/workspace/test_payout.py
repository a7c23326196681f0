"""The payout details page: a supplier's bank account, IBAN and BIC checked and normalised with
python-stdnum (or a local account where the bank's country has no IBAN), refused in the
merchant's language with nothing stored, and only ever the member's own supplier's."""

from marketplace.catalog.models import SupplierBankAccount

GERMAN_ACCOUNT = {"account_holder": "Shenzhen Audio Works", "bank_name": "Commerzbank",
                  "bank_country": "DE", "iban": "de89 3704 0044 0532 0130 00",
                  "bic": "cobadeffxxx", "account_number": "", "bank_code": ""}
CHINESE_ACCOUNT = {"account_holder": "深圳音频工场", "bank_name": "Bank of China",
                   "bank_country": "CN", "iban": "", "bic": "BKCHCNBJ300",
                   "account_number": "4563  5180 0000 1234", "bank_code": "104584000003"}


def payout_url(supplier, lang: str = "de") -> str:
    return f"/portal/workspace/{lang}/payout/{supplier.pk}/"


def test_the_page_opens_for_the_members_supplier_in_their_language(signed_in, supplier):
    response = signed_in.get("/portal/workspace/de/payout/")
    assert response.status_code == 302
    assert response["Location"] == payout_url(supplier)

    page = signed_in.get(payout_url(supplier)).content.decode()
    assert "<h1>Auszahlungsdaten</h1>" in page
    assert 'id="payout-missing"' in page


def test_an_iban_and_bic_are_stored_compact(signed_in, supplier):
    response = signed_in.post(payout_url(supplier), GERMAN_ACCOUNT)

    assert response.status_code == 302
    account = SupplierBankAccount.objects.get(supplier=supplier)
    assert (account.iban, account.bic) == ("DE89370400440532013000", "COBADEFF")
    assert account.history.count() == 1


def test_a_bank_without_iban_takes_the_local_account_and_bic(signed_in, supplier):
    response = signed_in.post(payout_url(supplier, "zh-hans"), CHINESE_ACCOUNT)

    assert response.status_code == 302
    account = SupplierBankAccount.objects.get(supplier=supplier)
    assert (account.account_number, account.bank_code, account.bic, account.iban) == (
        "4563 5180 0000 1234", "104584000003", "BKCHCNBJ300", "")


def test_a_bad_iban_is_refused_in_the_merchants_language_and_nothing_is_stored(
        signed_in, supplier):
    response = signed_in.post(payout_url(supplier),
                              {**GERMAN_ACCOUNT, "iban": "DE89 3704 0044 0532 0130 01"})

    assert response.status_code == 400
    assert response.context["form"].errors["iban"] == [
        "Das ist keine gültige IBAN: Prüfen Sie den Ländercode, die beiden Prüfziffern und die "
        "Kontonummer (Beispiel: DE89 3704 0044 0532 0130 00)."]
    assert SupplierBankAccount.objects.count() == 0


def test_an_iban_for_a_bank_in_a_country_without_ibans_is_refused(signed_in, supplier):
    response = signed_in.post(payout_url(supplier, "en"),
                              {**CHINESE_ACCOUNT, "iban": "DE89370400440532013000"})

    assert response.status_code == 400
    assert response.context["form"].errors["iban"] == [
        "Banks in this country have no IBAN: enter the account number, the bank code and the "
        "BIC instead."]
    assert SupplierBankAccount.objects.count() == 0


def test_another_suppliers_payout_details_are_not_found(signed_in, other_supplier):
    theirs = SupplierBankAccount.objects.create(
        supplier=other_supplier, account_holder="Ningbo Lamps", bank_country="CN",
        account_number="1234567890", bic="BKCHCNBJ")

    seen = signed_in.get(payout_url(other_supplier))
    changed = signed_in.post(payout_url(other_supplier),
                             {**CHINESE_ACCOUNT, "account_number": "999"})

    assert (seen.status_code, changed.status_code) == (404, 404)
    assert b"1234567890" not in seen.content
    theirs.refresh_from_db()
    assert theirs.account_number == "1234567890"
    assert SupplierBankAccount.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client, supplier):
    response = client.get(payout_url(supplier))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
