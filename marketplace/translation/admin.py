from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.ai.client import is_configured as ai_is_configured
from marketplace.ai.errors import NOT_CONFIGURED_MESSAGE
from marketplace.catalog.models import ListingTranslation, TranslationOrigin, TranslationState
from marketplace.catalog.services import TranslationRefused, write_translation
from marketplace.translation.jobs import cancel_job, create_job
from marketplace.translation.models import (
    GlossaryTerm,
    GlossaryVersion,
    ItemStatus,
    JobStatus,
    TranslationJob,
    TranslationJobItem,
    TranslationMemory,
)
from marketplace.translation.tasks import enqueue_job
from regions.languages.models import RegionLanguage


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

    @admin.display(description=_("source"))
    def source_text_short(self, obj: TranslationMemory) -> str:
        return obj.source_text[:80]

    @admin.display(description=_("translation"))
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

    list_display = ["number", "status", "created_by", "created_at", "items_total", "items_done",
                    "machine_written", "needs_review", "failed", "requests", "cost"]
    list_filter = ["status"]
    inlines = [TranslationJobItemInline]
    actions = ["cancel"]

    @admin.display(description=_("no."), ordering="pk")
    def number(self, job: TranslationJob) -> int:
        return job.pk

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Cancel the selected jobs (work already done is kept)"))
    def cancel(self, request, queryset) -> None:
        cancelled = [cancel_job(job.pk) for job in queryset]
        stopped = sum(1 for job in cancelled if job.status == JobStatus.CANCELLED)
        self.message_user(request, ngettext(
            "%(n)d job cancelled; a running job stops after its current batch.",
            "%(n)d jobs cancelled; a running job stops after its current batch.",
            stopped) % {"n": stopped}, messages.SUCCESS)

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# -- the human side: start jobs from listings, review what came back ----------------------


def offered_languages_of_active_regions() -> dict[str, list[str]]:
    """Every language some active region offers (region-wide or in one country), with the
    regions that offer it, in the regions' display order."""
    offered: dict[str, list[str]] = {}
    rows = (RegionLanguage.objects.filter(region__active=True)
            .order_by("region__code", "position", "language")
            .values_list("language", "region__code"))
    for language, region in rows:
        regions = offered.setdefault(language, [])
        if region not in regions:
            regions.append(region)
    return offered


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, offered: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [
            (language, f"{language} ({', '.join(regions)})")
            for language, regions in offered.items()]


@admin.action(description=_("Translate with AI into the regions' languages…"))
def translate_with_ai(modeladmin: admin.ModelAdmin, request: HttpRequest,
                      queryset: QuerySet) -> TemplateResponse | None:
    """One confirmation page with every offered language, rather than one action per
    language set: ops choose exactly what a batch needs, and the list follows the regions
    (a language added to a region appears here with no code change)."""
    offered = offered_languages_of_active_regions()
    form = LanguagesForm(request.POST if "apply" in request.POST else None, offered=offered)
    if form.is_valid():
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        try:
            job = create_job(ids, form.cleaned_data["languages"], user=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        enqueue_job(job)
        url = reverse("admin:translation_translationjob_change", args=[job.pk])
        modeladmin.message_user(request, format_html(
            ngettext('Translation job <a href="{}">{}</a> queued: {} item.',
                     'Translation job <a href="{}">{}</a> queued: {} items.', job.items_total),
            url, job.pk, job.items_total), messages.SUCCESS)
        if not ai_is_configured():
            # The job still exists (memory hits are written); say why the rest will be skipped.
            modeladmin.message_user(request, gettext(NOT_CONFIGURED_MESSAGE), messages.WARNING)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Translate with AI"),
        "opts": modeladmin.model._meta,
        "listings": queryset,
        "form": form,
        "offered": offered,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "ai_configured": ai_is_configured(),
        "not_configured_message": gettext(NOT_CONFIGURED_MESSAGE),
    }
    return TemplateResponse(request, "admin/translation/translate_with_ai.html", context)


def qa_list(notes: list[str]) -> str:
    """QA notes as a list a person reads; every note is escaped."""
    if not notes:
        return "—"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>",
                                                       ((note,) for note in notes)))


@admin.register(TranslationJobItem)
class HeldItemAdmin(admin.ModelAdmin):
    """Replies held back by the pipeline (broken placeholders, unsafe markup), beside their
    source. Nothing here publishes: "Use as draft" lets a person edit the reply and save it as
    a human draft that still needs review."""

    list_display = ["listing", "language", "status", "code", "reasons", "reply", "draft_link"]
    list_filter = ["status", "language", ("listing__supplier", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["listing"]
    search_fields = ["listing__title", "reason"]
    readonly_fields = ["job", "listing", "language", "status", "code", "reasons",
                       "source_title", "source_description", "reply", "draft_link"]
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(status=ItemStatus.HELD)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        return [path("<int:item_id>/draft/",
                     self.admin_site.admin_view(self.draft_view),
                     name="translation_translationjobitem_draft"), *super().get_urls()]

    @admin.display(description=_("reasons"))
    def reasons(self, obj: TranslationJobItem) -> str:
        return qa_list([line for line in obj.reason.splitlines() if line.strip()])

    @admin.display(description=_("held reply"))
    def reply(self, obj: TranslationJobItem) -> str:
        return format_html_join("", "<p><b>{}</b>: {}</p>", sorted(obj.rejected.items())) or "—"

    @admin.display(description=_("source title"))
    def source_title(self, obj: TranslationJobItem) -> str:
        return obj.listing.title

    @admin.display(description=_("source description"))
    def source_description(self, obj: TranslationJobItem) -> str:
        return obj.listing.description

    @admin.display(description="")
    def draft_link(self, obj: TranslationJobItem) -> str:
        url = reverse("admin:translation_translationjobitem_draft", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Use as draft…"))

    def draft_view(self, request: HttpRequest, item_id: int) -> HttpResponse:
        item = get_object_or_404(self.get_queryset(request).select_related("listing"),
                                 pk=item_id)
        if not self.has_view_permission(request, item) or not request.user.has_perm(
                "catalog.change_listingtranslation"):
            raise PermissionDenied
        listing = item.listing
        existing = ListingTranslation.objects.filter(listing=listing,
                                                     language=item.language).first()
        initial = {name: item.rejected.get(name, getattr(existing, name, ""))
                   for name in ("title", "description")}
        # The hash of the source the person sees: a draft of an older source is refused.
        initial["made_from_hash"] = listing.source_hash
        form = DraftForm(request.POST or None, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            unedited = [name for name in item.rejected if data.get(name) == initial.get(name)]
            if unedited:
                # Each held text failed a blocking check: a person must change it, not wave
                # it through.
                fields = ", ".join(str(HELD_FIELDS[name]) for name in unedited)
                form.add_error(None, gettext(
                    "Edit the held %(fields)s first: it failed a check, so it can't be saved "
                    "unchanged.") % {"fields": fields})
            else:
                try:
                    translation = write_translation(
                        listing, item.language, title=data["title"],
                        description=data["description"], origin=TranslationOrigin.HUMAN,
                        state=TranslationState.NEEDS_REVIEW,
                        made_from_hash=data["made_from_hash"])
                except TranslationRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    self.message_user(request, _("Saved as a draft that needs review."),
                                      messages.SUCCESS)
                    return HttpResponseRedirect(reverse(
                        "admin:catalog_listingtranslation_change", args=[translation.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Draft %(language)s translation of “%(title)s”")
            % {"language": item.language, "title": listing.title},
            "opts": self.model._meta,
            "item": item,
            "listing": listing,
            "form": form,
            "reasons": self.reasons(item),
        }
        return TemplateResponse(request, "admin/translation/held_item_draft.html", context)


# The held texts by field, as the refusal names them.
HELD_FIELDS = {"title": _("title"), "description": _("description")}


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"),
                                  widget=forms.Textarea(attrs={"rows": 12, "cols": 60}))
    made_from_hash = forms.CharField(widget=forms.HiddenInput)
