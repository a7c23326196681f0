from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.core.admin_scoping import RegionScopedAdmin, RegionScopedInline
from regions.core.pack_names import pack_name
from regions.payments.models import PaymentMethod, PaymentMethodCurrency


class PaymentMethodCurrencyInline(RegionScopedInline):
    model = PaymentMethodCurrency
    fields = ["currency", "country", "min_amount", "max_amount"]
    show_change_link = False


@admin.register(PaymentMethod)
class PaymentMethodAdmin(RegionScopedAdmin):
    list_display = [
        "name_shown", "code", "region", "settlement", "business_buyers", "consumer_buyers",
        "currency_list", "active",
    ]
    list_filter = [
        ("region", admin.RelatedOnlyFieldListFilter),
        "settlement",
        "business_buyers",
        "consumer_buyers",
        "chargeback",
        "active",
        ("countries", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "code", "countries__code", "currencies__currency"]
    list_select_related = ["region"]
    filter_horizontal = ["countries"]
    inlines = [PaymentMethodCurrencyInline]
    fieldsets = [
        (None, {"fields": ["region", "code", "name", "settlement", "active", "position"]}),
        (_("Who can pay with it"), {"fields": ["countries", "business_buyers", "consumer_buyers"]}),
        (_("Terms"), {"fields": ["chargeback", "terms", "notes", "source"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("currencies")

    @admin.display(description=_("name"), ordering="name")
    def name_shown(self, obj: PaymentMethod) -> str:
        # The pack's name in the reader's language; the form keeps the English it wrote.
        return pack_name(obj.name)

    @admin.display(description=_("currencies"))
    def currency_list(self, obj: PaymentMethod) -> str:
        return ", ".join(sorted({row.currency for row in obj.currencies.all()})) or "—"


@admin.register(PaymentMethodCurrency)
class PaymentMethodCurrencyAdmin(RegionScopedAdmin):
    list_display = ["method", "currency", "country", "min_amount", "max_amount"]
    list_filter = ["currency", ("method__region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["method__name", "method__code", "currency"]
    list_select_related = ["method", "country"]

    def has_module_permission(self, request) -> bool:
        return False  # edited inline on the payment method; registered for its history
