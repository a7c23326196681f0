from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    name = "marketplace.rates"
    label = "rates"
    verbose_name = _("Exchange rates")
    # Cached with the market configuration (marketplace/localization/market.py): every write,
    # `load_rates`' bulk ones included, moves the configuration version.
    market_config_models = ("rates.ExchangeRate",)

    def ready(self) -> None:
        from marketplace.rates import checks  # noqa: F401  (registers the system checks)
