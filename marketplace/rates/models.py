from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.core.config_version import ConfigManager
from regions.core.fields import CurrencyField

ECB_SOURCE = "ECB euro foreign exchange reference rates"

# Wide enough for every rate the ECB has published since 1999 (the Turkish lira reached seven
# integer digits, the pound has five decimals), with room to spare.
RATE_MAX_DIGITS = 18
RATE_DECIMAL_PLACES = 8


class ExchangeRate(models.Model):
    """How many units of `currency` one euro buys on `as_of`, as the ECB publishes it."""

    currency = CurrencyField(verbose_name=_("currency"))
    rate = models.DecimalField(
        max_digits=RATE_MAX_DIGITS,
        decimal_places=RATE_DECIMAL_PLACES,
        help_text=_("Units of the currency per 1 EUR, such as 1.1172 for USD."),
        verbose_name=_("rate"),
    )
    # Indexed on its own because the staleness check and the admin's date hierarchy ask for
    # dates across all currencies, which the (currency, as_of) index does not serve.
    as_of = models.DateField(db_index=True, help_text=_("The day the reference rate is for."),
                             verbose_name=_("as of"))
    source = models.CharField(max_length=200, default=ECB_SOURCE, verbose_name=_("source"))

    # Its bulk writes (load_rates) move the configuration version too (market_config_models).
    objects = ConfigManager()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-as_of", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "as_of"], name="rates_exchangerate_currency_as_of_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0), name="rates_exchangerate_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"1 EUR = {plain(self.rate)} {self.currency} on {self.as_of}"


def plain(value: Decimal) -> str:
    """`1.11720000` → `1.1172`, `136.00000000` → `136`: a stored rate without its padding."""
    return format(value.normalize(), "f")
