"""Which orders and payments regional ops see: those of buyers in their regions (the quote
keeps the region the buyer was quoted in)."""

from django.db import models

from marketplace.checkout.models import Order, Payment
from regions.core.models import Region


def orders_in(regions: models.QuerySet[Region]) -> models.QuerySet[Order]:
    return Order.objects.filter(quote__region__in=regions.values("code"))


def payments_in(regions: models.QuerySet[Region]) -> models.QuerySet[Payment]:
    return Payment.objects.filter(order__in=orders_in(regions).values("pk"))
