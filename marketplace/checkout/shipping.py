"""The checkout's shipping step as the buyer reads it: the quote's options grouped by the
warehouse they ship from, sorted fastest or cheapest first, each priced on one basis, with one
preselected and the delivery time split into dispatch (production and handling) and transit.

Plain functions over the quote's stored data (pricing._option's dicts), so the page, the API
and tests read the same decisions.

- Basis: consumers compare what they pay (the total with the taxes charged on the invoice);
  businesses compare the net total (taxes they recover or account for themselves are shown
  beside it, never added into some options and not others).
- Preselection: the cheapest option on that basis among those the chosen payment method can
  pay (the quote already dropped the options that cannot carry the order: goods-value caps,
  buyer type, countries served); a tie goes to the faster one. A choice the buyer already
  made stands.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django_countries import countries

from marketplace.localization.delivery import DeliveryTime, delivery_text, split_delivery
from regions.core.models import BuyerType

CHEAPEST = "cheapest"
FASTEST = "fastest"
SORTS = (CHEAPEST, FASTEST)
GROSS = "gross"  # consumers: the total with the taxes on the invoice
NET = "net"  # businesses: the total before taxes


@dataclass(frozen=True)
class ShippingChoice:
    option: dict  # the quote's option, as stored
    price: dict  # the option's total on the page's basis (a money dict)
    delivery: DeliveryTime
    delivery_text: str
    cheapest: bool = False
    fastest: bool = False

    @property
    def id(self) -> str:
        return self.option["id"]


@dataclass(frozen=True)
class ShippingGroup:
    warehouse: str  # its name, in the buyer's language
    warehouse_code: str
    ships_from: str  # country code
    ships_from_name: str  # the country's name in the active language
    ships_from_city: str
    choices: tuple[ShippingChoice, ...]


@dataclass(frozen=True)
class ShippingChoices:
    groups: tuple[ShippingGroup, ...]
    basis: str
    sort: str
    preselected: str  # an option id, "" when there is none

    @property
    def count(self) -> int:
        return sum(len(group.choices) for group in self.groups)


def basis_for(data: dict) -> str:
    return NET if data["market"]["buyer"] == BuyerType.BUSINESS else GROSS


def price_on_basis(option: dict, basis: str) -> dict:
    return option["net_total"] if basis == NET else option["total"]


def delivery_time(option: dict) -> DeliveryTime:
    """A stored option's delivery window split at the warehouse's door (the quote keeps the
    whole window and the transit)."""
    return split_delivery(option["delivery_days"], option.get("transit_days") or (0, 0))


def shipping_choices(data: dict, options: Iterable[dict], *, sort: str = CHEAPEST,
                     chosen: str | None = None) -> ShippingChoices:
    """`options` (those of `data`, the quote's, that the payment method can pay) grouped by
    warehouse and sorted by `sort`: within a group, and the groups by their best option."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    basis = basis_for(data)
    options = list(options)
    if not options:
        return ShippingChoices(groups=(), basis=basis, sort=sort, preselected="")
    amount = {o["id"]: Decimal(price_on_basis(o, basis)["amount"]) for o in options}
    times = {o["id"]: delivery_time(o) for o in options}
    lowest = min(amount.values())
    quickest = min(t.total[1] for t in times.values())

    def cheap_key(option: dict) -> tuple:
        return (amount[option["id"]], times[option["id"]].total, option["name"])

    def fast_key(option: dict) -> tuple:
        return (times[option["id"]].total[1], times[option["id"]].total[0],
                amount[option["id"]], option["name"])

    key = cheap_key if sort == CHEAPEST else fast_key
    by_warehouse: dict[str, list[dict]] = {}
    for option in sorted(options, key=key):
        by_warehouse.setdefault(option["id"].split(":", 1)[0], []).append(option)
    groups = tuple(
        ShippingGroup(
            warehouse=members[0]["warehouse"], warehouse_code=code,
            ships_from=members[0]["ships_from"],
            ships_from_name=str(countries.name(members[0]["ships_from"]))
            or members[0]["ships_from"],
            ships_from_city=members[0].get("ships_from_city", ""),
            choices=tuple(_choice(o, basis, times[o["id"]], amount[o["id"]] == lowest,
                                  times[o["id"]].total[1] == quickest) for o in members))
        for code, members in by_warehouse.items())
    ids = {o["id"] for o in options}
    preselected = chosen if chosen in ids else min(options, key=cheap_key)["id"]
    return ShippingChoices(groups=groups, basis=basis, sort=sort, preselected=preselected)


def _choice(option: dict, basis: str, delivery: DeliveryTime, cheapest: bool,
            fastest: bool) -> ShippingChoice:
    return ShippingChoice(option=option, price=price_on_basis(option, basis), delivery=delivery,
                          delivery_text=delivery_text(delivery), cheapest=cheapest,
                          fastest=fastest)


def payable_options(data: dict, payment_method: str) -> list[dict]:
    """The quote's options whose total `payment_method` can pay."""
    return [o for o in data["shipping_options"] if payment_method in o["payment_methods"]]

