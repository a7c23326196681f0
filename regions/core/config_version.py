"""The configuration version: one row that every write to a market's configuration bumps.

MarketData (marketplace/localization) is cached per process while this version is unchanged,
so the version must move on every write, from any process, and cost one cheap query to read.

Every way the ORM writes a watched model (each concern app's `market_config_models`) bumps
it, in the writer's own transaction (a rolled-back write leaves the version as it was):
- save(), delete(), QuerySet.delete() (cascades included) and many-to-many changes, through
  the post_save, post_delete and m2m_changed signals connected in `connect_signals()`;
- QuerySet.update(), bulk_update() and bulk_create(), which send no signals, through
  `ConfigQuerySet`: each watched model's default manager is a `ConfigManager` (the system
  check regions.E040 refuses to start when one is not).
Raw SQL cannot be seen: code that writes configuration with it calls `bump()` itself.

The version is (counter, token). The token is new on every bump, so a bump that was rolled
back (a test's transaction, a failed admin save) can never be confused with a later one that
reached the same counter.
"""

import functools
import uuid
from collections.abc import Iterator

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.signals import m2m_changed, post_delete, post_save

from regions.core.packs import market_config_models

Version = tuple

_ROW_ID = 1


class ConfigQuerySet(models.QuerySet):
    """A QuerySet of a watched model: its bulk writes bump the configuration version."""

    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        bump(self.db)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            bump(self.db)
        return created

    # bulk_update() runs update() per batch, so it bumps through update() above.


ConfigManager = models.Manager.from_queryset(ConfigQuerySet, "ConfigManager")


def watched_models() -> tuple[type[models.Model], ...]:
    """The models whose rows make up a market's configuration: each concern app's
    `market_config_models`."""
    return tuple(market_config_models())


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the version: one upsert, so concurrent writers each move it (the row lock
    orders them) and a missing row (a flushed test database) is created."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, counter, token) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (id) DO UPDATE SET counter = {table}.counter + 1, "
            "token = excluded.token",
            [_ROW_ID, uuid.uuid4().hex])


def current(using: str = DEFAULT_DB_ALIAS) -> Version:
    """The version now: one primary-key read. Every API request asks it, so the SQL is
    written here rather than built by the ORM (whose compiling cost more than the read)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_current_sql(using), [_ROW_ID])
        row = cursor.fetchone()
    return tuple(row) if row else (0, "")


@functools.cache
def _current_sql(using: str) -> str:
    quote = connections[using].ops.quote_name
    meta = _model()._meta
    counter, token = (quote(meta.get_field(name).column) for name in ("counter", "token"))
    # Quoted names from the model's metadata and a placeholder only.
    return (f"SELECT {counter}, {token} "  # noqa: S608
            f"FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s")


def connect_signals() -> None:
    """Bump on every signal-sending write to a watched model (called from AppConfig.ready)."""
    for model in watched_models():
        post_save.connect(_bump_on_signal, sender=model,
                          dispatch_uid=f"config_version.save.{model._meta.label}")
        post_delete.connect(_bump_on_signal, sender=model,
                            dispatch_uid=f"config_version.delete.{model._meta.label}")
        for through in _through_models(model):
            m2m_changed.connect(_bump_on_m2m, sender=through,
                                dispatch_uid=f"config_version.m2m.{through._meta.label}")


def unversioned_models() -> list[type[models.Model]]:
    """Watched models whose default manager would let a bulk write pass unseen."""
    return [model for model in watched_models()
            if not issubclass(model._default_manager._queryset_class, ConfigQuerySet)]


def _through_models(model: type[models.Model]) -> Iterator[type[models.Model]]:
    for field in model._meta.many_to_many:
        yield field.remote_field.through


def _bump_on_signal(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    bump(using)


def _bump_on_m2m(sender, action: str, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if action.startswith("post_"):
        bump(using)


def _model() -> type[models.Model]:
    return apps.get_model("regions_core", "ConfigurationVersion")
