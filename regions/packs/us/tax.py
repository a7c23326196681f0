"""US sales tax: the state's rate on every sale the marketplace facilitates, whatever the
warehouse (every state with a sales tax has a marketplace facilitator law: the marketplace
collects), and none on a business's purchase for resale against an exemption certificate
(market_facts_2.md §5.3, §5.4). Local rates come from `local_rates` when a deployment plugs a
provider in; the state base rates are the pack's data."""

from regions.taxes.interface import ADDED, EXEMPT, Sale, TaxBook
from regions.taxes.standard import StandardTax


class USSalesTax(StandardTax):
    def treatment(self, book: TaxBook, sale: Sale) -> str:
        if sale.is_business and sale.exemption:
            return EXEMPT
        return ADDED
