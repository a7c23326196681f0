from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regions.core.packs import PackSection
from regions.core.permissions import ALL_ACTIONS


class LanguagesConfig(AppConfig):
    name = "regions.languages"
    label = "regions_languages"
    verbose_name = _("Languages")
    ops_permissions = {"regionlanguage": ALL_ACTIONS}
    pack_sections = (
        PackSection("languages", "regions_languages.RegionLanguage", key=("country", "language"),
                    references={"country": "countries"}),
    )
    market_config_models = ("regions_languages.RegionLanguage",)
