from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "marketplace.catalog"
    label = "catalog"
    verbose_name = _("Catalog")
    # Ops look up the listings and suppliers of their regions (scoped in the admin); the
    # suppliers edit them in their workspace.
    ops_permissions = {"listing": ("view",), "supplier": ("view",)}
