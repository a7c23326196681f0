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
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_application"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="applications")
    language = models.CharField(
        max_length=16, help_text="The portal language the applicant last used; emails use it."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Company
    legal_name = models.CharField(max_length=200, blank=True)
    country = CountryField(blank=True)
    vat_id = models.CharField("VAT ID", max_length=20, blank=True)
    registration_number = models.CharField(max_length=40, blank=True)
    street_address = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    # Province, where the country's postal rules require one (IT, ES).
    country_area = models.CharField(max_length=100, blank=True)

    # Contact
    contact_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164.")

    # What they sell
    categories = models.JSONField(default=list, blank=True,
                                  help_text="Codes of regions.compliance.taxonomy categories.")
    origin_country = CountryField(blank=True, help_text="Where the goods are made.")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(blank=True)
    supplier = models.OneToOneField(
        "catalog.Supplier", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="portal_application",
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "language"])

    class Meta:
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
                                    related_name="warehouses")
    name = models.CharField(max_length=150)
    country = CountryField()
    city = models.CharField(max_length=100)

    class Meta:
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
                                    related_name="documents")
    certificate_type = models.ForeignKey("regions_compliance.CertificateType",
                                         on_delete=models.PROTECT, related_name="+")
    number = models.CharField("number or identifier", max_length=100)
    issuer = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    file = models.FileField(storage=private_storage, upload_to=document_upload_to,
                            max_length=200)
    file_name = models.CharField(max_length=200, help_text="As uploaded; names the download.")
    file_content_type = models.CharField(max_length=50, editable=False)
    file_size = models.PositiveIntegerField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("certificate document")

    def __str__(self) -> str:
        return f"{self.certificate_type}: {self.number}"
