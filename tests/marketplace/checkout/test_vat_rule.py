"""The VAT rule (marketplace.localization.vat) as a table: the engine and the checkout both
call it; the checkout passes whether the buyer's VAT ID was validated."""

import pytest

from marketplace.localization.vat import vat_treatment

EU = {"charges_vat": True, "reverse_charge_allowed": True}
UK = {"charges_vat": True, "reverse_charge_allowed": False}
US = {"charges_vat": False, "reverse_charge_allowed": False}


@pytest.mark.parametrize(("policy", "business", "kind", "ships_from", "buyer", "valid", "rule"), [
    (EU, False, "local", "DE", "DE", False, "included"),
    (EU, True, "local", "DE", "DE", True, "added"),            # same member state
    (EU, True, "local", "DE", "FR", True, "reverse_charge"),   # crosses a border, valid ID
    (EU, True, "local", "DE", "FR", False, "added"),           # no validated ID: fail closed
    (EU, True, "origin", "CN", "FR", True, "import_vat"),
    (EU, True, "bonded", "NL", "DE", True, "import_vat"),
    (UK, True, "local", "GB", "GB", True, "added"),
    (UK, False, "local", "GB", "GB", False, "included"),
    (US, True, "local", "US", "US", True, "sales_tax"),
    (US, False, "origin", "CN", "US", False, "sales_tax"),
])
def test_vat_treatment(policy, business, kind, ships_from, buyer, valid, rule):
    assert vat_treatment(**policy, prices_include_tax=not business and policy["charges_vat"],
                         is_business=business, warehouse_kind=kind, ships_from=ships_from,
                         buyer_country=buyer, valid_vat_id=valid) == rule
