from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "marketplace.rates"
    label = "rates"
    verbose_name = "Exchange rates"

    def ready(self) -> None:
        from marketplace.rates import checks  # noqa: F401  (registers the system checks)
