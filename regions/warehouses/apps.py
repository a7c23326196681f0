from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regions.core.packs import PackSection
from regions.core.permissions import ALL_ACTIONS


class WarehousesConfig(AppConfig):
    name = "regions.warehouses"
    label = "regions_warehouses"
    verbose_name = _("Warehouses")
    ops_permissions = {"warehouse": ALL_ACTIONS, "shippingoption": ALL_ACTIONS}
    pack_sections = (
        PackSection("warehouses", "regions_warehouses.Warehouse", key=("code",),
                    m2m=("countries_served",),
                    children=PackSection("shipping_options", "regions_warehouses.ShippingOption",
                                         key=("code",), parent_field="warehouse")),
    )
    market_config_models = ("regions_warehouses.Warehouse", "regions_warehouses.ShippingOption")
