"""The shipping step: options grouped by warehouse, sorted cheapest or fastest first, one
basis for every total (gross for consumers, net for businesses), the cheapest preselected,
and the delivery time split into dispatch and transit in the buyer's language."""

from decimal import Decimal

from marketplace.checkout.models import Quote
from marketplace.checkout.shipping import (
    CHEAPEST,
    FASTEST,
    GROSS,
    NET,
    delivery_time,
    shipping_choices,
)
from marketplace.localization.delivery import DeliveryTime
from tests.marketplace.checkout.test_pages import BUYER, start_url


def _option(warehouse: str, code: str, *, net: str, total: str, days=(10, 15),
            transit=(3, 5)) -> dict:
    return {"id": f"{warehouse}:{code}", "name": code, "warehouse": warehouse.title(),
            "ships_from": "DE", "ships_from_city": "", "delivery_days": list(days),
            "transit_days": list(transit), "net_total": {"amount": net, "formatted": net},
            "total": {"amount": total, "formatted": total}, "payment_methods": ["sepa"]}


def _data(buyer: str) -> dict:
    return {"market": {"buyer": buyer}}


OPTIONS = [
    _option("venlo", "pallet", net="500.00", total="595.00", days=(12, 20), transit=(5, 10)),
    _option("duisburg", "express", net="450.00", total="535.50", days=(8, 10), transit=(1, 2)),
    _option("duisburg", "parcel", net="420.00", total="420.00", days=(10, 15)),
    _option("venlo", "parcel", net="430.00", total="511.70", days=(9, 12)),
]


def test_businesses_compare_net_totals_cheapest_first_grouped_by_warehouse():
    choices = shipping_choices(_data("business"), OPTIONS, sort=CHEAPEST)

    assert choices.basis == NET
    assert [g.warehouse_code for g in choices.groups] == ["duisburg", "venlo"]
    assert [[c.id for c in g.choices] for g in choices.groups] == [
        ["duisburg:parcel", "duisburg:express"], ["venlo:parcel", "venlo:pallet"]]
    assert [c.price["amount"] for g in choices.groups for c in g.choices] == [
        "420.00", "450.00", "430.00", "500.00"]
    assert choices.preselected == "duisburg:parcel"
    assert choices.count == 4


def test_consumers_compare_totals_with_tax_and_the_cheapest_of_those_is_preselected():
    choices = shipping_choices(_data("consumer"), OPTIONS, sort=CHEAPEST)

    assert choices.basis == GROSS
    # On the gross basis the untaxed Duisburg parcel (420.00) is still cheapest; Venlo's
    # parcel (511.70) comes before the express (535.50).
    assert [c.price["amount"] for g in choices.groups for c in g.choices] == [
        "420.00", "535.50", "511.70", "595.00"]
    assert choices.preselected == "duisburg:parcel"


def test_fastest_first_sorts_by_the_latest_delivery_day_and_flags_it():
    choices = shipping_choices(_data("business"), OPTIONS, sort=FASTEST)

    assert [[c.id for c in g.choices] for g in choices.groups] == [
        ["duisburg:express", "duisburg:parcel"], ["venlo:parcel", "venlo:pallet"]]
    flagged = {c.id: (c.cheapest, c.fastest) for g in choices.groups for c in g.choices}
    assert flagged == {"duisburg:express": (False, True), "duisburg:parcel": (True, False),
                       "venlo:parcel": (False, False), "venlo:pallet": (False, False)}
    # The preselection rule does not follow the sort: still the cheapest.
    assert choices.preselected == "duisburg:parcel"


def test_the_buyers_own_choice_stays_selected():
    choices = shipping_choices(_data("business"), OPTIONS, chosen="venlo:pallet")

    assert choices.preselected == "venlo:pallet"
    assert shipping_choices(_data("business"), OPTIONS, chosen="gone:x").preselected \
        == "duisburg:parcel"


def test_no_options_preselect_nothing():
    choices = shipping_choices(_data("consumer"), [])

    assert choices.groups == () and choices.preselected == ""


def test_a_stored_option_splits_at_the_warehouses_door():
    delivery = delivery_time(_option("duisburg", "parcel", net="1", total="1", days=(10, 15),
                                     transit=(3, 5)))

    assert delivery == DeliveryTime(dispatch=(7, 10), transit=(3, 5))
    assert delivery.total == (10, 15)


def _to_shipping(client, listing, *, vat_id="DE136695976", buyer="business"):
    response = client.post(start_url(listing, buyer=buyer), {
        "region": "eu", "country": "DE", "lang": "de", "buyer": buyer, "listing": listing.pk,
        f"quantity-{listing.pk}": "10", "vat_id": vat_id})
    assert response.status_code == 302, response.content.decode()[:2000]
    quote = Quote.objects.latest("created_at")
    values = dict(BUYER) if buyer == "business" else {
        k: v for k, v in BUYER.items() if k not in ("company_name", "vat_id")}
    assert client.post(f"/checkout/q/{quote.pk}/details/", values).status_code == 302
    client.post(f"/checkout/q/{quote.pk}/payment/", {"payment_method": "sepa-credit-transfer"})
    return quote


def test_the_german_shipping_page_groups_sorts_and_preselects(client, listing):
    quote = _to_shipping(client, listing)

    response = client.get(f"/checkout/q/{quote.pk}/shipping/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Alle Summen sind netto, vor Steuern" in html
    assert "EU-Lager, Duisburg" in html  # the warehouse's name in German (eu pack)
    assert "Versandland: Deutschland" in html
    checked = [o for o in quote.data["shipping_options"]
               if "sepa-credit-transfer" in o["payment_methods"]]
    cheapest = min(checked, key=lambda o: (Decimal(o["net_total"]["amount"]),
                                           o["delivery_days"]))
    assert f'value="{cheapest["id"]}" checked' in html
    assert html.count(" checked") == 1
    assert "Versand in" in html and "unterwegs" in html
    assert "delivery in" not in html


def test_an_unknown_sort_is_a_400_in_german_and_an_unknown_option_changes_nothing(client,
                                                                                   listing):
    quote = _to_shipping(client, listing)

    bad_sort = client.get(f"/checkout/q/{quote.pk}/shipping/?sort=%00price")
    bad_option = client.post(f"/checkout/q/{quote.pk}/shipping/",
                             {"shipping_option": "nowhere:x"})

    assert bad_sort.status_code == 400
    assert "Sortieren Sie die Optionen nach Preis oder nach Tempo." in bad_sort.content.decode()
    assert bad_option.status_code == 400
    assert "shipping_option" not in client.session[f"checkout:{quote.pk}"]


def test_the_quote_shows_the_products_key_attributes(client, listing):
    listing.attributes.create(name="Material", value="Edelstahl 18/10", position=0)
    listing.attributes.create(name="Volumen", value="5", unit="l", position=1)
    response = client.post(start_url(listing), {
        "region": "eu", "country": "DE", "lang": "de", "buyer": "business",
        "listing": listing.pk, f"quantity-{listing.pk}": "10"})
    quote = Quote.objects.latest("created_at")

    html = client.get(response["Location"]).content.decode()

    assert quote.data["lines"][0]["attributes"] == [
        {"name": "Material", "value": "Edelstahl 18/10", "unit": ""},
        {"name": "Volumen", "value": "5", "unit": "l"}]
    assert '<li dir="auto">Material: Edelstahl 18/10</li>' in html
    assert '<li dir="auto">Volumen: 5 l</li>' in html
