from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from regions.core.config_version import ConfigManager
from regions.core.fields import CurrencyField
from regions.core.models import Country, Region
from regions.core.pack_names import pack_name
from regions.core.validators import COUNTRY_FIELD_ERRORS, validate_country_code
from regions.warehouses.incoterms import SEA_ONLY, Incoterm


class WarehouseKind(models.TextChoices):
    LOCAL = "local", _("Local (overseas) warehouse: stock held in the market")
    BONDED = "bonded", _("Bonded warehouse: duty and VAT suspended until release")
    ORIGIN = "origin", _("Direct from origin: every order crosses the border")


class Warehouse(models.Model):
    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="warehouses",
                               verbose_name=_("region"))
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type of warehouse"), max_length=10,
                            choices=WarehouseKind.choices)
    location = CountryField(
        validators=[validate_country_code],
        error_messages=COUNTRY_FIELD_ERRORS,
        help_text=_("Country the goods ship from."), verbose_name=_("location"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    countries_served = models.ManyToManyField(Country, related_name="warehouses",
                                              verbose_name=_("countries served"))
    handling_days_min = models.PositiveSmallIntegerField(default=0,
                                                         verbose_name=_("handling days min"))
    handling_days_max = models.PositiveSmallIntegerField(default=0,
                                                         verbose_name=_("handling days max"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords(m2m_fields=[countries_served])

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unique_warehouse_code")
        ]

    def __str__(self) -> str:
        # In the reader's language (admin filters, select boxes), as certificate types are.
        return pack_name(self.name)

    def clean(self) -> None:
        check_day_range(self, "handling_days_min", "handling_days_max")


class TransportMode(models.TextChoices):
    EXPRESS = "express", _("Express courier")
    POSTAL = "postal", _("Postal")
    ROAD = "road", _("Road / parcel")
    RAIL = "rail", _("Rail")
    SEA = "sea", _("Sea")
    AIR = "air", _("Air freight")


class ShippingOption(models.Model):
    region_path = "warehouse__region"

    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.CASCADE, related_name="shipping_options",
        verbose_name=_("warehouse")
    )
    code = models.SlugField(max_length=50, verbose_name=_("code"))
    name = models.CharField(max_length=150, verbose_name=_("name"))
    mode = models.CharField(max_length=10, choices=TransportMode.choices, verbose_name=_("mode"))
    incoterm = models.CharField(max_length=3, choices=Incoterm.choices, verbose_name=_("incoterm"))
    transit_days_min = models.PositiveSmallIntegerField(verbose_name=_("transit days min"))
    transit_days_max = models.PositiveSmallIntegerField(verbose_name=_("transit days max"))
    cost_amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))],
        verbose_name=_("cost amount")
    )
    cost_currency = CurrencyField(verbose_name=_("cost currency"))
    max_goods_value = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The highest value of goods (before VAT and shipping, in the cost currency) "
          "this option may carry, e.g. 150.00 EUR for IOSS imports."),
        verbose_name=_("max goods value"),
    )
    business_buyers = models.BooleanField(_("B2B"), default=True,
                                          help_text=_("Offered to businesses."))
    consumer_buyers = models.BooleanField(_("B2C"), default=True,
                                          help_text=_("Offered to consumers."))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        ordering = ["warehouse", "transit_days_min", "name"]
        verbose_name = _("shipping option")
        verbose_name_plural = _("shipping options")
        constraints = [
            models.UniqueConstraint(
                fields=["warehouse", "code"], name="unique_shipping_option_code"
            )
        ]

    def __str__(self) -> str:
        return (f"{pack_name(self.name)} ({self.incoterm}, "
                f"{self.transit_days_min}–{self.transit_days_max} d)")

    def clean(self) -> None:
        check_day_range(self, "transit_days_min", "transit_days_max")
        if self.incoterm in SEA_ONLY and self.mode != TransportMode.SEA:
            raise ValidationError(
                {
                    "incoterm": f"{self.incoterm} is for sea and inland waterway transport only; "
                    "use FCA, CPT, CIP, DAP, DPU or DDP for other modes."
                },
                code="sea_only_incoterm",
            )
        if not (self.business_buyers or self.consumer_buyers):
            raise ValidationError(
                "Offer the option to businesses, consumers or both.", code="no_buyer_type"
            )


def check_day_range(instance: models.Model, low_field: str, high_field: str) -> None:
    low, high = getattr(instance, low_field), getattr(instance, high_field)
    if low is not None and high is not None and low > high:
        raise ValidationError(
            {low_field: f"The shortest time ({low} days) is longer than the longest "
             f"({high} days)."},
            code="days_min_above_max",
        )
