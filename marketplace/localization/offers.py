"""The rules of a market's offers that the engine (what a listing's buyer may expect) and the
checkout (what an order gets) both apply: delivery windows, goods-value caps of shipping
options and payment-method limits. One place each, so the two never disagree."""

from decimal import Decimal

from moneyed import Money

from regions.payments.models import PaymentMethodCurrency
from regions.warehouses.models import ShippingOption


def delivery_days(option: ShippingOption, production: tuple[int, int] = (0, 0)
                  ) -> tuple[int, int]:
    """(fastest, slowest) days to delivery: production + the warehouse's handling + transit."""
    warehouse = option.warehouse
    return (production[0] + warehouse.handling_days_min + option.transit_days_min,
            production[1] + warehouse.handling_days_max + option.transit_days_max)


def goods_cap(option: ShippingOption) -> Money | None:
    """The goods value the option may carry at most (IOSS: EUR 150), in its own currency."""
    if option.max_goods_value is None:
        return None
    return Money(option.max_goods_value, option.cost_currency)


def within_cap(goods: Money, cap: Money | None) -> bool:
    """Whether goods worth `goods` (already in the cap's currency) may ship under `cap`."""
    return cap is None or goods <= cap


def can_pay(limits: PaymentMethodCurrency, amount: Decimal, *, or_more: bool = False) -> bool:
    """Whether a method with these limits pays `amount` (the checkout's total). With
    `or_more`, whether it pays some order of at least `amount` (a listing's smallest
    possible order: only the maximum can rule it out)."""
    if limits.max_amount is not None and amount > limits.max_amount:
        return False
    return or_more or limits.min_amount is None or amount >= limits.min_amount
