"""Which VAT treatment a sale gets: one pure function that the listing engine (what a buyer may
expect) and the checkout (what the buyer is charged) both call, so the rule lives in one place.

Treatments: "sales_tax" (no VAT system: US), "included" (consumer prices include VAT),
"added" (VAT on top), "import_vat" (non-Union goods: VAT is due on import, not on the sale),
"reverse_charge" (B2B intra-EU supply: 0 %, the recipient accounts for the VAT).
"""

from regions.warehouses.models import WarehouseKind

SALES_TAX, INCLUDED, ADDED, IMPORT_VAT, REVERSE_CHARGE = (
    "sales_tax", "included", "added", "import_vat", "reverse_charge")


def vat_treatment(*, charges_vat: bool, prices_include_tax: bool, is_business: bool,
                  reverse_charge_allowed: bool, warehouse_kind: str, ships_from: str,
                  buyer_country: str, valid_vat_id: bool = True) -> str:
    """How VAT applies to goods shipped from a warehouse of `warehouse_kind` in `ships_from`
    to a buyer in `buyer_country`.

    `valid_vat_id` is whether the business buyer's VAT ID has been validated. The listing
    engine shows what a business may expect and leaves it True; the checkout passes the real
    answer, so a missing or unverifiable ID fails closed: VAT is charged.
    """
    if not charges_vat:
        return SALES_TAX
    if not is_business:
        return INCLUDED if prices_include_tax else ADDED
    if warehouse_kind in (WarehouseKind.ORIGIN, WarehouseKind.BONDED):
        return IMPORT_VAT
    # Reverse charge needs the goods to move to another member state and a valid VAT ID.
    if reverse_charge_allowed and valid_vat_id and ships_from != buyer_country:
        return REVERSE_CHARGE
    return ADDED
