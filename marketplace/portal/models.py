"""A supplier's application to sell in one region, filled in step by step on the portal.

The application is the draft: each step writes its own fields, so an applicant can stop and
come back. Ops approve it into a catalog `Supplier` (with its certificates) or reject it with a
reason; the models only hold state, `services` moves it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from regions.compliance.documents import document_upload_to, private_storage
from regions.core.models import Region


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    """One applicant's onboarding in one region. An account applies in one region only."""

    region_path = "region"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_application",
        verbose_name=_("user")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="applications",
                               verbose_name=_("region"))
    language = models.CharField(
        max_length=16, help_text=_("The portal language the applicant last used; emails use it."),
        verbose_name=_("language")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT,
                              verbose_name=_("status"))
    email_confirmed_at = models.DateTimeField(null=True, blank=True,
                                              verbose_name=_("email confirmed at"))

    # Company
    legal_name = models.CharField(max_length=200, blank=True, verbose_name=_("legal name"))
    country = CountryField(blank=True, verbose_name=_("country"))
    vat_id = models.CharField(_("VAT ID"), max_length=20, blank=True)
    registration_number = models.CharField(max_length=40, blank=True,
                                           verbose_name=_("registration number"))
    street_address = models.CharField(max_length=200, blank=True, verbose_name=_("street address"))
    postal_code = models.CharField(max_length=20, blank=True, verbose_name=_("postal code"))
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    # Province, where the country's postal rules require one (IT, ES).
    country_area = models.CharField(max_length=100, blank=True, verbose_name=_("country area"))

    # Contact
    contact_name = models.CharField(max_length=150, blank=True, verbose_name=_("contact name"))
    phone = models.CharField(max_length=20, blank=True, help_text=_("E.164."),
                             verbose_name=_("phone"))

    # What they sell
    categories = models.JSONField(default=list, blank=True,
                                  help_text=_("Codes of regions.compliance.taxonomy categories."),
                                  verbose_name=_("categories"))
    origin_country = CountryField(blank=True, help_text=_("Where the goods are made."),
                                  verbose_name=_("origin country"))

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )
    rejection_reason = models.TextField(blank=True, verbose_name=_("rejection reason"))
    supplier = models.OneToOneField(
        "catalog.Supplier", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="portal_application", verbose_name=_("supplier"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "language"])

    class Meta:
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("supplier application")
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return self.legal_name or self.user.email

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def editable(self) -> bool:
        """Drafts and rejected applications may be changed (and resubmitted)."""
        return self.status in (Status.DRAFT, Status.REJECTED)


class Warehouse(models.Model):
    """Where the applicant keeps stock (optional): not a region warehouse, just what they say."""

    region_path = "application__region"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="warehouses", verbose_name=_("application"))
    name = models.CharField(max_length=150, verbose_name=_("name"))
    country = CountryField(verbose_name=_("country"))
    city = models.CharField(max_length=100, verbose_name=_("city"))

    class Meta:
        verbose_name_plural = _("warehouses")
        ordering = ["pk"]
        verbose_name = _("applicant warehouse")

    def __str__(self) -> str:
        return f"{self.name} ({self.city}, {self.country})"


class Document(models.Model):
    """A certificate document the applicant uploaded; becomes a `Certificate` on approval.

    The file lives in the compliance engine's private storage under a random name; only the
    applicant and the region's ops can download it, through views that check who asks.
    """

    region_path = "application__region"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="documents", verbose_name=_("application"))
    certificate_type = models.ForeignKey("regions_compliance.CertificateType",
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("certificate type"))
    number = models.CharField(_("number or identifier"), max_length=100)
    issuer = models.CharField(max_length=200, blank=True, verbose_name=_("issuer"))
    valid_from = models.DateField(null=True, blank=True, verbose_name=_("valid from"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("valid until"))
    file = models.FileField(storage=private_storage, upload_to=document_upload_to,
                            max_length=200, verbose_name=_("file"))
    file_name = models.CharField(max_length=200, help_text=_("As uploaded; names the download."),
                                 verbose_name=_("file name"))
    file_content_type = models.CharField(max_length=50, editable=False,
                                         verbose_name=_("file content type"))
    file_size = models.PositiveIntegerField(editable=False, verbose_name=_("file size"))
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name_plural = _("certificate documents")
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("certificate document")

    def __str__(self) -> str:
        return f"{self.certificate_type}: {self.number}"
