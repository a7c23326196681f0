"""Admin classes that keep regional ops inside their regions.

Every configuration model names the path to its region (`region_path`); these classes use it
to filter changelists, limit the choices of related fields, and refuse (403) any object of a
region the user does not belong to. Superusers see everything.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from regions.core.scoping import regions_for, scope_queryset

# The reason the 403 page gives (marketplace/templates/403.html shows it).
OTHER_REGION = _("This belongs to a region you do not operate.")


class ScopedChoicesMixin:
    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @staticmethod
    def _scope_choices(db_field, request: HttpRequest, kwargs: dict) -> None:
        related = db_field.related_model
        if hasattr(related, "region_path") and "queryset" not in kwargs:
            kwargs["queryset"] = scope_queryset(related._default_manager.all(), request.user)


class RegionScopeMixin:
    """Keeps a ModelAdmin's changelist, object pages and permissions inside the user's
    regions. Models with a `region_path` need nothing more; others override `scoped()`."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return self.scoped(super().get_queryset(request), request.user)

    def scoped(self, queryset: models.QuerySet, user) -> models.QuerySet:
        """The rows of the user's regions. A model without a `region_path` (a listing sells
        in every region whose compliance check it has) overrides this with its own rule."""
        return scope_queryset(queryset, user)

    def get_list_display(self, request: HttpRequest):
        # A region column says nothing to an operator of a single region.
        columns = super().get_list_display(request)
        if request.user.is_superuser or regions_for(request.user).count() > 1:
            return columns
        return [column for column in columns if column != "region"]

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        self._refuse_other_regions(request, object_id)
        return super().change_view(request, object_id, *args, **kwargs)

    def delete_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        self._refuse_other_regions(request, object_id)
        return super().delete_view(request, object_id, *args, **kwargs)

    def history_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        self._refuse_other_regions(request, object_id)
        return super().history_view(request, object_id, *args, **kwargs)

    def _in_scope(self, request: HttpRequest, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def _refuse_other_regions(self, request: HttpRequest, object_id: str) -> None:
        # Django would redirect with "doesn't exist"; an object of another region is a 403.
        if request.user.is_superuser:
            return
        try:
            exists = self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            return  # not a key at all: Django's own "doesn't exist" answers it
        if exists and not self.get_queryset(request).filter(pk=object_id).exists():
            raise PermissionDenied(OTHER_REGION)


class RegionScopedAdmin(RegionScopeMixin, ScopedChoicesMixin, SimpleHistoryAdmin):
    """A ModelAdmin for a model with `region_path`, with history (who, when, what changed)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and regions_for(request.user).exists()

    def history_form_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        self._refuse_other_regions(request, object_id)
        return super().history_form_view(request, object_id, *args, **kwargs)


class RegionScopedInline(ScopedChoicesMixin, admin.TabularInline):
    """An inline whose related-field choices are limited to the user's regions."""

    extra = 0
    show_change_link = True

