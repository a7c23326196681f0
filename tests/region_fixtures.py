"""Region framework fixtures (imported by the conftest files that need them): packs, ops users."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from marketplace.localization.market import forget_cached_markets
from regions.core.models import ConfigurationVersion, Country, Region
from regions.core.operators import make_operator

Snapshot = list[tuple[type[models.Model], list[dict]]]


def _loaded_rows(*load_region_args: str) -> Snapshot:
    """The rows that `load_region <args>` writes into an empty database, history included,
    read inside a transaction that is then rolled back."""
    every_model = apps.get_models(include_auto_created=True)
    with transaction.atomic():
        before = {model: model._base_manager.count() for model in every_model}
        call_command("load_region", *load_region_args, verbosity=0, stdout=_Null())
        rows = [(model, list(model._base_manager.order_by("pk").values(
                    *(field.attname for field in model._meta.concrete_fields))))
                for model in every_model if model._base_manager.count() != before[model]]
        transaction.set_rollback(True)
    return rows


def _restore(rows: Snapshot) -> None:
    """Write a snapshot back with its primary keys, then move PostgreSQL's sequences past them
    so that rows a test creates get fresh ids (what loaddata does too). The history rows come
    back too, so the configuration version is the same in every test: the process's market
    caches are emptied, or a test would read what an earlier one cached (perhaps after a
    QuerySet.update(), which the version does not see)."""
    forget_cached_markets()
    # In one transaction, so that foreign keys are checked at its end whatever the order of
    # the models (tests on a live server run outside the test's own transaction).
    with transaction.atomic():
        for model, values in rows:
            if model is ConfigurationVersion:
                # Its one row exists already when a fixture before this one wrote a watched
                # model (the exchange rates a test loads first).
                model._base_manager.all().delete()
            model._base_manager.bulk_create(model(**row) for row in values)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in rows]):
            cursor.execute(statement)


@pytest.fixture(scope="session")
def _eu_uk_us_rows(django_db_setup, django_db_blocker) -> Snapshot:
    with django_db_blocker.unblock():
        return _loaded_rows("eu", "uk", "us")


@pytest.fixture(scope="session")
def _all_pack_rows(django_db_setup, django_db_blocker) -> Snapshot:
    with django_db_blocker.unblock():
        return _loaded_rows("--all")


@pytest.fixture
def packs(db, _eu_uk_us_rows):
    """The EU, UK and US packs as `load_region eu uk us` leaves them (loaded once per session
    from their real pack.toml files, then restored row for row in each test, which is 5 to 10
    times faster than loading): the markets that the tests written against them expect,
    whatever else is installed. The loader itself is tested by tests/regions/core and
    tests/regions/packs, every installed pack by tests/regions/core/test_installed_packs.py."""
    _restore(_eu_uk_us_rows)
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def all_packs(db, _all_pack_rows):
    """Every installed pack (built-in, REGION_PACKS, entry point) loaded, by region code."""
    _restore(_all_pack_rows)
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def region(db) -> Region:
    """A small region of its own, for validation tests that need no pack."""
    region = Region.objects.create(code="tst", name="Test region")
    Country.objects.create(
        code="DE", region=region, currency="EUR", default_language="de", timezone="Europe/Berlin"
    )
    Country.objects.create(
        code="AT", region=region, currency="EUR", default_language="de", timezone="Europe/Vienna"
    )
    return region


def operator(username: str, *regions: str):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    make_operator(user, regions)
    return user


@pytest.fixture
def eu_ops(packs):
    return operator("eu-operator", "eu")


@pytest.fixture
def uk_ops(packs):
    return operator("uk-operator", "uk")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw-root")


class _Null:
    def write(self, *_args) -> None:
        pass
