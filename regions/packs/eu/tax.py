"""EU VAT: the standard calculator with the Union's own wording (reverse charge under
Article 196 of the VAT Directive, import VAT on release for free circulation)."""

from babel import Locale
from babel.numbers import format_decimal
from django.utils.translation import gettext as _

from regions.taxes.interface import (
    ADDED,
    IMPORT_TAX,
    INCLUDED,
    REVERSE_CHARGE,
    Components,
    TaxBook,
)
from regions.taxes.standard import StandardTax


class EUVat(StandardTax):
    def listing_note(self, book: TaxBook, components: Components, *, is_business: bool,
                     shown: str, pending: str, locale: Locale) -> str:
        rate = _rate(components, locale)
        if rate is None:
            return super().listing_note(book, components, is_business=is_business,
                                        shown=shown, pending=pending, locale=locale)
        policy = book.policy
        included = policy is not None and (policy.business_prices_include_tax if is_business
                                           else policy.consumer_prices_include_tax)
        if included:
            return _("Prices include %(rate)s %% VAT.") % {"rate": rate}
        if policy is not None and policy.reverse_charge:
            return _("Prices exclude VAT. %(rate)s %% VAT is added, unless the goods ship to "
                     "you from another member state and you give a valid VAT ID: then no VAT "
                     "is charged (reverse charge).") % {"rate": rate}
        return _("Prices exclude VAT; %(rate)s %% VAT is added at checkout.") % {"rate": rate}

    def sale_note(self, book: TaxBook, treatment: str, components: Components, *,
                  is_business: bool, shown: str, locale: Locale) -> str:
        rate = _rate(components, locale)
        if treatment == INCLUDED and rate is not None:
            return _("Prices include %(rate)s %% VAT.") % {"rate": rate}
        if treatment == ADDED and rate is not None:
            policy = book.policy
            if is_business and policy is not None and policy.reverse_charge:
                return _("%(rate)s %% VAT is added: without a validated VAT ID, or when the "
                         "goods do not leave the member state, no reverse charge applies.") % {
                    "rate": rate}
            return _("%(rate)s %% VAT is added.") % {"rate": rate}
        if treatment == REVERSE_CHARGE:
            return _("Reverse charge: VAT to be accounted for by the recipient (Article 196 of "
                     "Council Directive 2006/112/EC).")
        if treatment == IMPORT_TAX:
            return _("No VAT on this invoice: the goods come from outside the customs "
                     "territory, and import VAT is due when they are released for free "
                     "circulation.")
        return super().sale_note(book, treatment, components, is_business=is_business,
                                 shown=shown, locale=locale)


def _rate(components: Components, locale: Locale) -> str | None:
    """The one VAT rate as the buyer's locale writes it, if the sale pays exactly one."""
    if len(components.lines) != 1:
        return None
    return format_decimal(components.lines[0].rate.normalize(), locale=locale)
