from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.core.admin_filters import ScopedCountryFilter
from regions.core.admin_scoping import RegionScopedAdmin, RegionScopedInline
from regions.core.pack_names import pack_name
from regions.warehouses.models import ShippingOption, Warehouse


class ShippingOptionInline(RegionScopedInline):
    model = ShippingOption
    fields = ["code", "name", "mode", "incoterm", "transit_days_min", "transit_days_max",
              "cost_amount", "cost_currency", "max_goods_value", "business_buyers",
              "consumer_buyers", "active"]


@admin.register(Warehouse)
class WarehouseAdmin(RegionScopedAdmin):
    list_display = ["name_shown", "code", "region", "kind", "location", "city", "served",
                    "active"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "kind",
                   ("location", ScopedCountryFilter), "active",
                   ("countries_served", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code", "city", "countries_served__code"]
    list_select_related = ["region"]
    filter_horizontal = ["countries_served"]
    inlines = [ShippingOptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries_served")

    @admin.display(description=_("name"), ordering="name")
    def name_shown(self, obj: Warehouse) -> str:
        # The pack's name in the reader's language; the form keeps the English it wrote.
        return pack_name(obj.name)

    @admin.display(description=_("serves"))
    def served(self, obj: Warehouse) -> str:
        return ", ".join(str(country.code) for country in obj.countries_served.all())


@admin.register(ShippingOption)
class ShippingOptionAdmin(RegionScopedAdmin):
    list_display = ["name_shown", "warehouse", "mode", "incoterm", "transit_days_min",
                    "transit_days_max", "cost_amount", "cost_currency", "active"]
    list_filter = [("warehouse__region", admin.RelatedOnlyFieldListFilter), "mode", "incoterm",
                   "business_buyers", "consumer_buyers", "active"]
    search_fields = ["name", "code", "warehouse__name"]
    list_select_related = ["warehouse"]

    @admin.display(description=_("name"), ordering="name")
    def name_shown(self, obj: ShippingOption) -> str:
        return pack_name(obj.name)
