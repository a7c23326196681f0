from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from regions.core.models import Country, Region


class RateKind(models.TextChoices):
    STANDARD = "standard", "Standard"
    REDUCED = "reduced", "Reduced"
    SUPER_REDUCED = "super_reduced", "Super-reduced"
    PARKING = "parking", "Parking"
    ZERO = "zero", "Zero"


class VatRate(models.Model):
    region_path = "country__region"

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="vat_rates")
    kind = models.CharField(max_length=15, choices=RateKind.choices)
    rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Percent, such as 19.00.",
    )
    applies_to = models.CharField(
        max_length=200, blank=True, help_text="What the rate covers, such as “food, books”."
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "kind", "-rate"]
        verbose_name = "VAT rate"

    def __str__(self) -> str:
        return f"{self.country.code} {self.get_kind_display().lower()} {self.rate} %"

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": "A rate cannot end before it starts."}, code="ends_before_start"
            )
        if self.kind == RateKind.STANDARD and self.country_id:
            self._refuse_overlapping_standard_rate()

    def _refuse_overlapping_standard_rate(self) -> None:
        # Two standard rates valid on the same day would make the price ambiguous.
        others = VatRate.objects.filter(country_id=self.country_id, kind=RateKind.STANDARD)
        if self.valid_from:
            others = others.exclude(valid_until__lt=self.valid_from)
        if self.valid_until:
            others = others.exclude(valid_from__gt=self.valid_until)
        clash = others.exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError(
                f"{self.country.code} already has a standard rate of {clash.rate} % for part of "
                "this period; end that one first.",
                code="overlapping_standard_rate",
            )


class TaxSystem(models.TextChoices):
    VAT = "vat", "VAT"
    SALES_TAX = "sales_tax", "Sales tax (computed per destination at checkout)"


class TaxPolicy(models.Model):
    """How prices relate to tax in a region. Inclusion, duties and Incoterm are separate choices."""

    region_path = "region"

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="tax_policy")
    tax_system = models.CharField(max_length=10, choices=TaxSystem.choices, default=TaxSystem.VAT)
    consumer_prices_include_tax = models.BooleanField(default=True)
    business_prices_include_tax = models.BooleanField(default=False)
    duties_included = models.BooleanField(
        default=False, help_text="Whether consumer prices already include import duties."
    )
    reverse_charge = models.BooleanField(
        default=False,
        help_text="B2B sales to a buyer with a valid VAT ID in another member state carry no "
        "VAT; the buyer accounts for it.",
    )
    reverse_charge_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="The legal note printed on the invoice when reverse charge applies.",
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tax policy"
        verbose_name_plural = "tax policies"

    def __str__(self) -> str:
        return f"Tax policy of {self.region.code}"

    def clean(self) -> None:
        if self.reverse_charge and not self.reverse_charge_note:
            raise ValidationError(
                {"reverse_charge_note": "Reverse charge needs the note printed on invoices."},
                code="no_reverse_charge_note",
            )
