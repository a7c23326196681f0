from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.core import declarations
from regions.core.config_version import ConfigManager
from regions.core.fields import CurrencyField, require_same_region
from regions.core.models import Country, Region
from regions.core.pack_names import pack_name


class SettlementKind(models.TextChoices):
    INSTANT = "instant", _("Instant bank payment")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    DIRECT_DEBIT = "direct_debit", _("Direct debit")
    CARD = "card", _("Card")
    WALLET = "wallet", _("Wallet")
    VOUCHER = "voucher", _("Voucher (pay at a bank or ATM)")
    PAY_LATER = "pay_later", _("Buy now, pay later")
    TRADE_TERMS = "trade_terms", _("Trade terms (T/T, L/C)")


# Packs add their own kinds ([[settlement_kinds]]), so the field takes the merged list.
declarations.register_core("settlement_kinds", SettlementKind.choices)


class PaymentMethod(models.Model):
    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="payment_methods",
                               verbose_name=_("region"))
    code = models.SlugField(max_length=50, help_text=_("Stable code, such as “blik”."),
                            verbose_name=_("code"))
    name = models.CharField(max_length=100, verbose_name=_("name"))
    settlement = models.CharField(max_length=20, choices=declarations.settlement_choices,
                                  verbose_name=_("settlement"))
    countries = models.ManyToManyField(
        Country, related_name="payment_methods", help_text=_("Countries where buyers can use it."),
        verbose_name=_("countries")
    )
    business_buyers = models.BooleanField(_("B2B"), default=True,
                                          help_text=_("Offered to businesses."))
    consumer_buyers = models.BooleanField(_("B2C"), default=True,
                                          help_text=_("Offered to consumers."))
    chargeback = models.BooleanField(
        default=False, help_text=_("Whether the payer can reverse a completed payment."),
        verbose_name=_("chargeback")
    )
    terms = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "Trade terms shown to the buyer, such as “30 % deposit, 70 % before shipment”."),
        verbose_name=_("terms"),
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    source = models.CharField(max_length=300, blank=True,
                              help_text=_("Where the limits come from."),
                              verbose_name=_("source"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        verbose_name = _("payment method")
        verbose_name_plural = _("payment methods")
        ordering = ["region", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unique_payment_method_code")
        ]

    def __str__(self) -> str:
        # In the reader's language (admin lists and filters), as warehouses are.
        return pack_name(self.name)

    def clean(self) -> None:
        if not (self.business_buyers or self.consumer_buyers):
            raise ValidationError(
                "Offer the method to businesses, consumers or both.", code="no_buyer_type"
            )
        if self.settlement == SettlementKind.TRADE_TERMS and not self.terms:
            raise ValidationError(
                {"terms": "Trade terms need the terms the buyer agrees to."}, code="no_terms"
            )


class PaymentMethodCurrency(models.Model):
    """A currency the method takes, with its per-transaction limits (per country if they vary)."""

    region_path = "method__region"

    method = models.ForeignKey(PaymentMethod, on_delete=models.CASCADE, related_name="currencies",
                               verbose_name=_("method"))
    currency = CurrencyField(verbose_name=_("currency"))
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Only when the limits differ by country (Klarna: NL €14,000, DE €10,000)."),
        verbose_name=_("country"),
    )
    min_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))], verbose_name=_("min amount"),
    )
    max_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))], verbose_name=_("max amount"),
    )

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("currency and limits")
        verbose_name_plural = _("currencies and limits")
        ordering = ["currency", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "currency", "country"], name="unique_method_currency_country"
            ),
            models.UniqueConstraint(
                fields=["method", "currency"],
                condition=models.Q(country__isnull=True),
                name="unique_method_currency_all_countries",
            ),
            models.CheckConstraint(
                condition=models.Q(min_amount__isnull=True)
                | models.Q(max_amount__isnull=True)
                | models.Q(min_amount__lte=models.F("max_amount")),
                name="payment_min_not_above_max",
                violation_error_message="The minimum amount is above the maximum amount.",
            ),
        ]

    def __str__(self) -> str:
        low = self.min_amount if self.min_amount is not None else "0"
        high = self.max_amount if self.max_amount is not None else "∞"
        where = f" in {self.country.code}" if self.country_id else ""
        return f"{self.currency} {low}–{high}{where}"

    def clean(self) -> None:
        if (
            self.min_amount is not None
            and self.max_amount is not None
            and self.min_amount > self.max_amount
        ):
            raise ValidationError(
                {
                    "min_amount": f"The minimum ({self.min_amount}) is above the maximum "
                    f"({self.max_amount})."
                },
                code="min_above_max",
            )
        if self.method_id:
            require_same_region(self, "country", self.method.region_id)
