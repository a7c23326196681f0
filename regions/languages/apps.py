from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "regions.languages"
    label = "regions_languages"
    verbose_name = "Languages"
