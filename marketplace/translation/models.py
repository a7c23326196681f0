"""The glossary (per target language) and the translation memory of approved texts."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from marketplace.catalog.models import TranslationOrigin
from regions.core.fields import LanguageTagField


class TermKind(models.TextChoices):
    DO_NOT_TRANSLATE = "do_not_translate", "Do not translate"
    PREFERRED = "preferred", "Preferred translation"


class GlossaryTerm(models.Model):
    """How one source term is to be rendered in `language`, the target language."""

    language = LanguageTagField(help_text="The target language, such as “de” or “fr-CA”.")
    source_term = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TermKind.choices)
    preferred_translation = models.CharField(
        max_length=200, blank=True, help_text="Required for preferred translations."
    )
    case_sensitive = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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

    language = LanguageTagField(unique=True)
    version = models.PositiveIntegerField(default=1)
    digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.language} v{self.version}"


class TranslationMemory(models.Model):
    """A source text and its approved translation, reused before any model is asked."""

    source_text = models.TextField()
    source_language = LanguageTagField()
    target_language = LanguageTagField()
    glossary_version = models.PositiveIntegerField(
        help_text="The target language's glossary version the translation follows.")
    target_text = models.TextField()
    origin = models.CharField(max_length=10, choices=TranslationOrigin.choices)
    source_digest = models.CharField(
        max_length=64, unique=True, editable=False,
        help_text="SHA-256 of the source text, both languages and the glossary version.")
    used_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "translation memory"

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language} {self.source_text[:60]}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class JobScope(models.TextChoices):
    LISTED = "", "The listings in listing_ids"
    # A job over the whole catalog: its items name the listings, and a list of every id on
    # the job row would grow with the catalog.
    PUBLISHED = "published", "Every listing published when the job was made"


class TranslationJob(models.Model):
    """A request to translate some listings into some languages; its items are the work.

    The counters are derived from the items and the usage ledger (`jobs.refresh_counters`),
    never incremented in place, so a job re-run after a crash reports the same numbers as one
    that never stopped.
    """

    status = models.CharField(max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    listing_ids = models.JSONField(default=list, help_text="The listings asked for.")
    scope = models.CharField(max_length=20, choices=JobScope.choices, blank=True,
                             default=JobScope.LISTED,
                             help_text="Which listings: those in listing_ids, or every "
                                       "published one (listing_ids then stays empty).")
    languages = models.JSONField(default=list, help_text="The target languages asked for.")

    items_total = models.PositiveIntegerField(default=0)
    items_done = models.PositiveIntegerField(default=0, help_text="Items no longer pending.")
    memory_hits = models.PositiveIntegerField(default=0, help_text="Fields taken from memory.")
    machine_written = models.PositiveIntegerField(default=0)
    needs_review = models.PositiveIntegerField(default=0)
    skipped_reviewed = models.PositiveIntegerField(default=0)
    skipped_current = models.PositiveIntegerField(
        default=0, help_text="Already translated from the current source text.")
    failed = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=16, decimal_places=8, default=Decimal(0))

    message = models.TextField(blank=True)
    resumable = models.BooleanField(
        default=False, help_text="Stopped by a temporary failure: running it again continues.")
    failures = models.JSONField(default=dict, blank=True, help_text="{reason: item count}")
    retry_after = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="Seconds the server asked to wait before the stopped run is tried again.")

    # The lease: one run at a time per job. A run renews it between batches (heartbeat), so
    # a redelivered task sees a live owner and backs off, while a worker that died stops
    # renewing and its lease can be taken over once it expires.
    claimed_by = models.CharField(
        max_length=120, blank=True,
        help_text="The run holding (or that last held) the job: host:pid:token.")
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Until when the run holds the job; empty when free.")
    heartbeat_at = models.DateTimeField(null=True, blank=True,
                                        help_text="When the run last showed it was alive.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Translation job {self.pk} ({self.status})"

    @property
    def ledger_key(self) -> str:
        """The usage ledger's `job` value for this job's requests."""
        return f"translation:{self.pk}"


class ItemStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
    # The reply broke placeholders or carried unsafe markup: kept here for a person, never
    # written where buyers could see it.
    HELD = "held", "Held for review (not published)"
    FAILED = "failed", "Failed"


class TranslationJobItem(models.Model):
    """One listing into one language within a job."""

    job = models.ForeignKey(TranslationJob, on_delete=models.CASCADE, related_name="items")
    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE, related_name="+")
    language = LanguageTagField()
    status = models.CharField(max_length=10, choices=ItemStatus.choices,
                              default=ItemStatus.PENDING)
    code = models.CharField(max_length=40, blank=True,
                            help_text="What happened, for counting: memory, machine, "
                                      "source_changed, bad_output, qa:length, ...")
    reason = models.TextField(blank=True)
    written_state = models.CharField(max_length=15, blank=True,
                                     help_text="The state of the translation written, if any.")
    memory_fields = models.PositiveSmallIntegerField(default=0)
    rejected = models.JSONField(default=dict, blank=True,
                                help_text="Held replies by field, for the reviewer.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "listing", "language"],
                                    name="one_job_item_per_listing_language"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}: listing {self.listing_id} → {self.language} ({self.status})"
