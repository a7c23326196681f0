"""Australian GST with the low-value imported goods rule (market_facts_2.md §3.1, ATO):
goods of a customs value up to AUD 1,000 brought to Australia with the seller's help carry GST
at the sale, which the marketplace collects from consumers; a GST-registered business that
gives its ABN is not charged (it accounts for the GST itself); consignments over AUD 1,000 pay
GST at the border instead."""

from dataclasses import replace
from decimal import Decimal

from regions.taxes.interface import IMPORT_TAX, REVERSE_CHARGE, Sale, TaxBook
from regions.taxes.standard import IMPORTED, StandardTax

# In AUD, the market's currency (ATO, "GST on low value imported goods").
LOW_VALUE_LIMIT = Decimal("1000")


class AustralianGst(StandardTax):
    def treatment(self, book: TaxBook, sale: Sale) -> str:
        if sale.warehouse_kind not in IMPORTED:
            return super().treatment(book, sale)
        if sale.goods_value is not None and sale.goods_value > LOW_VALUE_LIMIT:
            return IMPORT_TAX
        if sale.is_business and sale.tax_id_valid:
            return REVERSE_CHARGE
        # Consumers (and businesses without an ABN) pay GST at the sale, as on local goods.
        return super().treatment(book, replace(sale, warehouse_kind="local",
                                               ships_from=sale.buyer_country))
