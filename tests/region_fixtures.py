"""Region framework fixtures (imported by the conftest files that need them): packs, ops users."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from regions.core.models import Country, Region
from regions.core.operators import make_operator


@pytest.fixture
def packs(db):
    """The EU, UK and US packs loaded from their real pack.toml files: the markets that the
    tests written against them expect, whatever else is installed. Every installed pack is
    loaded and checked by tests/regions/core/test_installed_packs.py."""
    call_command("load_region", "eu", "uk", "us", verbosity=0, stdout=_Null())
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def all_packs(db):
    """Every installed pack (built-in, REGION_PACKS, entry point) loaded, by region code."""
    call_command("load_region", "--all", verbosity=0, stdout=_Null())
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
