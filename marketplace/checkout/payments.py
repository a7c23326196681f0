"""The payment-provider interface. Checkout records the chosen method and a pending payment;
a real gateway (card acquirer, PSP for iDEAL or BLIK, a bank for L/C) plugs in as another
provider class named in settings.CHECKOUT_PAYMENT_PROVIDERS."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from marketplace.checkout.models import Payment, PaymentStatus


@dataclass(frozen=True)
class PaymentStart:
    status: str
    reference: str


class PaymentProvider(Protocol):
    code: str

    def start(self, *, order_number: str, method: str, settlement: str, amount: Decimal,
              currency: str) -> PaymentStart:
        """Open a payment for the order; must not charge twice for one order number."""
        ...


class ManualProvider:
    """Offline payment (bank transfer, trade terms, or a gateway not yet connected): the
    payment waits, pending, until ops record the money as received. The order number is the
    transfer reference."""

    code = "manual"

    def start(self, *, order_number: str, method: str, settlement: str, amount: Decimal,
              currency: str) -> PaymentStart:
        return PaymentStart(status=PaymentStatus.PENDING, reference=order_number)


def provider_for(settlement: str) -> PaymentProvider:
    """The provider configured for a settlement kind (card, instant, trade_terms, ...), else
    the default."""
    providers = settings.CHECKOUT_PAYMENT_PROVIDERS
    return import_string(providers.get(settlement, providers["default"]))()


def record_received(payments: QuerySet[Payment]) -> int:
    """Ops saw the money arrive: the pending offline (manual) payments among `payments` become
    paid. A conditional update, so two clicks (or two operators) record each payment once;
    returns how many changed."""
    return payments.filter(status=PaymentStatus.PENDING, provider=ManualProvider.code).update(
        status=PaymentStatus.PAID)
