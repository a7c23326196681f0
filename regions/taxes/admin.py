from django.contrib import admin

from regions.core.admin import CountryAdmin, RegionAdmin
from regions.core.admin_scoping import RegionScopedAdmin, RegionScopedInline, ScopedChoicesMixin
from regions.taxes.models import TaxPolicy, TaxRate


class TaxRateInline(RegionScopedInline):
    model = TaxRate
    fields = ["kind", "rate", "applies_to", "valid_from", "valid_until"]
    show_change_link = False


class TaxPolicyInline(ScopedChoicesMixin, admin.StackedInline):
    model = TaxPolicy


CountryAdmin.inlines.append(TaxRateInline)
RegionAdmin.inlines.append(TaxPolicyInline)


@admin.register(TaxRate)
class TaxRateAdmin(RegionScopedAdmin):
    list_display = ["country", "kind", "rate", "applies_to", "valid_from", "valid_until"]
    list_filter = [("country__region", admin.RelatedOnlyFieldListFilter), "kind",
                   ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["country__code", "applies_to"]
    list_select_related = ["country"]


@admin.register(TaxPolicy)
class TaxPolicyAdmin(RegionScopedAdmin):
    list_display = ["region", "tax_system", "consumer_prices_include_tax",
                    "business_prices_include_tax", "duties_included", "reverse_charge"]
    list_filter = ["tax_system", "reverse_charge"]
    list_select_related = ["region"]
