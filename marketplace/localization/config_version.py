"""The version of the market configuration that MarketData reads, in one cheap query.

Every regions.* model MarketData reads keeps its history (django-simple-history): each save,
delete and many-to-many change through the ORM, from the admin, `load_region` or a shell,
in this process or any other, writes a history row. So the latest history rows of those
tables identify the configuration: when they are unchanged, so is the configuration, and a
MarketData cached in this process may be reused. Reading the database rather than a
per-process flag is what makes an edit made in another process (a second web worker, a
`load_region` run) reach this one on its very next request.

Per history table the version holds
- the row count: a transaction that commits after a later-numbered one (PostgreSQL hands out
  ids at insert time, not at commit) still changes it;
- the highest id and the newest history date: an edit followed by pruning old history keeps
  the count but moves these; the date also tells apart rows whose id SQLite hands out again
  after a rollback.

Exchange rates are not versioned here: `load_rates` writes them in bulk, without history, so
MarketData reads them on every request (one query) instead of caching them.

What bypasses the history also bypasses this version: QuerySet.update(), bulk_create(), raw
SQL, SIMPLE_HISTORY_ENABLED = False. The project writes configuration through save()/delete()
only, which its audit trail ("History" in the admin) depends on as well.
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from regions.core.packs import market_config_models


def watched_models() -> tuple[type[Model], ...]:
    """The models whose rows MarketData.load reads: each concern app declares its own
    (AppConfig.market_config_models; tests/marketplace/localization checks that no table it
    queries is missing). Many-to-many changes (PaymentMethod.countries,
    Warehouse.countries_served) are recorded as a history row of the model that declares
    them."""
    return tuple(market_config_models())

Version = tuple


def configuration_version(using: str = DEFAULT_DB_ALIAS) -> Version:
    """A value that changes whenever any watched model's configuration changes."""
    with connections[using].cursor() as cursor:
        cursor.execute(_version_sql(using))
        return tuple(cursor.fetchone())


@cache
def _version_sql(using: str) -> str:
    # One statement of scalar subqueries, each a single COUNT or MAX so that SQLite and
    # PostgreSQL answer the MAX ones from the primary-key and history_date indexes. Only
    # table and column names from the models' metadata, quoted, go into it: no user input.
    quote = connections[using].ops.quote_name
    parts = []
    for model in watched_models():
        table = quote(model.history.model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})",  # noqa: S608
                  f"(SELECT MAX({quote('history_id')}) FROM {table})",  # noqa: S608
                  f"(SELECT MAX({quote('history_date')}) FROM {table})"]  # noqa: S608
    return "SELECT " + ", ".join(parts)
