from django.apps import AppConfig


class TaxesConfig(AppConfig):
    name = "regions.taxes"
    label = "regions_taxes"
    verbose_name = "Taxes"
