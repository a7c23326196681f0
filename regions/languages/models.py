from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.core.config_version import ConfigManager
from regions.core.fields import LanguageTagField, require_same_region
from regions.core.models import Country, Region
from regions.core.subdivisions import validate_subdivision


class RegionLanguage(models.Model):
    """A language offered in a region, or in one country of it when `country` is set."""

    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="languages",
                               verbose_name=_("region"))
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
        help_text=_("Leave empty for a language offered across the whole region."),
        verbose_name=_("country"),
    )
    language = LanguageTagField(verbose_name=_("language"))
    is_default = models.BooleanField(
        default=False,
        help_text=_("The region's (or country's) default, used when a requested language is "
          "not offered."), verbose_name=_("default"),
    )
    default_in_subdivisions = models.JSONField(
        default=list,
        blank=True,
        help_text=_("ISO 3166-2 codes of the country's subdivisions where this language is the "
          "default instead of the country's (French in CA-QC). Needs a country."),
        verbose_name=_("default in subdivisions"),
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region language")
        verbose_name_plural = _("region languages")
        ordering = ["region", "country", "position", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "country", "language"], name="unique_language_per_country"
            ),
            models.UniqueConstraint(
                fields=["region", "language"],
                condition=models.Q(country__isnull=True),
                name="unique_language_per_region",
            ),
        ]

    def __str__(self) -> str:
        where = self.country.code if self.country_id else self.region.code
        return f"{self.language} in {where}"

    def clean(self) -> None:
        require_same_region(self, "country", self.region_id)
        self.default_in_subdivisions = self._clean_subdivisions()
        if self.is_default and self.region_id:
            others = RegionLanguage.objects.filter(
                region_id=self.region_id, country_id=self.country_id, is_default=True
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"is_default": "Another language is already the default here; untick it "
                     "first."},
                    code="second_default",
                )

    def _clean_subdivisions(self) -> list[str]:
        codes = self.default_in_subdivisions or []
        if not codes:
            return []
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ValidationError({"default_in_subdivisions": "Give a list of ISO 3166-2 codes, "
                                   "such as [\"CA-QC\"]."}, code="invalid")
        if not self.country_id:
            raise ValidationError({"default_in_subdivisions": "Only a language of one country "
                                   "can be the default in its subdivisions; choose the country."},
                                  code="subdivision_without_country")
        country = str(self.country.code)
        cleaned = sorted({validate_subdivision(code, country, field="default_in_subdivisions")
                          for code in codes})
        taken = {code: row.language for row in RegionLanguage.objects.filter(
                     country_id=self.country_id).exclude(pk=self.pk)
                 for code in row.default_in_subdivisions if code in cleaned}
        if taken:
            code, language = next(iter(sorted(taken.items())))
            raise ValidationError({"default_in_subdivisions": f"{language} is already the "
                                   f"default in {code}."}, code="second_default")
        return cleaned

