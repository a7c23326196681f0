from django.apps import AppConfig


class AIConfig(AppConfig):
    name = "marketplace.ai"
    label = "ai"
    verbose_name = "AI models"
