"""The glossary (per target language) and the translation memory of approved texts."""

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
