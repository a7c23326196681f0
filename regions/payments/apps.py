from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "regions.payments"
    label = "regions_payments"
    verbose_name = "Payments"
