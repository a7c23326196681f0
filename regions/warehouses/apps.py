from django.apps import AppConfig

from regions.core.permissions import ALL_ACTIONS


class WarehousesConfig(AppConfig):
    name = "regions.warehouses"
    label = "regions_warehouses"
    verbose_name = "Warehouses"
    ops_permissions = {"warehouse": ALL_ACTIONS, "shippingoption": ALL_ACTIONS}
