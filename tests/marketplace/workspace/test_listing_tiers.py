"""Price tiers in the workspace's listing form: a form opened before another tab stored a tier
refuses a new row with the same starting quantity with the reason (400), not a
unique-constraint 500; stored prices show the places they use, not the column's four."""

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


def test_a_stored_price_is_shown_with_the_places_it_uses(signed_in, listing):
    PriceTier.objects.create(listing=listing, min_quantity=100, unit_price=Decimal("0.0050"))

    response = signed_in.get(f"/portal/workspace/en/listings/{listing.pk}/")

    shown = [form["unit_price"].value() for form in response.context["tiers"].initial_forms]
    assert [str(price) for price in shown] == ["9600.00", "8800.00", "0.005"]
