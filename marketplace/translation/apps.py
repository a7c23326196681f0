from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "marketplace.translation"
    label = "translation"
    verbose_name = "Translation"
