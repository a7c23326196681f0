from decimal import Decimal

from django.db import models

from regions.core.config_version import ConfigManager
from regions.core.fields import CurrencyField

ECB_SOURCE = "ECB euro foreign exchange reference rates"

# Wide enough for every rate the ECB has published since 1999 (the Turkish lira reached seven
# integer digits, the pound has five decimals), with room to spare.
RATE_MAX_DIGITS = 18
RATE_DECIMAL_PLACES = 8


class ExchangeRate(models.Model):
    """How many units of `currency` one euro buys on `as_of`, as the ECB publishes it."""

    currency = CurrencyField()
    rate = models.DecimalField(
        max_digits=RATE_MAX_DIGITS,
        decimal_places=RATE_DECIMAL_PLACES,
        help_text="Units of the currency per 1 EUR, such as 1.1172 for USD.",
    )
    # Indexed on its own because the staleness check and the admin's date hierarchy ask for
    # dates across all currencies, which the (currency, as_of) index does not serve.
    as_of = models.DateField(db_index=True, help_text="The day the reference rate is for.")
    source = models.CharField(max_length=200, default=ECB_SOURCE)

    # Its bulk writes (load_rates) move the configuration version too (market_config_models).
    objects = ConfigManager()

    class Meta:
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
