"""What each market demands: certificate types and the rules that require them.

The suppliers' records (certificates, responsible persons, reports) live in
marketplace/compliance: they point at the catalog, which this layer never imports."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Imported for its registration of the core categories and properties with the declarations.
from regions.compliance import taxonomy  # noqa: F401
from regions.compliance.identifiers import IdentifierFormat, format_errors
from regions.core import declarations
from regions.core.config_version import ConfigManager
from regions.core.fields import require_same_region
from regions.core.models import Country, Region
from regions.core.pack_names import pack_name
from regions.core.validators import validate_regex


class CertificateType(models.Model):
    """A kind of proof a region demands, with the format of its identifier and its validity."""

    region_path = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="certificate_types",
                               verbose_name=_("region"))
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificate_types",
        help_text=_("For a national registration (WEEE in DE, LUCID); empty for the whole region."),
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=150)
    legal_basis = models.CharField(
        max_length=200, blank=True, help_text=_("Such as “Directive 2012/19/EU”."),
        verbose_name=_("legal basis")
    )
    authority = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who issues or registers it: the manufacturer itself, a notified body, "
          "stiftung ear, ..."), verbose_name=_("authority"),
    )
    identifier_label = models.CharField(max_length=100, blank=True,
                                        verbose_name=_("identifier label"))
    identifier_pattern = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_regex],
        help_text=_("Regular expression the whole identifier must match; empty accepts any text."),
        verbose_name=_("identifier pattern"),
    )
    identifier_example = models.CharField(max_length=100, blank=True,
                                          verbose_name=_("identifier example"))
    identifier_strip_prefixes = models.JSONField(
        default=list, blank=True,
        help_text=_("Labels removed from the start of a number before it is checked and stored, "
          "matched on their letters and digits (“WEEE-Reg.-Nr.” strips “weee reg nr:”)."),
        verbose_name=_("identifier strip prefixes"))
    identifier_case = models.CharField(
        max_length=10, blank=True, choices=[("", _("As entered")), ("upper", _("Upper case"))],
        help_text=_("Upper case: numbers are stored in capitals."),
        verbose_name=_("identifier case"))
    identifier_format = models.CharField(
        max_length=100, blank=True,
        help_text=_("How the stored number is put together from the pattern's named parts, such "
          "as “{country} {number}”; empty keeps the number as entered (spacing collapsed)."),
        verbose_name=_("identifier format"))
    expires = models.BooleanField(
        default=False, help_text=_("Whether a certificate of this type has an end date."),
        verbose_name=_("expires")
    )
    max_validity_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Longest validity allowed (PPE type-examination certificates: 5 years)."),
        verbose_name=_("max validity days"),
    )
    retention_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("How long the documents must be kept after last sale."),
        verbose_name=_("retention years")
    )
    acts = models.JSONField(
        default=dict, blank=True,
        help_text=_("Acts one document of this type can declare, code → name (an EU DoC lists "
          "RED, LVD, EMC, RoHS, ...): a certificate records which of them it covers, and a rule "
          "may ask for a certificate covering some of them."), verbose_name=_("acts"))
    act_includes = models.JSONField(
        default=dict, blank=True,
        help_text=_("Acts whose requirements another act of this type takes in, code → codes: a "
          "DoC listing it counts as listing them (RED Art. 3(1)(a)(b) takes in the LVD's safety "
          "objectives and the EMC requirements, and radio equipment is outside the EMC "
          "Directive, so a radio product's DoC names RED, not LVD or EMC)."),
        verbose_name=_("act includes"))
    sells_while_pending = models.BooleanField(
        default=False,
        help_text=_("A declaration the supplier issues under its own responsibility (an EU DoC): "
          "the listing may sell while our team checks the uploaded document, with a warning; a "
          "rejection blocks again. Off for documents a third party issues or a register holds, "
          "which count only once verified."), verbose_name=_("sells while pending"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    source = models.CharField(max_length=300, blank=True, verbose_name=_("source"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")
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
        if not acts_are_valid(self.acts):
            errors["acts"] = "Give the acts as a table of codes (lowercase letters, digits and " \
                "“-”) and names."
        elif not includes_are_valid(self.act_includes, self.acts):
            errors["act_includes"] = "Give a table of this type's act codes → lists of its " \
                "other act codes."
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


ACT_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def acts_are_valid(acts: object) -> bool:
    return isinstance(acts, dict) and all(
        isinstance(code, str) and ACT_CODE.fullmatch(code) and isinstance(name, str)
        and name.strip() for code, name in acts.items())


def includes_are_valid(includes: object, acts: dict) -> bool:
    return isinstance(includes, dict) and all(
        code in acts and isinstance(taken, list)
        and all(isinstance(t, str) and t in acts and t != code for t in taken)
        for code, taken in includes.items())


class Severity(models.TextChoices):
    BLOCKER = "blocker", _("Blocker: cannot be sold")
    WARNING = "warning", _("Warning")
    INFO = "info", _("Info")


class RuleBuyers(models.TextChoices):
    ALL = "all", _("All buyers")
    CONSUMER = "consumer", _("Consumers only")
    BUSINESS = "business", _("Businesses only")


class ComplianceRule(models.Model):
    """Products of some categories (or with some properties) need a certificate in a market:
    of `certificate_type` or any of `alternative_types`, covering the acts in `covers`.

    A listing falls under the rule when its category is one of `categories` or it has one of
    `product_properties` (either list may be empty, not both)."""

    region_path = "region"
    # Codes of open lists kept in JSON lists (checked by regions.E011).
    declared_code_lists = {"categories": "categories", "product_properties": "product_properties"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="compliance_rules",
                               verbose_name=_("region"))
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compliance_rules",
        help_text=_("Empty: the rule applies in every country of the region."),
        verbose_name=_("country"),
    )
    code = models.SlugField(max_length=80, verbose_name=_("code"))
    certificate_type = models.ForeignKey(
        CertificateType, on_delete=models.PROTECT, related_name="rules",
        verbose_name=_("certificate type")
    )
    alternative_types = models.ManyToManyField(
        CertificateType, blank=True, related_name="alternative_in_rules",
        help_text=_("Other certificate types that satisfy the rule as well (US radio: an FCC ID "
          "certification instead of an SDoC)."), verbose_name=_("alternative types"))
    covers = models.JSONField(
        default=list, blank=True,
        help_text=_("Acts the certificate must list, such as [\"red\"]: an EU DoC covering the "
          "Radio Equipment Directive. Each accepted type is asked for the covered acts it "
          "declares (a UK rule: the UKCA DoC lists the UK regulations, the CE DoC the EU acts)."),
        verbose_name=_("covers"))
    categories = models.JSONField(
        default=list, blank=True, help_text=_("Product category codes the rule applies to."),
        verbose_name=_("categories"))
    product_properties = models.JSONField(
        default=list, blank=True, help_text=_("Product property codes the rule applies to."),
        verbose_name=_("product properties"))
    buyers = models.CharField(max_length=10, choices=RuleBuyers.choices, default=RuleBuyers.ALL,
                              verbose_name=_("buyers"))
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.BLOCKER,
                                verbose_name=_("severity"))
    effective_from = models.DateField(null=True, blank=True, verbose_name=_("effective from"))
    effective_until = models.DateField(null=True, blank=True, verbose_name=_("effective until"))
    explanation = models.TextField(
        blank=True, help_text=_("Why the rule exists, in words a merchant understands."),
        verbose_name=_("explanation")
    )
    legal_basis = models.CharField(
        max_length=300, blank=True,
        help_text=_(
            "The provisions that demand it, such as “Directive 2014/53/EU Art. 10 and 17”."),
        verbose_name=_("legal basis"))
    source = models.CharField(
        max_length=300, blank=True, help_text=_("Where the legal basis was read."),
        verbose_name=_("source"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    objects = ConfigManager()  # bulk writes bump the configuration version
    history = HistoricalRecords(m2m_fields=[alternative_types])

    class Meta:
        verbose_name = _("compliance rule")
        verbose_name_plural = _("compliance rules")
        ordering = ["region", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unique_compliance_rule_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.certificate_type}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name, section in (("categories", "categories"),
                              ("product_properties", "product_properties")):
            value = getattr(self, name)
            if not (isinstance(value, list) and all(isinstance(c, str) for c in value)):
                errors[name] = "Give a list of codes."
                continue
            unknown = sorted(set(value) - declarations.codes(section))
            if unknown:
                errors[name] = (f"Unknown codes: {', '.join(unknown)}. Known: "
                                f"{', '.join(sorted(declarations.codes(section)))}.")
        if not errors and not (self.categories or self.product_properties):
            raise ValidationError(
                "Choose the categories or the product properties the rule applies to.",
                code="rule_without_target",
            )
        if not (isinstance(self.covers, list) and all(isinstance(c, str) for c in self.covers)):
            errors["covers"] = "Give a list of act codes."
        elif self.covers and self.certificate_type_id:
            problem = self._covers_problem()
            if problem:
                errors["covers"] = problem
        if errors:
            raise ValidationError(errors, code="rule_codes")
        require_same_region(self, "country", self.region_id)
        require_same_region(self, "certificate_type", self.region_id)
        if self.effective_from and self.effective_until and (
            self.effective_until < self.effective_from
        ):
            raise ValidationError(
                {"effective_until": "The rule cannot end before it starts."},
                code="ends_before_start",
            )

    def _covers_problem(self) -> str:
        """Why `covers` does not fit the accepted types: an act no accepted type declares, or
        an accepted type with acts that declares none of those covered (it would be asked for
        nothing). Alternatives are read once the rule is saved (the admin sets them after)."""
        pending = getattr(self, "pending_relations", {}).get("alternative_types")
        if pending is not None:  # a pack being loaded: the alternatives it names
            kinds = [self.certificate_type,
                     *(k for k in pending if k.pk != self.certificate_type_id)]
        else:
            kinds = self.accepted_types() if self.pk else [self.certificate_type]
        declared = {kind.code: set(kind.acts) if isinstance(kind.acts, dict) else set()
                    for kind in kinds}
        unknown = sorted(set(self.covers) - set().union(*declared.values()))
        if unknown:
            return (f"No accepted type declares the act {', '.join(unknown)} (their acts: "
                    f"{', '.join(sorted(set().union(*declared.values()))) or 'none'}).")
        silent = sorted(code for code, acts in declared.items()
                        if acts and acts.isdisjoint(self.covers))
        if silent:
            return (f"{', '.join(silent)} declares none of the covered acts; add its "
                    f"equivalent act to the list.")
        return ""

    def accepted_types(self) -> list[CertificateType]:
        """The certificate type and its alternatives (one query unless prefetched)."""
        return [self.certificate_type, *(
            kind for kind in self.alternative_types.all() if kind.pk != self.certificate_type_id)]


class VerificationStatus(models.TextChoices):
    """Ops' verdict on a supplier's certificate (the rule check reads it as plain data)."""


    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
