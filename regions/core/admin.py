from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from regions.core.admin_scoping import RegionScopedAdmin, RegionScopedInline
from regions.core.models import Country, PackLoad, Region, RegionOperator

RELATED_ONLY = admin.RelatedOnlyFieldListFilter


class CountryInline(RegionScopedInline):
    model = Country
    fields = ["code", "currency", "default_language", "timezone"]


class PackLoadInline(admin.TabularInline):
    model = PackLoad
    fields = ["pack", "data_as_of", "loaded_at", "forced", "summary"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("pack loads (data as of)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    list_display = ["code", "name", "active", "country_count", "data_as_of"]
    list_filter = ["active"]
    search_fields = ["code", "name", "countries__code"]
    # Concern apps append their inlines here (languages, tax policy, ...) from their admin.py,
    # so the Region page shows a region's whole configuration without core importing them.
    inlines: list = [CountryInline, PackLoadInline]

    def get_queryset(self, request):
        latest_load = PackLoad.objects.filter(region=OuterRef("pk")).order_by("-loaded_at")
        return (
            super()
            .get_queryset(request)
            .annotate(
                country_count=Count("countries"),
                data_as_of=Subquery(latest_load.values("data_as_of")[:1]),
            )
        )

    @admin.display(description=_("countries"), ordering="country_count")
    def country_count(self, obj: Region) -> int:
        return obj.country_count

    @admin.display(description=_("pack data as of"), ordering="data_as_of")
    def data_as_of(self, obj: Region):
        return obj.data_as_of or "—"

    def get_readonly_fields(self, request, obj=None):
        # Ops run their region; only superusers rename or re-code one.
        return [] if request.user.is_superuser else ["code"]


@admin.register(Country)
class CountryAdmin(RegionScopedAdmin):
    list_display = ["iso_code", "name", "region", "currency", "default_language", "timezone"]
    list_filter = [("region", RELATED_ONLY), "currency"]
    search_fields = ["code", "currency", "default_language"]
    list_select_related = ["region"]
    inlines: list = []

    @admin.display(description=_("name"))
    def name(self, obj: Country) -> str:
        return obj.code.name

    @admin.display(description=_("code"), ordering="code")
    def iso_code(self, obj: Country) -> str:
        # The field's own display is the country's name (it has choices): show the code.
        return obj.code.code


class RegionOperatorInline(admin.TabularInline):
    model = RegionOperator
    extra = 0
    verbose_name = _("operated region")
    verbose_name_plural = _("operated regions (this user sees and edits only these in the admin)")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class OperatorUserAdmin(UserAdmin):
    inlines = [RegionOperatorInline]
    list_display = [*UserAdmin.list_display, "operated_regions"]
    list_filter = [*UserAdmin.list_filter, "region_memberships__region"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("region_memberships__region")

    @admin.display(description=_("regions"))
    def operated_regions(self, obj) -> str:
        return ", ".join(m.region.code for m in obj.region_memberships.all()) or "—"
