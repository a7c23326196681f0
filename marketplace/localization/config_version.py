"""The version of the market configuration that MarketData reads: one primary-key query.

The version itself lives in regions.core.config_version: one row that every ORM write to a
watched model bumps in the writer's transaction (signals for save/delete/many-to-many, the
watched models' ConfigQuerySet for update/bulk_update/bulk_create). Reading the database
rather than a per-process flag is what makes an edit made in another process (a second web
worker, a `load_region` run, a shell) reach this one on its very next request.

Exchange rates are watched too (marketplace.rates: `load_rates` writes them in bulk, through
the ConfigQuerySet), so MarketData keeps them with the configuration.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

from regions.core import config_version

Version = config_version.Version


def watched_models() -> tuple[type[Model], ...]:
    """The models whose rows MarketData.load reads: each concern app declares its own
    (AppConfig.market_config_models; tests/marketplace/localization checks that no table it
    queries is missing)."""
    return config_version.watched_models()


def configuration_version(using: str = DEFAULT_DB_ALIAS) -> Version:
    """A value that changes whenever any watched model's configuration changes."""
    return config_version.current(using)
