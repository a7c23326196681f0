from django.contrib import admin
from django.db.models import Sum

from marketplace.ai.models import UsageRecord


@admin.register(UsageRecord)
class UsageRecordAdmin(admin.ModelAdmin):
    """Read-only: the client writes the ledger; editing it would falsify the costs."""

    list_display = [
        "created_at",
        "model",
        "purpose",
        "job",
        "outcome",
        "attempt",
        "prompt_tokens",
        "completion_tokens",
        "cost",
        "latency_ms",
    ]
    list_filter = ["outcome", "model", "purpose"]
    date_hierarchy = "created_at"
    search_fields = ["job", "error"]
    list_per_page = 100
    change_list_template = "admin/ai/usagerecord/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        # The totals follow the filters in use, so "what did translation cost in May" is one
        # click; a redirect (such as an invalid filter) has no context to add them to.
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["usage_totals"] = changelist.queryset.aggregate(
                prompt_tokens=Sum("prompt_tokens"),
                completion_tokens=Sum("completion_tokens"),
                cost=Sum("cost"),
            )
        return response
