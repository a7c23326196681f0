"""Quotes and orders in the admin: read-only (an order's snapshot never changes); ops record
offline payments as received, which is the manual provider's whole workflow. Regional ops see
the orders and payments of their regions only (marketplace.checkout.scoping)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.checkout import payments
from marketplace.checkout.models import Order, Payment, PaymentStatus, Quote
from marketplace.checkout.order_names import (
    method_shown,
    name_shown,
    payment_method_name,
    payment_method_shown,
    shipping_option_shown,
    with_method_names,
    with_pack_names,
)
from marketplace.checkout.scoping import orders_in, payments_in
from regions.core.admin_confirm import confirmation_page
from regions.core.admin_scoping import RegionScopeMixin
from regions.core.admin_time import time_column
from regions.core.scoping import regions_for


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["id", "country", "buyer_type", "language", "vat_id", "created_at",
                    "expires_at"]
    list_filter = ["country", "buyer_type"]
    search_fields = ["id", "vat_id"]


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ["provider", "method_shown", "amount", "currency", "status", "reference",
              "created_at"]
    readonly_fields = fields

    @admin.display(description=_("payment method"))
    def method_shown(self, payment: Payment) -> str:
        return payment_method_name(payment.order.quote.region, payment.method)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        # The payments are part of the order: seeing it is seeing them.
        return request.user.has_perm("checkout.view_order")


class PaymentStatusFilter(admin.SimpleListFilter):
    """The orders whose payment is pending (the ones to look for in the bank statement)."""

    title = _("payment")
    parameter_name = "payment"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(PaymentStatus.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value not in PaymentStatus.values:
            return queryset
        return queryset.filter(pk__in=Payment.objects.filter(status=value).values("order_id"))


class PaymentMethodFilter(admin.SimpleListFilter):
    """The payment methods of the orders the user may see, by their names."""

    title = _("payment method")
    parameter_name = "payment_method"
    # The code field and the annotation naming it (order_names.with_pack_names).
    code_field, name_field = "payment_method", "payment_method_name"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        pairs = (model_admin.get_queryset(request).prefetch_related(None).order_by()
                 .values_list(self.code_field, self.name_field).distinct())
        shown = {code: name_shown(name, code) for code, name in pairs}
        return sorted(shown.items(), key=lambda item: item[1].casefold())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset.filter(**{self.code_field: value}) if value else queryset


class PaymentsMethodFilter(PaymentMethodFilter):
    """The methods of the payments the user may see, by their names."""

    parameter_name = "method"
    code_field, name_field = "method", "method_name"


class RecordsPaymentsMixin:
    """The action ops use when a transfer arrives, after a confirmation page."""

    def _record(self, request: HttpRequest, shown: QuerySet, chosen: QuerySet[Payment]):
        """`shown`: the rows the user ticked (named on the confirmation page); `chosen`: their
        payments."""
        page = confirmation_page(
            self, request, shown, title=_("Record offline payments"),
            question=_("Record the money of these orders as received? Only pending offline "
                       "payments change; the buyer's order is then paid."),
            button=_("Yes, record as received"))
        if page is not None:
            return page
        updated = payments.record_received(chosen)
        self.message_user(request, _("%(count)s payment(s) recorded as paid.") % {
            "count": updated}, messages.SUCCESS)
        return None

    def has_record_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("checkout.change_payment")


class ScopedReadOnlyAdmin(RegionScopeMixin, ReadOnlyAdmin):
    pass


@admin.register(Order)
class OrderAdmin(RecordsPaymentsMixin, ScopedReadOnlyAdmin):
    list_display = ["number", "status", "paid", "payment_method_shown", "shipping_option_shown",
                    "total", "currency", time_column("created_at", _("placed"))]
    list_filter = ["status", PaymentStatusFilter, PaymentMethodFilter]
    search_fields = ["number", "idempotency_key"]
    inlines = [PaymentInline]
    actions = ["record_received"]

    def scoped(self, queryset, user):
        if user.is_superuser:
            return queryset
        return queryset.filter(pk__in=orders_in(regions_for(user)).values("pk"))

    # The detail page shows the names in place of the codes (the codes stay searchable).
    SHOWN_AS_NAMES = {"payment_method": "payment_method_shown",
                      "shipping_option": "shipping_option_shown"}

    def get_queryset(self, request):
        return with_pack_names(super().get_queryset(request).prefetch_related("payments"))

    def get_fields(self, request, obj=None):
        fields = (self.SHOWN_AS_NAMES.get(name, name) for name in super().get_fields(request, obj))
        return list(dict.fromkeys(fields))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.SHOWN_AS_NAMES.values()]

    @admin.display(description=_("payment method"), ordering="payment_method")
    def payment_method_shown(self, order: Order) -> str:
        return payment_method_shown(order)

    @admin.display(description=_("shipping option"), ordering="shipping_option")
    def shipping_option_shown(self, order: Order) -> str:
        return shipping_option_shown(order)

    @admin.display(description=_("payment"))
    def paid(self, order: Order) -> str:
        return ", ".join(str(p.get_status_display()) for p in order.payments.all()) or "—"

    @admin.action(description=_("Record the money as received (offline payments)"),
                  permissions=["record"])
    def record_received(self, request, queryset):
        return self._record(request, queryset, Payment.objects.filter(order__in=queryset))


@admin.register(Payment)
class PaymentAdmin(RecordsPaymentsMixin, ScopedReadOnlyAdmin):
    list_display = ["reference", "method_shown", "provider", "amount", "currency", "status",
                    time_column("created_at", _("created"))]
    list_filter = ["status", "provider", PaymentsMethodFilter]
    search_fields = ["reference"]
    actions = ["record_received"]

    def scoped(self, queryset, user):
        if user.is_superuser:
            return queryset
        return queryset.filter(pk__in=payments_in(regions_for(user)).values("pk"))

    def get_queryset(self, request):
        return with_method_names(super().get_queryset(request))

    # The detail page shows the method's name in place of its code (as OrderAdmin does).
    def get_fields(self, request, obj=None):
        fields = ("method_shown" if name == "method" else name
                  for name in super().get_fields(request, obj))
        return list(dict.fromkeys(fields))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "method_shown"]

    @admin.display(description=_("payment method"), ordering="method")
    def method_shown(self, payment: Payment) -> str:
        return method_shown(payment)

    @admin.action(description=_("Record the money as received (offline payments)"),
                  permissions=["record"])
    def record_received(self, request, queryset):
        return self._record(request, queryset, queryset)
