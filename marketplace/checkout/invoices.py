"""What the market's invoice requirements (its pack's, regions/taxes/invoices.py) ask of this
order, worked out when it is placed and kept in its snapshot: the invoice reads the same
later, whatever is configured then."""

from django.utils.translation import gettext as _

from marketplace.checkout.models import Quote
from regions.core.models import BuyerType
from regions.core.registration import find_tax_scheme, schemes_for
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
