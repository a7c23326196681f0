"""Quotes and orders in the admin: read-only (an order's snapshot never changes); ops record
offline payments as received, which is the manual provider's whole workflow."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from marketplace.checkout.models import Order, Payment, PaymentStatus, Quote


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
    readonly_fields = ["provider", "method", "amount", "currency", "status", "reference",
                       "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "payment_method", "shipping_option", "total", "currency",
                    "created_at"]
    list_filter = ["status", "payment_method"]
    search_fields = ["number", "idempotency_key"]
    inlines = [PaymentInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "method", "provider", "amount", "currency", "status",
                    "created_at"]
    list_filter = ["status", "provider", "method"]
    search_fields = ["reference"]
    actions = ["record_received"]

    @admin.action(description=_("Record the money as received (offline payments)"),
                  permissions=["record"])
    def record_received(self, request, queryset) -> None:
        updated = queryset.filter(status=PaymentStatus.PENDING, provider="manual").update(
            status=PaymentStatus.PAID)
        self.message_user(request, _("%(count)s payment(s) recorded as paid.") % {
            "count": updated}, messages.SUCCESS)

    def has_record_permission(self, request) -> bool:
        return request.user.has_perm("checkout.change_payment")
