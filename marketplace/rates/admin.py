from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.rates.models import ExchangeRate, plain


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Read-mostly: `load_rates` writes the rates. Rates are market-wide reference data, not a
    region's configuration, so only superusers correct one by hand; a later load of a file
    with that date puts the published value back."""

    list_display = ["as_of", "currency", "rate_display", "source"]
    list_display_links = ["as_of", "currency"]
    list_filter = ["currency"]
    date_hierarchy = "as_of"
    search_fields = ["currency"]
    list_per_page = 100
    show_full_result_count = False

    @admin.display(description=_("units per 1 EUR"), ordering="rate")
    def rate_display(self, obj: ExchangeRate) -> str:
        return plain(obj.rate)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
