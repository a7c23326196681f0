"""What the market's invoice requirements (its pack's, regions/taxes/invoices.py) ask of this
order, worked out when it is placed and kept in its snapshot: the invoice reads the same
later, whatever is configured then."""

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.catalog.models import Supplier
from marketplace.checkout.models import Quote
from regions.core.bank_accounts import iban_shown
from regions.core.models import BuyerType
from regions.core.registration import find_tax_scheme, schemes_for
from regions.payments.models import SettlementKind
from regions.taxes.invoices import requirements_for


def invoice_terms(stored: Quote, sellers: list[dict], buyer: dict) -> dict:
    """Call it with the buyer's language active."""
    needs = requirements_for(stored.region)
    printed = [scheme for scheme in schemes_for(stored.country, "tax") if scheme.on_invoice]
    label = str(printed[0].label) if printed else ""
    business = stored.buyer_type == BuyerType.BUSINESS
    return {
        "title": str(needs.title),
        # Each seller's registration of the market's scheme, or why there is none: a number
        # of another country's scheme is not one the market's invoice can carry.
        "seller_tax_ids": [
            {"seller": seller["id"], "label": label,
             "number": _registered(stored.country, [seller["vat_id"], *seller.get(
                 "tax_registrations", [])], printed)}
            for seller in sellers] if needs.seller_tax_id and printed else [],
        "missing_seller_tax_id": _("not on record: the invoice cannot be issued as a tax "
                                   "invoice of this market until the seller registers"),
        "buyer_tax_id": ({"label": label, "number": buyer.get("vat_id", "")}
                         if needs.buyer_tax_id_for_business and business and label else None),
        "mark_other_rates": needs.mark_other_rates,
        "note": str(needs.note),
    }


def _registered(country: str, numbers: list[str], printed: list) -> str:
    """The first of the seller's numbers (its VAT ID, its registrations in other markets) that
    belongs to a scheme this market's invoices print; orders placed before sellers had
    per-market registrations have only the VAT ID."""
    return next((number for number in numbers
                 if number and find_tax_scheme(country, number) in printed), "")


# The settlement kinds the buyer pays by sending money to an account: a bank transfer, and
# trade terms (a T/T is a wire transfer; an L/C pays the beneficiary's account it names).
# Card, instant, wallet and voucher payments go through a provider that knows where to pay.
TRANSFER_SETTLEMENTS = frozenset({SettlementKind.BANK_TRANSFER, SettlementKind.TRADE_TERMS})


def is_transfer(method: dict) -> bool:
    """Whether the payment method (its pack data, as the quote offered it) is one the buyer
    pays by transfer to an account printed on the invoice."""
    return method.get("settlement") in TRANSFER_SETTLEMENTS


def bank_details(method: dict, suppliers: Iterable[Supplier]) -> dict | None:
    """Where the buyer transfers the money, for the order's snapshot; None when the method
    is not a transfer.

    Who receives it: when settings.CHECKOUT_COLLECTION_ACCOUNT names an account, the
    marketplace collects every payment (and pays the sellers out); the invoice prints that
    account and says so. Otherwise, as today's ManualProvider works (it only records a
    payment as pending; no provider holds the money), the buyer pays each seller directly,
    to the payout details the seller keeps in the workspace."""
    if not is_transfer(method):
        return None
    collector = settings.CHECKOUT_COLLECTION_ACCOUNT
    if collector:
        return {"collected_by_marketplace": True,
                "accounts": [{"seller": None, **_account_fields(collector)}]}
    accounts = []
    for supplier in suppliers:
        account = getattr(supplier, "bank_account", None)
        accounts.append({"seller": supplier.pk, "seller_name": supplier.name, **(
            _account_fields({"holder": account.account_holder, "bank_name": account.bank_name,
                             "bank_country": account.bank_country, "iban": account.iban,
                             "bic": account.bic, "account_number": account.account_number,
                             "bank_code": account.bank_code})
            if account else {"missing": True})})
    return {"collected_by_marketplace": False, "accounts": accounts}


def _account_fields(account: dict) -> dict:
    """An account as the snapshot keeps it, the IBAN grouped in fours as it is printed."""
    return {"holder": account.get("holder", ""), "bank_name": account.get("bank_name", ""),
            "bank_country": str(account.get("bank_country", "")),
            "iban": iban_shown(account.get("iban", "")), "bic": account.get("bic", ""),
            "account_number": account.get("account_number", ""),
            "bank_code": account.get("bank_code", "")}
