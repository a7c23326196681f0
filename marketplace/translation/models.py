"""The glossary (per target language) and the translation memory of approved texts."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.catalog.models import TranslationOrigin
from regions.core.fields import LanguageTagField


class TermKind(models.TextChoices):
    DO_NOT_TRANSLATE = "do_not_translate", _("Do not translate")
    PREFERRED = "preferred", _("Preferred translation")


class GlossaryTerm(models.Model):
    """How one source term is to be rendered in `language`, the target language."""

    language = LanguageTagField(help_text=_("The target language, such as “de” or “fr-CA”."),
                                verbose_name=_("language"))
    source_term = models.CharField(max_length=200, verbose_name=_("source term"))
    kind = models.CharField(max_length=20, choices=TermKind.choices, verbose_name=_("kind"))
    preferred_translation = models.CharField(
        max_length=200, blank=True, help_text=_("Required for preferred translations."),
        verbose_name=_("preferred translation")
    )
    case_sensitive = models.BooleanField(default=False, verbose_name=_("case sensitive"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["language", "source_term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "source_term"],
                                    name="one_glossary_entry_per_term"),
            models.CheckConstraint(
                condition=~models.Q(kind="preferred", preferred_translation=""),
                name="preferred_term_has_translation",
            ),
        ]

    def __str__(self) -> str:
        target = self.preferred_translation or "(keep)"
        return f"[{self.language}] {self.source_term} → {target}"

    def clean(self) -> None:
        if self.kind == TermKind.PREFERRED and not self.preferred_translation.strip():
            raise ValidationError({"preferred_translation":
                                   "Give the translation to use for this term."})
        if self.kind == TermKind.DO_NOT_TRANSLATE and self.preferred_translation:
            raise ValidationError({"preferred_translation":
                                   "A term that is not translated has no translation; "
                                   "leave this empty or make it a preferred translation."})


class GlossaryVersion(models.Model):
    """The current version of a language's glossary.

    Written only by `memory.glossary_version`, which compares `digest` with the hash of the
    language's terms and bumps `version` when they differ, so every edit path (admin, bulk
    update, shell, fixtures) is caught without signals.
    """

    language = LanguageTagField(unique=True, verbose_name=_("language"))
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    digest = models.CharField(max_length=64, verbose_name=_("digest"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("glossary version")
        verbose_name_plural = _("glossary versions")
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.language} v{self.version}"


class TranslationMemory(models.Model):
    """A source text and its approved translation, reused before any model is asked."""

    source_text = models.TextField(verbose_name=_("source text"))
    source_language = LanguageTagField(verbose_name=_("source language"))
    target_language = LanguageTagField(verbose_name=_("target language"))
    glossary_version = models.PositiveIntegerField(
        help_text=_("The target language's glossary version the translation follows."),
        verbose_name=_("glossary version"))
    target_text = models.TextField(verbose_name=_("target text"))
    origin = models.CharField(max_length=10, choices=TranslationOrigin.choices,
                              verbose_name=_("origin"))
    source_digest = models.CharField(
        max_length=64, unique=True, editable=False,
        help_text=_("SHA-256 of the source text, both languages and the glossary version."),
        verbose_name=_("source digest"))
    used_count = models.PositiveIntegerField(default=0, editable=False,
                                             verbose_name=_("used count"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("translation memory")
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("translation memory")

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language} {self.source_text[:60]}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class JobScope(models.TextChoices):
    LISTED = "", _("The listings in listing_ids")
    # A job over the whole catalog: its items name the listings, and a list of every id on
    # the job row would grow with the catalog.
    PUBLISHED = "published", _("Every listing published when the job was made")


class TranslationJob(models.Model):
    """A request to translate some listings into some languages; its items are the work.

    The counters are derived from the items and the usage ledger (`jobs.refresh_counters`),
    never incremented in place, so a job re-run after a crash reports the same numbers as one
    that never stopped.
    """

    status = models.CharField(max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED, verbose_name=_("status"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    listing_ids = models.JSONField(default=list, help_text=_("The listings asked for."),
                                   verbose_name=_("listing IDs"))
    scope = models.CharField(max_length=20, choices=JobScope.choices, blank=True,
                             default=JobScope.LISTED, verbose_name=_("scope"),
                             help_text=_("Which listings: those in listing_ids, or every "
                                         "published one (listing_ids then stays empty)."))
    languages = models.JSONField(default=list, help_text=_("The target languages asked for."),
                                 verbose_name=_("languages"))

    items_total = models.PositiveIntegerField(default=0, verbose_name=_("items total"))
    items_done = models.PositiveIntegerField(default=0, help_text=_("Items no longer pending."),
                                             verbose_name=_("items done"))
    memory_hits = models.PositiveIntegerField(default=0, help_text=_("Fields taken from memory."),
                                              verbose_name=_("memory hits"))
    machine_written = models.PositiveIntegerField(default=0, verbose_name=_("machine written"))
    needs_review = models.PositiveIntegerField(default=0, verbose_name=_("needs review"))
    skipped_reviewed = models.PositiveIntegerField(default=0, verbose_name=_("skipped reviewed"))
    skipped_current = models.PositiveIntegerField(
        default=0, help_text=_("Already translated from the current source text."),
        verbose_name=_("skipped current"))
    failed = models.PositiveIntegerField(default=0, verbose_name=_("failed"))
    requests = models.PositiveIntegerField(default=0, verbose_name=_("requests"))
    prompt_tokens = models.PositiveIntegerField(default=0, verbose_name=_("prompt tokens"))
    completion_tokens = models.PositiveIntegerField(default=0, verbose_name=_("completion tokens"))
    cost = models.DecimalField(max_digits=16, decimal_places=8, default=Decimal(0),
                               verbose_name=_("cost"))

    message = models.TextField(blank=True, verbose_name=_("message"))
    resumable = models.BooleanField(
        default=False, help_text=_("Stopped by a temporary failure: running it again continues."),
        verbose_name=_("resumable"))
    failures = models.JSONField(default=dict, blank=True, help_text=_("{reason: item count}"),
                                verbose_name=_("failures"))
    retry_after = models.PositiveIntegerField(
        null=True, blank=True,
        help_text=_("Seconds the server asked to wait before the stopped run is tried again."),
        verbose_name=_("retry after"))

    # The lease: one run at a time per job. A run renews it between batches (heartbeat), so
    # a redelivered task sees a live owner and backs off, while a worker that died stops
    # renewing and its lease can be taken over once it expires.
    claimed_by = models.CharField(
        max_length=120, blank=True,
        help_text=_("The run holding (or that last held) the job: host:pid:token."),
        verbose_name=_("claimed by"))
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Until when the run holds the job; empty when free."),
        verbose_name=_("lease expires at"))
    heartbeat_at = models.DateTimeField(null=True, blank=True,
                                        help_text=_("When the run last showed it was alive."),
                                        verbose_name=_("heartbeat at"))

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Translation job {self.pk} ({self.status})"

    @property
    def ledger_key(self) -> str:
        """The usage ledger's `job` value for this job's requests."""
        return f"translation:{self.pk}"


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")
    # The reply broke placeholders or carried unsafe markup: kept here for a person, never
    # written where buyers could see it.
    HELD = "held", _("Held for review (not published)")
    FAILED = "failed", _("Failed")


class TranslationJobItem(models.Model):
    """One listing into one language within a job."""

    job = models.ForeignKey(TranslationJob, on_delete=models.CASCADE, related_name="items",
                            verbose_name=_("job"))
    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("listing"))
    language = LanguageTagField(verbose_name=_("language"))
    status = models.CharField(max_length=10, choices=ItemStatus.choices,
                              default=ItemStatus.PENDING, verbose_name=_("status"))
    code = models.CharField(max_length=40, blank=True,
                            help_text=_("What happened, for counting: memory, machine, "
                                        "source_changed, bad_output, qa:length, ..."),
                                      verbose_name=_("code"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    written_state = models.CharField(max_length=15, blank=True,
                                     help_text=_("The state of the translation written, if any."),
                                     verbose_name=_("written state"))
    memory_fields = models.PositiveSmallIntegerField(default=0, verbose_name=_("memory fields"))
    rejected = models.JSONField(default=dict, blank=True,
                                help_text=_("Held replies by field, for the reviewer."),
                                verbose_name=_("rejected"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("translation job item")
        verbose_name_plural = _("translation job items")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "listing", "language"],
                                    name="one_job_item_per_listing_language"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}: listing {self.listing_id} → {self.language} ({self.status})"
