"""System checks for the checkout's settings: the marketplace's collection account, printed on
every pro-forma invoice paid by transfer, must be an account a bank accepts."""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError

from regions.core.bank_accounts import normalize_bank_account


@checks.register()
def check_collection_account(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if app_configs is not None and apps.get_app_config("checkout") not in app_configs:
        return []
    account = settings.CHECKOUT_COLLECTION_ACCOUNT
    if not account:
        return []
    problems = []
    if not isinstance(account, dict):
        problems = ["it is not a JSON object"]
    else:
        if not str(account.get("holder", "")).strip():
            problems.append("holder: required")
        country = str(account.get("bank_country") or account.get("iban", ""))[:2].upper()
        try:
            normalize_bank_account(country, **{
                name: str(account.get(name, "")) for name in
                ("iban", "bic", "account_number", "bank_code")})
        except ValidationError as exc:
            problems += [f"{field}: {message}" for field, messages in exc.message_dict.items()
                         for message in messages]
    return [checks.Error(
        f"CHECKOUT_COLLECTION_ACCOUNT is not a usable bank account: {'; '.join(problems)}",
        hint="Invoices paid by transfer print this account. Give holder, bank_country and "
             "iban (+ bic), or account_number, bank_code and bic where the bank's country "
             "has no IBAN.",
        id="checkout.E001")] if problems else []
