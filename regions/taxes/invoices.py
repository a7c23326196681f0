"""What an invoice must show in a market: a pack's `invoice_requirements`. The pro-forma
invoice follows them, so the buyer sees before paying what the tax invoice will carry (and
what is missing for it)."""

from dataclasses import dataclass

from django.utils.functional import Promise

from regions.core.packs import installed_packs


@dataclass(frozen=True)
class InvoiceRequirements:
    # The tax document's legal name ("Tax invoice", "Qualified invoice"), translatable; empty
    # where the law names none.
    title: str | Promise = ""
    # The seller's tax registration in the market (the registration scheme marked
    # `on_invoice`): the T-number in Japan, the TRN in the UAE, the GST/HST number in Canada.
    seller_tax_id: bool = True
    # The business buyer's registration too (UAE tax invoices to registrants).
    buyer_tax_id_for_business: bool = False
    # Lines taxed at another rate than the standard one are marked, with `note` saying so
    # (Japan's qualified invoice: "※ reduced rate").
    mark_other_rates: bool = False
    note: str | Promise = ""


DEFAULT = InvoiceRequirements()


def requirements_for(region_code: str) -> InvoiceRequirements:
    pack = installed_packs().get(region_code)
    return getattr(pack, "invoice_requirements", None) or DEFAULT
