"""What each market demands: certificate types and the rules that require them.

The suppliers' records (certificates, responsible persons, reports) live in
marketplace/compliance: they point at the catalog, which this layer never imports."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

# Imported for its registration of the core categories and properties with the declarations.
from regions.compliance import taxonomy  # noqa: F401
from regions.compliance.identifiers import IdentifierFormat, format_errors
from regions.core import declarations
from regions.core.fields import require_same_region
from regions.core.models import Country, Region
from regions.core.pack_names import pack_name
from regions.core.validators import validate_regex


class CertificateType(models.Model):
    """A kind of proof a region demands, with the format of its identifier and its validity."""

    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="certificate_types")
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificate_types",
        help_text="For a national registration (WEEE in DE, LUCID); empty for the whole region.",
    )
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=150)
    legal_basis = models.CharField(
        max_length=200, blank=True, help_text="Such as “Directive 2012/19/EU”."
    )
    authority = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who issues or registers it: the manufacturer itself, a notified body, "
        "stiftung ear, ...",
    )
    identifier_label = models.CharField(max_length=100, blank=True)
    identifier_pattern = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_regex],
        help_text="Regular expression the whole identifier must match; empty accepts any text.",
    )
    identifier_example = models.CharField(max_length=100, blank=True)
    identifier_strip_prefixes = models.JSONField(
        default=list, blank=True,
        help_text="Labels removed from the start of a number before it is checked and stored, "
        "matched on their letters and digits (“WEEE-Reg.-Nr.” strips “weee reg nr:”).")
    identifier_case = models.CharField(
        max_length=10, blank=True, choices=[("", "As entered"), ("upper", "Upper case")],
        help_text="Upper case: numbers are stored in capitals.")
    identifier_format = models.CharField(
        max_length=100, blank=True,
        help_text="How the stored number is put together from the pattern's named parts, such "
        "as “{country} {number}”; empty keeps the number as entered (spacing collapsed).")
    expires = models.BooleanField(
        default=False, help_text="Whether a certificate of this type has an end date."
    )
    max_validity_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Longest validity allowed (PPE type-examination certificates: 5 years).",
    )
    retention_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How long the documents must be kept after last sale."
    )
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unique_certificate_type_code")
        ]

    def __str__(self) -> str:
        # In the reader's language (admin lists and filters, select boxes): the pack's catalogs
        # translate the English name it wrote.
        return pack_name(self.name)

    def clean(self) -> None:
        require_same_region(self, "country", self.region_id)
        if self.max_validity_days and not self.expires:
            raise ValidationError(
                {"max_validity_days": "Only a type that expires can have a maximum validity."},
                code="validity_without_expiry",
            )
        errors = {}
        prefixes = self.identifier_strip_prefixes
        if not (isinstance(prefixes, list) and all(isinstance(p, str) for p in prefixes)):
            errors["identifier_strip_prefixes"] = "Give a list of labels (text)."
        else:
            try:
                re.compile(self.identifier_pattern)
            except re.error:
                pass  # the field validator already reports the broken pattern
            else:
                errors.update(format_errors(self.identifier_format_spec, self.identifier_example))
        if errors:
            raise ValidationError(errors, code="identifier_format")

    @property
    def identifier_format_spec(self) -> IdentifierFormat:
        prefixes = self.identifier_strip_prefixes
        return IdentifierFormat(
            self.identifier_pattern,
            tuple(prefixes) if isinstance(prefixes, list) else (),
            self.identifier_case, self.identifier_format)

    def normalize_identifier(self, identifier: str) -> str:
        """The form a number of this type is stored in."""
        return self.identifier_format_spec.normalize(identifier)

    def identifier_problem(self, identifier: str) -> str | None:
        """Why `identifier` (normalised first) is refused: identifiers.MISMATCH, PLACEHOLDER or
        TOO_SHORT; None when it is a valid number of this type."""
        spec = self.identifier_format_spec
        return spec.problem(spec.normalize(identifier))

    def identifier_is_valid(self, identifier: str) -> bool:
        return self.identifier_problem(identifier) is None


class Severity(models.TextChoices):
    BLOCKER = "blocker", "Blocker: cannot be sold"
    WARNING = "warning", "Warning"
    INFO = "info", "Info"


class RuleBuyers(models.TextChoices):
    ALL = "all", "All buyers"
    CONSUMER = "consumer", "Consumers only"
    BUSINESS = "business", "Businesses only"


class ComplianceRule(models.Model):
    """Products of a category (or with a property) need a certificate type in a market."""

    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="compliance_rules")
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compliance_rules",
        help_text="Empty: the rule applies in every country of the region.",
    )
    code = models.SlugField(max_length=80)
    certificate_type = models.ForeignKey(
        CertificateType, on_delete=models.PROTECT, related_name="rules"
    )
    category = models.CharField(max_length=40, blank=True,
                                choices=declarations.category_choices)
    product_property = models.CharField(
        max_length=40, blank=True, choices=declarations.property_choices
    )
    buyers = models.CharField(max_length=10, choices=RuleBuyers.choices, default=RuleBuyers.ALL)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.BLOCKER)
    effective_from = models.DateField(null=True, blank=True)
    effective_until = models.DateField(null=True, blank=True)
    explanation = models.TextField(
        blank=True, help_text="Why the rule exists, in words a merchant understands."
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unique_compliance_rule_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.certificate_type}"

    def clean(self) -> None:
        if not (self.category or self.product_property):
            raise ValidationError(
                "Choose the category or the product property the rule applies to.",
                code="rule_without_target",
            )
        require_same_region(self, "country", self.region_id)
        require_same_region(self, "certificate_type", self.region_id)
        if self.effective_from and self.effective_until and (
            self.effective_until < self.effective_from
        ):
            raise ValidationError(
                {"effective_until": "The rule cannot end before it starts."},
                code="ends_before_start",
            )


class VerificationStatus(models.TextChoices):
    """Ops' verdict on a supplier's certificate (the rule check reads it as plain data)."""


    PENDING = "pending", "Pending verification"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
