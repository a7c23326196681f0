from django.apps import AppConfig

from regions.core.permissions import ALL_ACTIONS


class LanguagesConfig(AppConfig):
    name = "regions.languages"
    label = "regions_languages"
    verbose_name = "Languages"
    ops_permissions = {"regionlanguage": ALL_ACTIONS}
