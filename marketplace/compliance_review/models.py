"""AI review of listing claims: one review per (listing, region) run, and the findings it made.

A finding is advice for a person, never a verdict: the compliance engine shows an open finding
as a warning, a confirmed one as a blocker, and leaves a dismissed one out. Decisions are kept
with who, when and why (and the history of every change).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marketplace.ai.models import COST_DECIMAL_PLACES, COST_MAX_DIGITS
from regions.core.fields import LanguageTagField

PURPOSE = "compliance_review"


class ReviewStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")


class ClaimReview(models.Model):
    """One AI review of a listing's text for one region.

    A review runs once (`services.run_review` claims it with a conditional update); a review
    that failed on a temporary error is `resumable` and may be run again by the task. A review
    of a compliance check (`check_job`) is run by that check only, while the check is
    unfinished.
    """

    region_path = "region"

    listing = models.ForeignKey(
        "catalog.Listing", on_delete=models.CASCADE, related_name="claim_reviews",
        verbose_name=_("listing"),
    )
    region = models.ForeignKey(
        "regions_core.Region", on_delete=models.CASCADE, related_name="claim_reviews",
        verbose_name=_("region"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.QUEUED
    )
    message = models.TextField(
        _("message"), blank=True,
        help_text=_("Why it was skipped or failed; what was dropped and why.")
    )
    model = models.CharField(_("model"), max_length=200, blank=True,
                             help_text=_("The model that answered."))
    source_hash = models.CharField(
        max_length=64, blank=True, help_text=_("The listing's source text the review read."),
        verbose_name=_("source hash")
    )
    languages = models.JSONField(
        default=list, blank=True, help_text=_("The languages of the texts sent for review."),
        verbose_name=_("languages")
    )
    dropped = models.JSONField(
        default=dict, blank=True, help_text=_("Findings of the reply left out, by reason."),
        verbose_name=_("dropped")
    )
    resumable = models.BooleanField(
        default=False, help_text=_("Failed on a temporary error: running it again may succeed."),
        verbose_name=_("resumable")
    )
    retry_after = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Seconds the server asked to wait before a retry."),
        verbose_name=_("retry after")
    )
    # Copied from the usage ledger (rows whose job is `ledger_key`) when the run ends.
    requests = models.PositiveIntegerField(_("requests"), default=0)
    prompt_tokens = models.PositiveIntegerField(default=0, verbose_name=_("prompt tokens"))
    completion_tokens = models.PositiveIntegerField(default=0, verbose_name=_("completion tokens"))
    cost = models.DecimalField(
        _("cost"), max_digits=COST_MAX_DIGITS, decimal_places=COST_DECIMAL_PLACES, default=0
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A run holds the review until then: a redelivered task leaves a live run alone, and a
    # dead worker's review can be taken over once it expires.
    claimed_by = models.CharField(max_length=120, blank=True, help_text=_("host:pid:token"),
                                  verbose_name=_("claimed by"))
    lease_expires_at = models.DateTimeField(null=True, blank=True,
                                            verbose_name=_("lease expires at"))
    # The compliance check this review is part of (empty for a review asked for on its own).
    # One review per check: a check run again after its worker died resumes this review
    # instead of starting another (services.run_check_review).
    check_job = models.OneToOneField(
        "supplier_compliance.ComplianceCheckJob", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("compliance check"),
        help_text=_("The compliance check that ran this review, if one did."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("AI claim review")
        verbose_name_plural = _("AI claim reviews")
        indexes = [
            models.Index(fields=["listing", "region", "status"], name="claimreview_latest_idx")
        ]

    def __str__(self) -> str:
        return f"AI review {self.pk} of listing {self.listing_id} ({self.status})"

    @property
    def ledger_key(self) -> str:
        """The usage ledger's `job` value for this review's requests."""
        return f"{PURPOSE}:{self.pk}"

    def usage_records(self) -> models.QuerySet:
        from marketplace.ai.models import UsageRecord

        return UsageRecord.objects.filter(job=self.ledger_key)


class FindingKind(models.TextChoices):
    UNBACKED_CERTIFICATION_CLAIM = "unbacked_certification_claim", _(
        "Certification claim without a certificate on record"
    )
    MEDICAL_OR_SAFETY_CLAIM = "medical_or_safety_claim", _("Medical or safety claim")
    MISSING_MANDATORY_WARNING = "missing_mandatory_warning", _("Mandatory warning missing")
    CATEGORY_MISMATCH = "category_mismatch", _("Category does not match the product")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


def code_for(kind: str) -> str:
    """The stable finding code, such as "ai.unbacked_certification_claim"."""
    return f"ai.{kind}"


class ClaimFinding(models.Model):
    """One problem the model found, with the exact quote from the listing that shows it."""

    region_path = "region"

    review = models.ForeignKey(ClaimReview, on_delete=models.CASCADE, related_name="findings",
                               verbose_name=_("review"))
    listing = models.ForeignKey(
        "catalog.Listing", on_delete=models.CASCADE, related_name="claim_findings",
        verbose_name=_("listing"),
    )
    region = models.ForeignKey(
        "regions_core.Region", on_delete=models.CASCADE, related_name="claim_findings",
        verbose_name=_("region"),
    )
    kind = models.CharField(_("type of finding"), max_length=40, choices=FindingKind.choices)
    code = models.CharField(max_length=60, editable=False, verbose_name=_("code"))
    language = LanguageTagField(_("language"),
                                help_text=_("The language of the text the evidence is from."))
    # Plain text from an untrusted reply: escaped wherever it is shown.
    evidence = models.TextField(_("evidence"), help_text=_("The exact words of the listing."))
    explanation = models.TextField(_("explanation"))
    # The language the model was asked to explain in: the merchant's. Empty on findings made
    # before it was asked (they are in English).
    explanation_language = LanguageTagField(
        blank=True, default="", help_text=_("The language the explanation is written in."),
        verbose_name=_("explanation language"))
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    decision_reason = models.TextField(_("decision reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The finding of an earlier review whose decision this one keeps."),
        verbose_name=_("carried from"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "pk"]
        verbose_name = _("AI claim finding")
        verbose_name_plural = _("AI claim findings")
        indexes = [
            models.Index(fields=["region", "status"], name="claimfinding_region_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.code} on listing {self.listing_id} ({self.status})"

    def save(self, *args, **kwargs) -> None:
        self.code = code_for(self.kind)
        super().save(*args, **kwargs)
