from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "marketplace.catalog"
    label = "catalog"
    verbose_name = "Catalog"
    # Ops look up the listings and suppliers of their regions (scoped in the admin); the
    # suppliers edit them in their workspace.
    ops_permissions = {"listing": ("view",), "supplier": ("view",)}
