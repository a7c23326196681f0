from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from regions.core.fields import LanguageTagField, require_same_region
from regions.core.models import Country, Region


class RegionLanguage(models.Model):
    """A language offered in a region, or in one country of it when `country` is set."""

    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="languages")
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
        help_text="Leave empty for a language offered across the whole region.",
    )
    language = LanguageTagField()
    is_default = models.BooleanField(
        default=False,
        help_text="The region's (or country's) default, used when a requested language is "
        "not offered.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
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
