"""Quotes, orders and payments. A quote keeps what it was asked and what it answered; an order
keeps a snapshot of everything the buyer saw, which configuration edits never reach."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Quote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("id"))
    region = models.CharField(max_length=20, verbose_name=_("region"))
    country = models.CharField(_("country"), max_length=2)
    subdivision = models.CharField(max_length=6, blank=True,
                                   help_text=_(
                                       "ISO 3166-2 of the delivery address, if tax needs it."),
                                   verbose_name=_("subdivision"))
    postal_code = models.CharField(
        max_length=12, blank=True,
        help_text=_("The delivery address's postal code, if local tax rates need it."),
        verbose_name=_("postal code"))
    language = models.CharField(_("language"), max_length=20)
    buyer_type = models.CharField(_("buyer type"), max_length=10)
    vat_id = models.CharField(_("buyer's VAT ID"), max_length=20, blank=True)
    vat_id_valid = models.BooleanField(default=False, verbose_name=_("VAT ID valid"))
    tax_exemption = models.CharField(max_length=60, blank=True,
                                     help_text=_("An exemption (resale) certificate's number."),
                                     verbose_name=_("tax exemption"))
    # What was asked: [{"listing": id, "quantity": n}], to price it again at order time.
    lines = models.JSONField(verbose_name=_("lines"))
    # What was answered (pricing.price_basket), exactly as the API returned it.
    data = models.JSONField(verbose_name=_("data"))
    priced_on = models.DateField(help_text=_("The day whose exchange rates and VAT rates apply."),
                                 verbose_name=_("priced on"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return f"Quote {self.pk} ({self.country}, {self.buyer_type})"

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    CANCELLED = "cancelled", _("Cancelled")


# Set once when the order is placed; save() refuses to change them afterwards.
FROZEN_FIELDS = frozenset({"quote", "idempotency_key", "request_hash", "snapshot", "buyer",
                           "payment_method", "shipping_option", "currency", "total", "number"})


class Order(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("id"))
    number = models.CharField(_("number"), max_length=30, unique=True)
    # One order per quote, and one per Idempotency-Key: the database, not a lookup, decides
    # which of two concurrent submissions wins (works on SQLite and PostgreSQL alike).
    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="order",
                                 verbose_name=_("quote"))
    idempotency_key = models.CharField(max_length=255, unique=True,
                                       verbose_name=_("idempotency key"))
    request_hash = models.CharField(max_length=64,
                                    help_text=_("SHA-256 of the request body the key came with."),
                                    verbose_name=_("request hash"))
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices,
                              default=OrderStatus.PLACED)
    payment_method = models.CharField(max_length=50, verbose_name=_("payment method"))
    shipping_option = models.CharField(max_length=110, verbose_name=_("shipping option"))
    currency = models.CharField(_("currency"), max_length=3)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    buyer = models.JSONField(help_text=_("The buyer's details, validated and normalized."),
                             verbose_name=_("buyer"))
    snapshot = models.JSONField(help_text=_("Everything the buyer saw, in their language."),
                                verbose_name=_("snapshot"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None
                                       or FROZEN_FIELDS & set(update_fields)):
            raise ValueError("An order's snapshot is immutable; save(update_fields=['status']) "
                             "changes its status only.")
        super().save(*args, **kwargs)


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


class Payment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments",
                              verbose_name=_("order"))
    provider = models.CharField(_("provider"), max_length=30)
    method = models.CharField(_("method"), max_length=50)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices,
                              default=PaymentStatus.PENDING)
    reference = models.CharField(_("reference"), max_length=100)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.method} {self.amount} {self.currency} ({self.status})"
