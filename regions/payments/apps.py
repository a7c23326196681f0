from django.apps import AppConfig

from regions.core.permissions import ALL_ACTIONS


class PaymentsConfig(AppConfig):
    name = "regions.payments"
    label = "regions_payments"
    verbose_name = "Payments"
    ops_permissions = {"paymentmethod": ALL_ACTIONS, "paymentmethodcurrency": ALL_ACTIONS}
