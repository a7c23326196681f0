"""Region and Country: the thin centre every concern app points at.

Each concern (languages, payments, compliance, warehouses, taxes) owns its tables in its own
app, so adding a concern never touches these models.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from regions.core.config_version import ConfigManager
from regions.core.fields import CurrencyField, LanguageTagField
from regions.core.validators import (
    COUNTRY_FIELD_ERRORS,
    validate_country_code,
    validate_region_code,
    validate_timezone,
)


class BuyerType(models.TextChoices):
    BUSINESS = "business", _("Business (B2B)")
    CONSUMER = "consumer", _("Consumer (B2C)")


class Region(models.Model):
    region_path = "pk"

    code = models.CharField(
        max_length=8,
        unique=True,
        validators=[validate_region_code],
        help_text=_("Lowercase code used in URLs and the API, such as “eu”."),
        verbose_name=_("code"),
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Country(models.Model):
    """A country and the region it sells in. The unique code keeps a country in one region."""

    region_path = "region"

    code = CountryField(
        unique=True,
        validators=[validate_country_code],
        error_messages={**COUNTRY_FIELD_ERRORS, "unique": "This country is in a region already."},
        verbose_name=_("code"),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="countries",
                               verbose_name=_("region"))
    currency = CurrencyField(verbose_name=_("currency"))
    default_language = LanguageTagField(verbose_name=_("default language"))
    timezone = models.CharField(
        max_length=64, validators=[validate_timezone],
        help_text=_("IANA, such as “Europe/Berlin”."),
        verbose_name=_("timezone")
    )

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("country")
        ordering = ["code"]
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.code.name} ({self.code})"

    def validate_unique(self, exclude=None) -> None:
        # Say which region already holds the country, not just that the code is taken.
        if exclude is None or "code" not in exclude:
            holder = (
                Country.objects.filter(code=self.code)
                .exclude(pk=self.pk)
                .select_related("region")
                .first()
            )
            if holder is not None:
                raise ValidationError(
                    {
                        "code": ValidationError(
                            "%(country)s already belongs to region “%(region)s”; a country "
                            "belongs to one region only.",
                            code="country_in_other_region",
                            params={"country": self.code, "region": holder.region.code},
                        )
                    }
                )
            exclude = {*(exclude or ()), "code"}
        super().validate_unique(exclude=exclude)


class RegionOperator(models.Model):
    """An ops user's membership of a region: they see and edit that region's configuration."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_memberships",
        verbose_name=_("user")
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="operators",
                               verbose_name=_("region"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region operator")
        verbose_name_plural = _("region operators")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="unique_region_operator")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.region.code}"


class PackLoad(models.Model):
    """One run of `load_region`: which pack data (and its as-of date) was applied, by whom."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="pack_loads",
                               verbose_name=_("region"))
    pack = models.CharField(max_length=100, help_text=_("The pack's app label."),
                            verbose_name=_("pack"))
    data_as_of = models.DateField(help_text=_("The date the pack's facts were checked."),
                                  verbose_name=_("data as of"))
    loaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("loaded at"))
    forced = models.BooleanField(default=False, verbose_name=_("forced"))
    summary = models.JSONField(default=dict, verbose_name=_("summary"))

    class Meta:
        verbose_name = _("pack load")
        verbose_name_plural = _("pack loads")
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"{self.pack} as of {self.data_as_of} (loaded {self.loaded_at:%Y-%m-%d %H:%M})"


class PackRecord(models.Model):
    """The values a pack last wrote to one row.

    Comparing the row now, this snapshot and the pack file tells an ops edit (row differs from
    the snapshot: keep it) from a pack update (row still equals the snapshot: apply it).
    """

    pack = models.CharField(max_length=100)
    model = models.CharField(max_length=100, help_text="app_label.model_name")
    natural_key = models.CharField(max_length=255)
    values = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "model", "natural_key"], name="unique_pack_record_per_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.natural_key}"


class ConfigurationVersion(models.Model):
    """One row, bumped by every write to a market's configuration (config_version.py): what
    tells each process that its cached market configuration is stale."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    counter = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32, help_text="New on every bump.")

    def __str__(self) -> str:
        return f"configuration version {self.counter}"
