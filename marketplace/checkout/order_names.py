"""What an order's codes are called: its payment method and shipping option as their pack
names them, for people reading orders (ops in the admin) in their own language.

An order keeps codes (`sepa-credit-transfer`, `de-duisburg:parcel-business`) because its
snapshot, in the buyer's language, is what the buyer saw; the names here come from the pack's
current rows and are translated on reading (pack_name). A code the pack no longer has reads
as itself."""

from __future__ import annotations

from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from regions.core.pack_names import pack_name
from regions.payments.models import PaymentMethod
from regions.warehouses.models import ShippingOption


def with_pack_names(orders: QuerySet) -> QuerySet:
    """`orders` annotated with the English names of their payment method
    (`payment_method_name`) and shipping option (`shipping_option_name`), one query for a
    whole page of orders. The order's region is its quote's."""
    method = PaymentMethod.objects.filter(
        region__code=OuterRef("quote__region"), code=OuterRef("payment_method"))
    option = ShippingOption.objects.annotate(
        shown_id=Concat("warehouse__code", Value(":"), "code", output_field=CharField())
    ).filter(warehouse__region__code=OuterRef("quote__region"),
             shown_id=OuterRef("shipping_option"))
    return orders.annotate(
        payment_method_name=Subquery(method.values("name")[:1]),
        shipping_option_name=Subquery(option.values("name")[:1]))


def with_method_names(payments: QuerySet) -> QuerySet:
    """`payments` annotated with the English name of their method (`method_name`), one query
    for a whole page. The payment's region is its order's quote's."""
    method = PaymentMethod.objects.filter(
        region__code=OuterRef("order__quote__region"), code=OuterRef("method"))
    return payments.annotate(method_name=Subquery(method.values("name")[:1]))


def method_shown(payment) -> str:
    """A payment's method in the active language, else its code."""
    return name_shown(getattr(payment, "method_name", None), payment.method)


def payment_method_shown(order) -> str:
    """The order's payment method in the active language, else its code."""
    return name_shown(getattr(order, "payment_method_name", None), order.payment_method)


def shipping_option_shown(order) -> str:
    """The order's shipping option in the active language, else its code."""
    return name_shown(getattr(order, "shipping_option_name", None), order.shipping_option)


def name_shown(name: str | None, code: str) -> str:
    """A pack's English `name` in the active language; the `code` when there is no name."""
    return pack_name(name) if name else code


def payment_method_name(region: str, code: str) -> str:
    """The payment method `code` of `region` in the active language, else the code: for one
    row (an order's payments), where a subquery per page is not needed."""
    name = (PaymentMethod.objects.filter(region__code=region, code=code)
            .values_list("name", flat=True).first())
    return name_shown(name, code)
