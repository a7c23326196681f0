"""System checks that tell an operator the exchange rates need loading."""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import DatabaseError, transaction
from django.utils import timezone

from marketplace.rates.services import latest_rate_date, rates_are_stale


@checks.register()
def check_rates_are_current(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if app_configs is not None and apps.get_app_config("rates") not in app_configs:
        return []
    try:
        # A savepoint, so that on PostgreSQL a failed query cannot poison a transaction the
        # caller (a test, say) has open.
        with transaction.atomic():
            newest = latest_rate_date()
    except DatabaseError:
        # Before `migrate` the table does not exist; migrate itself runs the checks first.
        return []
    if newest is None or not rates_are_stale(newest):
        return []
    age = (timezone.localdate() - newest).days
    return [
        checks.Warning(
            f"Exchange rates are {age} days old (as of {newest}); run "
            "`python manage.py load_rates FILE`",
            hint=(
                "FILE is the ECB's eurofxref-daily.xml, eurofxref.csv or eurofxref-hist.zip "
                "from https://www.ecb.europa.eu/stats/eurofxref/. Prices converted from other "
                "currencies use these rates; EXCHANGE_RATES_MAX_AGE_DAYS is "
                f"{settings.EXCHANGE_RATES_MAX_AGE_DAYS}."
            ),
            id="rates.W001",
        )
    ]
