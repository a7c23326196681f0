"""Suppliers' compliance records: certificates on record, responsible persons, stored
reports and check jobs. They point at the catalog (suppliers, listings), so they live here, above
the regional configuration (regions.compliance: certificate types, rules, the pure check).

The tables were created by the app `regions_compliance` and keep their names (`db_table`): the
models moved, the rows did not (see migrations/0001_initial.py)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from regions.compliance import identifiers, representatives
from regions.compliance.documents import (
    document_upload_to,
    private_storage,
    validate_document,
)
from regions.compliance.models import CertificateType, VerificationStatus
from regions.core import declarations
from regions.core.models import Region
from regions.core.pack_names import pack_name
from regions.core.validators import COUNTRY_FIELD_ERRORS

OLD_APP = "regions_compliance"  # the label these tables were created under


class HistoricalRecordsKeepingTables(HistoricalRecords):
    """simple_history's records, with a fixed table name for the history of an m2m field too
    (HistoricalRecords has `table_name` for the model's own history only)."""

    def __init__(self, *args, m2m_table_names: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.m2m_table_names = m2m_table_names or {}

    def get_meta_options_m2m(self, through_model) -> dict:
        options = super().get_meta_options_m2m(through_model)
        model = through_model._meta.auto_created  # the model whose m2m field made it
        for field in model._meta.many_to_many:
            if field.remote_field.through is through_model and \
                    field.name in self.m2m_table_names:
                options["db_table"] = self.m2m_table_names[field.name]
        return options


def invalid_identifier_error(kind: CertificateType, problem: str) -> ValidationError:
    """The refusal of a number of type `kind`, with the format it expects: the pack's example
    where it gives one, else what free text must be."""
    label = kind.identifier_label or kind.name
    if kind.identifier_example:
        message = _("This is not a valid %(label)s; expected the format such as “%(example)s”.")
    elif problem == identifiers.MISMATCH:
        message = _("This is not a valid %(label)s.")
    else:
        message = _("This is not a valid %(label)s: give it as it appears on the document, "
                    "with at least %(minimum)s letters or digits, not a placeholder such as "
                    "“n/a”.")
    return ValidationError(message, code="invalid_identifier", params={
        "label": label, "example": kind.identifier_example,
        "minimum": identifiers.MIN_FREE_TEXT_CHARACTERS})


class Certificate(models.Model):
    """A supplier's proof of one certificate type: what the compliance summary checks."""

    region_path = "certificate_type__region"

    supplier = models.ForeignKey(
        "catalog.Supplier", on_delete=models.CASCADE, related_name="certificates",
        verbose_name=_("supplier"),
    )
    certificate_type = models.ForeignKey(
        CertificateType, on_delete=models.PROTECT, related_name="certificates",
        verbose_name=_("certificate type"),
    )
    number = models.CharField(_("number or identifier"), max_length=100)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    listings = models.ManyToManyField(
        "catalog.Listing",
        blank=True,
        related_name="certificates",
        verbose_name=_("listings"),
        help_text=_("The listings it covers; empty covers all of the supplier's listings."),
        db_table=f"{OLD_APP}_certificate_listings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    categories = models.JSONField(
        _("categories"), default=list, blank=True,
        help_text=_("Product categories it covers (codes); with listings, it covers both. "
                    "Neither: all of the supplier's listings."))
    acts = models.JSONField(
        _("acts"), default=list, blank=True,
        help_text=_("The acts the document lists (codes of its type's acts): an EU DoC names "
                    "every CE act it declares conformity with."))
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The document itself: private storage, random name; the uploader's name is kept only to
    # name the download.
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_upload_to,
                            blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_content_type = models.CharField(_("file type"), max_length=50, blank=True,
                                         editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecordsKeepingTables(
        m2m_fields=[listings], table_name=f"{OLD_APP}_historicalcertificate",
        m2m_table_names={"listings": f"{OLD_APP}_historicalcertificate_listings"})

    class Meta:
        db_table = f"{OLD_APP}_certificate"
        ordering = ["supplier", "certificate_type"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.certificate_type}: {self.number}"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        kind = self.certificate_type if self.certificate_type_id else None
        if kind is not None and self.number:
            # Stored normalised (spacing, case, label), as the VAT IDs are: every path that
            # saves a certificate (admin, portal, workspace, demo) calls clean.
            self.number = kind.normalize_identifier(self.number)
            problem = kind.identifier_problem(self.number)
            if problem is not None:
                errors["number"] = invalid_identifier_error(kind, problem)
            elif kind.code in declarations.representative_types():
                # A responsible person written as a certificate: the address must satisfy the
                # rule a ResponsiblePerson does (established where the pack says).
                problem = representatives.address_problem(kind.code, self.number)
                if problem is not None:
                    errors["number"] = problem
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = ValidationError(
                _("The validity cannot end before it starts."), code="ends_before_start")
        elif kind is not None and kind.expires and not self.valid_until:
            errors["valid_until"] = ValidationError(
                _("A %(type)s expires; give its end date."), code="end_date_required",
                params={"type": kind.name})
        elif (kind is not None and kind.max_validity_days and self.valid_until
              and (self.valid_from is None
                   or (self.valid_until - self.valid_from).days > kind.max_validity_days)):
            # Without a start date the length cannot be checked, so a capped type needs one.
            errors["valid_until" if self.valid_from else "valid_from"] = ValidationError(
                _("A %(type)s is valid for at most %(days)s days from its start date."),
                code="validity_too_long", params={"type": kind.name,
                                                  "days": kind.max_validity_days})
        unknown = self._unknown_categories()
        if unknown:
            errors["categories"] = ValidationError(
                _("Unknown categories: %(unknown)s. Use: %(known)s."), code="unknown_category",
                params={"unknown": ", ".join(unknown),
                        "known": ", ".join(sorted(declarations.codes("categories")))})
        unlisted = self._unknown_acts(kind)
        if unlisted:
            errors["acts"] = ValidationError(
                _("A %(type)s cannot list %(unknown)s; it may list: %(known)s."),
                code="unknown_act",
                params={"type": pack_name(kind.name) if kind else "",
                        "unknown": ", ".join(unlisted),
                        "known": ", ".join(sorted((kind.acts or {}) if kind else ())) or "-"})
        if self.status == VerificationStatus.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = ValidationError(
                _("Say why the certificate was rejected."), code="reason_required")
        if self.file and not self.file._committed:
            self._validate_new_file(errors)
        if errors:
            raise ValidationError(errors)

    def _unknown_categories(self) -> list[str]:
        if not isinstance(self.categories, list):
            return [str(self.categories)]
        known = declarations.codes("categories")
        return [str(c) for c in self.categories if c not in known]

    def _unknown_acts(self, kind: CertificateType | None) -> list[str]:
        if not isinstance(self.acts, list):
            return [str(self.acts)]
        declared = kind.acts if kind is not None and isinstance(kind.acts, dict) else {}
        return [str(code) for code in self.acts if code not in declared]

    def _validate_new_file(self, errors: dict) -> None:
        try:
            self.file_content_type = validate_document(self.file.file)
        except ValidationError as error:
            errors["file"] = error
            return
        self.file_name = os.path.basename(self.file.name or "")[:200]

    def covers(self, listing) -> bool:
        """Whether the certificate's scope includes the listing (no scope: all listings of
        the supplier). Reads the prefetched `scope_listing_ids` when there is one."""
        if listing.supplier_id != self.supplier_id:
            return False
        listing_ids = getattr(self, "scope_listing_ids", None)
        if listing_ids is None:
            listing_ids = set(self.listings.values_list("pk", flat=True))
        if not listing_ids and not self.categories:
            return True
        return listing.pk in listing_ids or listing.category in self.categories


class ResponsiblePerson(models.Model):
    """The economic operator established in a region who answers for a supplier's products
    there (GPSR Art. 4 in the EU: manufacturer, importer, authorised representative or
    fulfilment service provider). One per supplier and region."""

    region_path = "region"

    supplier = models.ForeignKey("catalog.Supplier", on_delete=models.CASCADE,
                                 related_name="responsible_persons", verbose_name=_("supplier"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE,
                               related_name="responsible_persons", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    # Any country the region's pack declares for its representative (the EU: the 27 member
    # states, though the eu pack sells to fewer), not only the region's sales countries.
    country = CountryField(_("country"), error_messages=COUNTRY_FIELD_ERRORS,
                           help_text=_("Where it is established, as the region's pack allows."))
    email = models.EmailField(_("email"))
    # The role the law gives it (GPSR: manufacturer, importer, authorised representative or
    # fulfilment service provider); which roles a region allows is its pack's declaration.
    role = models.CharField(_("role"), max_length=40, blank=True,
                            choices=declarations.role_choices,
                            help_text=_("Required where the region's law names roles."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(table_name=f"{OLD_APP}_historicalresponsibleperson")

    class Meta:
        db_table = f"{OLD_APP}_responsibleperson"
        ordering = ["supplier", "region"]
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "region"],
                                    name="one_responsible_person_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"

    def clean(self) -> None:
        if not self.region_id:
            return
        # The same rule as a certificate standing for one (Certificate.clean): the pack's
        # declaration of where the representative must be established.
        errors, self.postal_code = representatives.person_errors(
            self.region.code, str(self.country.code or ""), self.postal_code, self.role)
        if errors:
            raise ValidationError(errors)


class ComplianceReport(models.Model):
    """The rule check (and AI review) of one listing in one region, as stored history.

    A new row is written only when the findings change; a re-check with the same outcome
    moves `checked_at` of the latest row. Findings carry the country and buyer type they
    apply to, so one report per region answers every market of it (see gate.py)."""

    region_path = "region"

    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE,
                                related_name="compliance_reports", verbose_name=_("listing"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE,
                               related_name="compliance_reports", verbose_name=_("region"))
    is_latest = models.BooleanField(_("latest"), default=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64,
                                   help_text=_("Digest of the findings."))
    requirements = models.JSONField(_("requirements"), default=list)
    findings = models.JSONField(_("findings"), default=list)
    blockers = models.PositiveIntegerField(_("blockers"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    # " code1 code2 " for filtering by finding code on any database (JSON containment is not
    # available on SQLite).
    finding_codes = models.CharField(max_length=1000, blank=True, editable=False,
                                     verbose_name=_("finding codes"))
    ai_status = models.CharField(_("AI review"), max_length=12, blank=True,
                                 help_text=_("completed, skipped, failed or not_run."))
    ai_message = models.TextField(_("AI message"), blank=True)
    trigger = models.CharField(_("checked by"), max_length=20, blank=True,
                               help_text=_("What asked for the check: api, command, beat, "
                                           "admin."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        db_table = f"{OLD_APP}_compliancereport"
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("compliance report")
        verbose_name_plural = _("compliance reports")
        indexes = [models.Index(fields=["listing", "region", "is_latest"],
                                name="compliancereport_latest_idx")]
        constraints = [
            models.UniqueConstraint(fields=["listing", "region"],
                                    condition=models.Q(is_latest=True),
                                    name="one_latest_report_per_listing_region"),
        ]

    def __str__(self) -> str:
        return f"Compliance of listing {self.listing_id} in {self.region.code}"

    @property
    def codes(self) -> list[str]:
        return sorted({finding["code"] for finding in self.findings})


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ComplianceCheckJob(models.Model):
    """A requested check of one listing in one region, run by a Celery worker."""

    region_path = "region"

    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE,
                                related_name="compliance_jobs")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    with_ai = models.BooleanField(default=False)
    report = models.ForeignKey(ComplianceReport, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The shared lease (marketplace.ops.leases): one run at a time, even when the message is
    # delivered twice; a dead worker's job is taken over once the lease expires.
    claimed_by = models.CharField(max_length=120, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = f"{OLD_APP}_compliancecheckjob"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("compliance check job")
        verbose_name_plural = _("compliance check jobs")

    def __str__(self) -> str:
        return f"Compliance check {self.pk} ({self.status})"
