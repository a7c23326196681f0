"""A listing form opened before another tab stored a price tier: its new row with the same
starting quantity is refused with the reason (400), not a unique-constraint 500."""

from decimal import Decimal

from marketplace.catalog.models import PriceTier
from tests.marketplace.workspace.test_permissions import listing_post


def test_a_tier_stored_meanwhile_with_the_same_quantity_is_refused(signed_in, listing):
    before = list(PriceTier.objects.filter(listing=listing).values_list(
        "min_quantity", "unit_price"))

    response = signed_in.post(f"/portal/workspace/en/listings/{listing.pk}/", listing_post(
        source_language="zh-Hans", source_currency="CNY", **{"tiers-0-min_quantity": "10"}))

    assert response.status_code == 400
    assert response.context["tiers"].non_form_errors() == [
        "Each price tier needs its own starting quantity."]
    assert list(PriceTier.objects.filter(listing=listing).values_list(
        "min_quantity", "unit_price")) == before == [(1, Decimal("9600.0000")),
                                                     (10, Decimal("8800.0000"))]
