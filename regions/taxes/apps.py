from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regions.core.packs import PackSection
from regions.core.permissions import ALL_ACTIONS


class TaxesConfig(AppConfig):
    name = "regions.taxes"
    label = "regions_taxes"
    verbose_name = _("Taxes")
    ops_permissions = {"taxrate": ALL_ACTIONS, "taxpolicy": ALL_ACTIONS, "tax": ALL_ACTIONS,
                       "taxclass": ALL_ACTIONS}
    pack_sections = (
        PackSection("tax_policy", "regions_taxes.TaxPolicy", key=(), single=True),
        PackSection("taxes", "regions_taxes.Tax", key=("country", "code"),
                    references={"country": "countries"}),
        PackSection("tax_rates", "regions_taxes.TaxRate",
                    key=("country", "subdivision", "tax", "kind", "applies_to", "valid_from"),
                    references={"country": "countries"}, scoped=False),
        PackSection("tax_classes", "regions_taxes.TaxClass", key=("country", "category"),
                    references={"country": "countries"}),
    )
    market_config_models = ("regions_taxes.TaxPolicy", "regions_taxes.Tax",
                            "regions_taxes.TaxRate", "regions_taxes.TaxClass")

    def ready(self) -> None:
        from regions.taxes import checks  # noqa: F401  (registers the system checks)
