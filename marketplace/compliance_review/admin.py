"""Admin for ops: the AI findings of their regions, to confirm or dismiss; the reviews, to read.

Everything a model wrote (evidence, explanation) is shown escaped; nothing here is editable
except through `services.decide`, which records who decided, when and why.
"""

from __future__ import annotations

import html
import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.ai.client import is_configured as ai_is_configured
from marketplace.compliance_review.checks import plain_text
from marketplace.compliance_review.models import ClaimFinding, ClaimReview, FindingStatus
from marketplace.compliance_review.services import (
    NOT_CONFIGURED_MESSAGE,
    decide,
    latest_completed_review,
)
from marketplace.compliance_review.tasks import enqueue_review
from regions.core.admin_confirm import confirmation_page
from regions.core.admin_scoping import RegionScopedAdmin
from regions.core.admin_time import labelled_time

# Characters of the listing's text shown on each side of the quote.
CONTEXT_CHARS = 120


class CurrentFilter(admin.SimpleListFilter):
    """Findings of each listing's latest completed review: what the compliance report shows
    (older reviews' findings stay for the record)."""

    title = _("review")
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Latest review only")), ("no", _("Earlier reviews only"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in ("yes", "no"):
            return queryset
        current = Q(review_id=latest_completed_review())
        return queryset.filter(current if self.value() == "yes" else ~current)


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this not a problem?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text=_("Kept with the decision; the same finding in later reviews stays "
                    "dismissed."),
    )


@admin.register(ClaimFinding)
class ClaimFindingAdmin(RegionScopedAdmin):
    list_display = ["listing_link", "quote", "kind", "explanation", "status",
                    "decision", "region"]
    list_filter = ["status", "kind", ("region", admin.RelatedOnlyFieldListFilter),
                   CurrentFilter]
    list_select_related = ["listing", "region", "decided_by"]
    ordering = ["-created_at", "-pk"]
    search_fields = ["evidence", "explanation", "listing__title"]
    actions = ["confirm", "dismiss"]
    fields = ["listing_link", "region", "review", "code", "language", "quote", "in_context",
              "explanation", "status", "decision_reason", "decided_by", "decided_at",
              "carried_from"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # findings come from reviews only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a decision and its evidence are a record; dismiss instead

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # Every field is read-only: the decision is taken with the list's actions.
        extra_context = {**(extra_context or {}), "show_save": False,
                         "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("listing"), ordering="listing__title")
    def listing_link(self, obj: ClaimFinding) -> str:
        url = reverse("admin:catalog_listing_change", args=[obj.listing_id])
        return format_html('<a href="{}">{}</a>', url, obj.listing.title)

    @admin.display(description=_("evidence"))
    def quote(self, obj: ClaimFinding) -> str:
        return format_html("<q>{}</q>", obj.evidence)

    @admin.display(description=_("decision"))
    def decision(self, obj: ClaimFinding) -> str:
        if obj.decided_at is None:
            return "—"
        when = labelled_time(obj.decided_at)
        return format_html("{} · {}<br>{}", obj.decided_by or "?", when, obj.decision_reason)

    @admin.display(description=_("in the listing"))
    def in_context(self, obj: ClaimFinding) -> str:
        """The quote marked in the listing's text in that language, all of it escaped."""
        pattern = r"\s+".join(re.escape(word) for word in html.unescape(obj.evidence).split())
        # The plain text is what the model saw; the stored markup is what a quote of tags
        # (kept as evidence only when the listing really has them) is found in.
        for text in _listing_texts(obj):
            match = re.search(pattern, text, re.IGNORECASE) if pattern else None
            if match is not None:
                before = text[max(0, match.start() - CONTEXT_CHARS):match.start()]
                after = text[match.end():match.end() + CONTEXT_CHARS]
                return format_html("…{}<mark>{}</mark>{}…", before, match.group(0), after)
        return format_html("<q>{}</q>", obj.evidence)

    @admin.action(description=_("Confirm the selected findings (they block the sale)"),
                  permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        page = confirmation_page(
            self, request, queryset, title=_("Confirm AI findings"),
            question=_("Confirm these findings? Each then blocks the sale of its listing in "
                       "the region until the supplier fixes the text."),
            button=_("Yes, confirm"))
        if page is not None:
            return page
        decided = self._decide(request, queryset, FindingStatus.CONFIRMED, "")
        self.message_user(request, ngettext("%(n)d finding confirmed.",
                                            "%(n)d findings confirmed.", decided)
                          % {"n": decided}, messages.SUCCESS)

    @admin.action(description=_("Dismiss the selected findings…"), permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        """An intermediate page asks for the reason; nothing is dismissed without one."""
        form = DismissForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            decided = self._decide(request, queryset, FindingStatus.DISMISSED,
                                   form.cleaned_data["reason"])
            self.message_user(request, ngettext("%(n)d finding dismissed.",
                                                "%(n)d findings dismissed.", decided)
                              % {"n": decided}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Dismiss AI findings"),
            "opts": self.model._meta,
            "findings": queryset.select_related("listing"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/compliance_review/dismiss_findings.html",
                                context)

    def _decide(self, request: HttpRequest, queryset: QuerySet, decision: str,
                reason: str) -> int:
        decided = 0
        for finding in queryset:
            try:
                decide(finding, decision, reason, request.user)
            except PermissionDenied:
                continue  # the queryset is scoped already; the service checks once more
            decided += 1
        return decided


def _listing_texts(finding: ClaimFinding) -> tuple[str, str]:
    """The listing's text in the finding's language: plain, then as stored (entities
    decoded, so a quote matches what a reader sees)."""
    text = finding.listing
    if finding.language != text.source_language:
        text = text.translations.filter(language=finding.language).first() or text
    raw = f"{text.title}\n\n{text.description}"
    return plain_text(raw), " ".join(html.unescape(raw).split())


class ClaimFindingInline(admin.TabularInline):
    model = ClaimFinding
    fields = ["code", "language", "evidence", "explanation", "status", "decision_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ClaimReview)
class ClaimReviewAdmin(RegionScopedAdmin):
    """Read-only: reviews are made by the task and `review_claims`."""

    list_display = ["number", "listing", "region", "status", "message", "model", "requests",
                    "cost", "created_at", "finished_at"]
    list_filter = ["status", ("region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["listing", "region"]
    search_fields = ["listing__title", "message"]
    readonly_fields = ["listing", "region", "status", "message", "model", "languages",
                       "dropped", "resumable", "retry_after", "source_hash", "requests",
                       "prompt_tokens", "completion_tokens", "cost", "created_at",
                       "started_at", "finished_at", "claimed_by", "lease_expires_at"]
    fields = readonly_fields
    inlines = [ClaimFindingInline]
    actions = ["review_again"]

    @admin.display(description=_("no."), ordering="pk")
    def number(self, review: ClaimReview) -> int:
        return review.pk

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Review the selected listings again with AI"),
                  permissions=["view"])
    def review_again(self, request: HttpRequest, queryset: QuerySet) -> None:
        """A new review per (listing, region), run by a worker; earlier reviews stay as they
        are, and decisions carry over."""
        pairs = {(r.listing, r.region) for r in queryset.select_related("listing", "region")}
        for listing, region in sorted(pairs, key=lambda pair: (pair[0].pk, pair[1].pk)):
            enqueue_review(listing, region)
        self.message_user(request, ngettext("%(n)d review queued.", "%(n)d reviews queued.",
                                           len(pairs)) % {"n": len(pairs)}, messages.SUCCESS)
        if not ai_is_configured():
            self.message_user(request, gettext(NOT_CONFIGURED_MESSAGE), messages.WARNING)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
