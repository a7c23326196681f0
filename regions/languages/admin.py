from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.core.admin import CountryAdmin, RegionAdmin
from regions.core.admin_scoping import RegionScopedAdmin, RegionScopedInline
from regions.languages.models import RegionLanguage


class RegionLanguageInline(RegionScopedInline):
    model = RegionLanguage
    fields = ["language", "country", "is_default", "position"]


class CountryLanguageInline(RegionScopedInline):
    model = RegionLanguage
    fk_name = "country"
    fields = ["language", "region", "is_default", "default_in_subdivisions", "position"]
    verbose_name_plural = _("languages offered only in this country")


RegionAdmin.inlines.append(RegionLanguageInline)
CountryAdmin.inlines.append(CountryLanguageInline)


@admin.register(RegionLanguage)
class RegionLanguageAdmin(RegionScopedAdmin):
    list_display = ["language", "region", "country", "is_default", "position"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "is_default"]
    search_fields = ["language", "country__code"]
    list_select_related = ["region", "country"]
