from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    name = "marketplace.rates"
    label = "rates"
    verbose_name = _("Exchange rates")

    def ready(self) -> None:
        from marketplace.rates import checks  # noqa: F401  (registers the system checks)
