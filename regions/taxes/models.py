from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.core.config_version import ConfigManager
from regions.core.fields import require_same_region
from regions.core.models import Country, Region
from regions.core.subdivisions import validate_subdivision
from regions.taxes.rates import percent_text
from regions.taxes.validators import validate_labels, validate_tax_code


class RateKind(models.TextChoices):
    STANDARD = "standard", _("Standard")
    REDUCED = "reduced", _("Reduced")
    SUPER_REDUCED = "super_reduced", _("Super-reduced")
    PARKING = "parking", _("Parking")
    ZERO = "zero", _("Zero")


class Tax(models.Model):
    """One tax of a region (VAT, GST, HST, QST, sales tax...) and what buyers call it."""

    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="taxes")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", help_text="Empty: every country of the region.")
    code = models.CharField(max_length=20, validators=[validate_tax_code],
                            help_text="Lowercase, such as “vat”, “gst” or “qst”.")
    name = models.CharField(max_length=60, help_text="The English label printed on invoices.")
    labels = models.JSONField(default=dict, blank=True, validators=[validate_labels],
                              help_text="Label per language tag, such as {\"fr\": \"TPS\"}.")
    replaces = models.CharField(
        max_length=20, blank=True,
        help_text="A national tax this one replaces where it has a rate for the buyer's "
        "subdivision (HST replaces GST).")
    source = models.CharField(max_length=300, blank=True)

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "code"]
        constraints = [models.UniqueConstraint(fields=["region", "country", "code"],
                                               name="unique_tax_code_per_country")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        require_same_region(self, "country", self.region_id)


class TaxRate(models.Model):
    """A rate of one tax in a country or one of its subdivisions (ISO 3166-2)."""

    region_path = "country__region"

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="tax_rates",
                                verbose_name=_("country"))
    subdivision = models.CharField(
        max_length=6, blank=True,
        help_text=_("ISO 3166-2, such as “CA-QC”; empty for the whole country."),
        verbose_name=_("subdivision"))
    tax = models.CharField(max_length=20, default="vat", validators=[validate_tax_code],
                           help_text=_("The code of one of the region's taxes."),
                           verbose_name=_("tax"))
    kind = models.CharField(max_length=15, choices=RateKind.choices, verbose_name=_("kind"))
    rate = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Percent, such as 19.00 or 9.975."), verbose_name=_("rate"),
    )
    applies_to = models.CharField(
        max_length=200, blank=True, help_text=_("What the rate covers, such as “food, books”."),
        verbose_name=_("applies to")
    )
    valid_from = models.DateField(null=True, blank=True, verbose_name=_("valid from"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("valid until"))
    source = models.CharField(max_length=300, blank=True, verbose_name=_("source"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        ordering = ["country", "subdivision", "tax", "kind", "-rate"]

    def __str__(self) -> str:
        where = self.subdivision or self.country.code
        return f"{where} {self.tax} {self.get_kind_display().lower()} {self.rate} %"

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": "A rate cannot end before it starts."}, code="ends_before_start"
            )
        if self.subdivision and self.country_id:
            validate_subdivision(self.subdivision, str(self.country.code), field="subdivision")
        if self.kind == RateKind.STANDARD and self.country_id:
            self._refuse_overlapping_standard_rate()

    def _refuse_overlapping_standard_rate(self) -> None:
        # Two standard rates valid on the same day would make the price ambiguous.
        others = TaxRate.objects.filter(country_id=self.country_id, kind=RateKind.STANDARD,
                                        subdivision=self.subdivision, tax=self.tax)
        if self.valid_from:
            others = others.exclude(valid_until__lt=self.valid_from)
        if self.valid_until:
            others = others.exclude(valid_from__gt=self.valid_until)
        clash = others.exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError(
                f"{self.subdivision or self.country.code} already has a standard {self.tax} rate "
                f"of {percent_text(clash.rate)} % for part of "
                "this period; end that one first.",
                code="overlapping_standard_rate",
            )


class TaxClass(models.Model):
    """Which rate kind a product category pays (Japan: food at the reduced 8 %). Categories
    without a class pay the standard rate."""

    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="tax_classes")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", help_text="Empty: every country of the region.")
    category = models.CharField(max_length=40, help_text="A product category code.")
    kind = models.CharField(max_length=15, choices=RateKind.choices)

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "category"]
        verbose_name_plural = "tax classes"
        constraints = [models.UniqueConstraint(fields=["region", "country", "category"],
                                               name="unique_tax_class_per_category")]

    def __str__(self) -> str:
        return f"{self.category}: {self.kind}"

    def clean(self) -> None:
        require_same_region(self, "country", self.region_id)


class TaxSystem(models.TextChoices):
    VAT = "vat", _("VAT")
    SALES_TAX = "sales_tax", _("Sales tax (computed per destination at checkout)")


class TaxPolicy(models.Model):
    """How prices relate to tax in a region. Inclusion, duties and Incoterm are separate choices."""

    region_path = "region"

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="tax_policy",
                                  verbose_name=_("region"))
    tax_system = models.CharField(max_length=10, choices=TaxSystem.choices, default=TaxSystem.VAT,
                                  verbose_name=_("tax system"))
    consumer_prices_include_tax = models.BooleanField(default=True,
                                                      verbose_name=_("consumer prices include tax"))
    business_prices_include_tax = models.BooleanField(default=False,
                                                      verbose_name=_("business prices include tax"))
    duties_included = models.BooleanField(
        default=False, help_text=_("Whether consumer prices already include import duties."),
        verbose_name=_("duties included")
    )
    reverse_charge = models.BooleanField(
        default=False,
        help_text=_("B2B sales to a buyer with a valid VAT ID in another member state carry no "
          "VAT; the buyer accounts for it."), verbose_name=_("reverse charge"),
    )
    reverse_charge_note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The legal note printed on the invoice when reverse charge applies."),
        verbose_name=_("reverse charge note"),
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tax policy")
        verbose_name_plural = _("tax policies")

    def __str__(self) -> str:
        return f"Tax policy of {self.region.code}"

    def clean(self) -> None:
        if self.reverse_charge and not self.reverse_charge_note:
            raise ValidationError(
                {"reverse_charge_note": "Reverse charge needs the note printed on invoices."},
                code="no_reverse_charge_note",
            )
