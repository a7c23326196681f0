"""An intermediate "are you sure?" page for admin actions that decide something (approve,
verify, reject, record a payment), as Django's own delete_selected asks before it deletes.

    @admin.action(description=...)
    def verify_selected(self, request, queryset):
        page = confirmation_page(self, request, queryset, title=..., question=..., button=...)
        if page is not None:
            return page          # the first POST: show what would happen
        ...                      # the second POST, confirmed: do it
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse

CONFIRMED = "confirmed"
# The page names this many of the chosen objects; the count says how many there are.
LISTED = 100


def confirmation_page(modeladmin: admin.ModelAdmin, request: HttpRequest,
                      queryset: models.QuerySet, *, title: str, question: str, button: str,
                      form: forms.Form | None = None) -> TemplateResponse | None:
    """None once the user has confirmed (and `form`, if any, is valid); otherwise the page
    that lists the chosen objects and asks. `form` should be bound to request.POST only when
    `is_confirmed(request)`, so its errors show on the second visit, not the first."""
    if is_confirmed(request) and (form is None or form.is_valid()):
        return None
    objects = list(queryset[:LISTED])
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "question": question,
        "button": button,
        "form": form,
        "opts": modeladmin.model._meta,
        "objects": objects,
        "count": queryset.count(),
        "selected": list(queryset.values_list("pk", flat=True)),
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "confirmed_name": CONFIRMED,
        "media": modeladmin.media + (form.media if form is not None else forms.Media()),
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"
