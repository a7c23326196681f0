"""US sales tax: the state's rate on every sale the marketplace facilitates, whatever the
warehouse (every state with a sales tax has a marketplace facilitator law: the marketplace
collects), and none on a business's purchase for resale against an exemption certificate
(market_facts_2.md §5.3, §5.4). Local (county, city, district) rates come from the source a
deployment names in settings.TAX_LOCAL_RATES (regions/taxes/local_rates.py); the state base
rates are the pack's data."""

from babel import Locale
from django.utils.translation import gettext as _

from regions.taxes.interface import ADDED, EXEMPT, Components, Sale, TaxBook
from regions.taxes.standard import StandardTax


class USSalesTax(StandardTax):
    def treatment(self, book: TaxBook, sale: Sale) -> str:
        if sale.is_business and sale.exemption:
            return EXEMPT
        return ADDED

    def listing_note(self, book: TaxBook, components: Components, *, is_business: bool,
                     shown: str, pending: str, locale: Locale) -> str:
        if not components.complete:
            return _("Prices exclude sales tax, which is calculated at checkout for the "
                     "delivery address.")
        return super().listing_note(book, components, is_business=is_business, shown=shown,
                                    pending=pending, locale=locale)
