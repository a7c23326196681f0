from django.contrib import admin

from marketplace.translation.models import (
    GlossaryTerm,
    GlossaryVersion,
    TranslationJob,
    TranslationJobItem,
    TranslationMemory,
)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["source_term", "language", "kind", "preferred_translation",
                    "case_sensitive", "updated_at"]
    list_filter = ["language", "kind", "case_sensitive"]
    search_fields = ["source_term", "preferred_translation", "notes"]
    fields = ["language", "source_term", "kind", "preferred_translation", "case_sensitive",
              "notes"]


@admin.register(GlossaryVersion)
class GlossaryVersionAdmin(admin.ModelAdmin):
    """Read-only: versions follow the terms (see `memory.glossary_version`)."""

    list_display = ["language", "version", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TranslationMemory)
class TranslationMemoryAdmin(admin.ModelAdmin):
    """Read-mostly: entries come from reviewed translations; a bad one may be deleted."""

    list_display = ["source_text_short", "target_text_short", "source_language",
                    "target_language", "glossary_version", "origin", "used_count", "created_at"]
    list_filter = ["source_language", "target_language", "origin"]
    search_fields = ["source_text", "target_text"]
    readonly_fields = ["source_text", "target_text", "source_language", "target_language",
                       "glossary_version", "origin", "source_digest", "used_count", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewing the change page needs view permission only; nothing there is editable.
        return False

    @admin.display(description="source")
    def source_text_short(self, obj: TranslationMemory) -> str:
        return obj.source_text[:80]

    @admin.display(description="translation")
    def target_text_short(self, obj: TranslationMemory) -> str:
        return obj.target_text[:80]


class TranslationJobItemInline(admin.TabularInline):
    model = TranslationJobItem
    fields = ["listing", "language", "status", "code", "reason", "written_state"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TranslationJob)
class TranslationJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are created by the API and `translate_listings`, run by workers."""

    list_display = ["pk", "status", "created_by", "created_at", "items_total", "items_done",
                    "machine_written", "needs_review", "failed", "requests", "cost"]
    list_filter = ["status"]
    inlines = [TranslationJobItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
