"""Delivery time as buyers read it: days until the goods leave the warehouse (production of
the slowest line + the warehouse's handling) and days in transit, said apart ("Ships in 7 to
10 days, then 3 to 5 days in transit") instead of one window that hides a production lead time
inside "delivery". The checkout's shipping step and the merchant preview both say it so."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class DeliveryTime:
    """Days until the goods leave the warehouse (production + handling) and days in transit."""

    dispatch: tuple[int, int]
    transit: tuple[int, int]

    @property
    def total(self) -> tuple[int, int]:
        return (self.dispatch[0] + self.transit[0], self.dispatch[1] + self.transit[1])


def split_delivery(delivery_days: Sequence[int], transit_days: Sequence[int]) -> DeliveryTime:
    """The whole window (production + handling + transit) split at the warehouse's door."""
    low, high = delivery_days
    transit = (transit_days[0], transit_days[1])
    return DeliveryTime(dispatch=(max(low - transit[0], 0), max(high - transit[1], 0)),
                        transit=transit)


def day_range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def delivery_text(delivery: DeliveryTime) -> str:
    """“Ships in 7 to 10 days, then 3 to 5 days in transit” (written with an en dash) in the
    active language, CLDR plural rules through ngettext on the upper bound; only the transit
    when it ships at once, only the dispatch when the buyer collects."""
    transit_high = delivery.transit[1]
    transit = day_range(*delivery.transit)
    if delivery.dispatch[1] == 0:
        return ngettext("Delivered in %(days)s day", "Delivered in %(days)s days",
                        transit_high) % {"days": transit}
    ships = ngettext("Ships in %(days)s day", "Ships in %(days)s days",
                     delivery.dispatch[1]) % {"days": day_range(*delivery.dispatch)}
    if transit_high == 0:
        return ships  # collected at the warehouse: no transit of ours
    then = ngettext("then %(days)s day in transit", "then %(days)s days in transit",
                    transit_high) % {"days": transit}
    # Languages join the two halves with their own punctuation (Chinese ，, Arabic ،).
    return _("%(ships)s, %(then)s") % {"ships": ships, "then": then}
