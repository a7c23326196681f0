from django.apps import AppConfig

from regions.core.permissions import ALL_ACTIONS


class TaxesConfig(AppConfig):
    name = "regions.taxes"
    label = "regions_taxes"
    verbose_name = "Taxes"
    ops_permissions = {"vatrate": ALL_ACTIONS, "taxpolicy": ALL_ACTIONS}
