"""StandardTax: the default tax calculator, driven by the pack's data alone.

National and sub-national rates, several taxes at once (GST + QST, GST + PST), a tax that
replaces another where it applies (HST replaces GST), rate kinds chosen by product category,
consumer and business price inclusion, reverse charge and import taxes from the region's
policy. A pack whose market needs more subclasses it and overrides one method.
"""

from babel import Locale
from django.utils.translation import gettext as _

from regions.taxes.interface import (
    ADDED,
    EXEMPT,
    IMPORT_TAX,
    INCLUDED,
    REVERSE_CHARGE,
    Component,
    Components,
    Sale,
    TaxBook,
)

# Goods from these warehouses cross the border into the market with each order.
IMPORTED = ("origin", "bonded")


class StandardTax:
    def treatment(self, book: TaxBook, sale: Sale) -> str:
        policy = book.policy
        if not sale.is_business:
            return INCLUDED if policy and policy.consumer_prices_include_tax else ADDED
        if sale.warehouse_kind in IMPORTED:
            return IMPORT_TAX
        # Reverse charge needs the goods to cross a border and a validated registration.
        if (policy and policy.reverse_charge and sale.tax_id_valid
                and sale.ships_from != sale.buyer_country):
            return REVERSE_CHARGE
        return INCLUDED if policy and policy.business_prices_include_tax else ADDED

    def components(self, book: TaxBook, subdivision: str, kind: str, language: str,
                   postal_code: str = "") -> Components:
        lines: list[Component] = []
        pending: list[str] = []
        local = {row.tax for row in book.rates if subdivision and row.subdivision == subdivision}
        replaced = {book.taxes[tax].replaces for tax in local if tax in book.taxes}
        for code, tax in book.taxes.items():
            if code in replaced:
                continue
            row = (self._row(book, code, subdivision, kind) if subdivision else None) or \
                self._row(book, code, "", kind)
            if row is None:
                if not subdivision and any(r.tax == code and r.subdivision for r in book.rates):
                    pending.append(tax.label(language))
                continue
            if row.rate:
                lines.append(Component(code, tax.label(language), row.rate,
                                       row.subdivision or book.country))
        if book.needs_postal_code(subdivision):
            if postal_code:
                lines += [line for line in book.local_rates.components(
                    subdivision, postal_code, kind, book.day) if line.rate]
            else:
                pending.append(_("local taxes"))
        return Components(tuple(lines), complete=not pending, pending=tuple(pending))

    @staticmethod
    def _row(book: TaxBook, tax: str, subdivision: str, kind: str):
        # The rate of the kind asked for, else the standard rate of that tax there.
        rows = [r for r in book.rates if r.tax == tax and r.subdivision == subdivision]
        return next((r for r in rows if r.kind == kind), None) or next(
            (r for r in rows if r.kind == "standard"), None)

    def listing_note(self, book: TaxBook, components: Components, *, is_business: bool,
                     shown: str, pending: str, locale: Locale) -> str:
        policy = book.policy
        included = policy is not None and (policy.business_prices_include_tax if is_business
                                           else policy.consumer_prices_include_tax)
        if not components.complete:
            if components.lines:
                return _("Prices exclude tax. Added at checkout: %(taxes)s, and %(pending)s "
                         "depending on the delivery address.") % {
                    "taxes": shown, "pending": pending}
            return _("Prices exclude %(pending)s, which is calculated at checkout for the "
                     "delivery address.") % {"pending": pending}
        if not components.lines:
            return _("No tax is charged on these prices.")
        if included:
            return _("Prices include %(taxes)s.") % {"taxes": shown}
        return _("Prices exclude tax. Added at checkout: %(taxes)s.") % {"taxes": shown}

    def sale_note(self, book: TaxBook, treatment: str, components: Components, *,
                  is_business: bool, shown: str, locale: Locale) -> str:
        if treatment in (INCLUDED, ADDED) and not components.lines:
            return _("No tax is charged on this sale.")
        if treatment == INCLUDED:
            return _("Prices include %(taxes)s.") % {"taxes": shown}
        if treatment == ADDED:
            return _("Added: %(taxes)s.") % {"taxes": shown}
        if treatment == REVERSE_CHARGE:
            return _("No tax on this invoice: the buyer accounts for it (reverse charge).")
        if treatment == IMPORT_TAX:
            return _("No tax on this invoice: the goods are imported, and import taxes are due "
                     "when they clear customs.")
        if treatment == EXEMPT:
            return _("No tax on this invoice: the buyer's exemption certificate is on file.")
        return ""

    def legal_note(self, book: TaxBook, treatment: str) -> str:
        if treatment == REVERSE_CHARGE and book.policy is not None:
            return book.policy.reverse_charge_note
        return ""
