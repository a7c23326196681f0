from django.apps import AppConfig


class WarehousesConfig(AppConfig):
    name = "regions.warehouses"
    label = "regions_warehouses"
    verbose_name = "Warehouses"
