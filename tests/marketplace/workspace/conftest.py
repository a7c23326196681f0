"""Merchants of two suppliers, a listing of each, and compiled UI catalogs for the workspace
tests. The listing, rates and packs are the localization tests' fixtures, reused as they are."""

import pytest
from django.contrib.auth import get_user_model

from marketplace.catalog.models import Supplier
from tests.marketplace.localization.conftest import (  # noqa: F401
    listing,
    make_listing,
    rates,
    supplier,
    translate,
)
from tests.marketplace.preview.conftest import compiled_translations  # noqa: F401
from tests.region_fixtures import packs  # noqa: F401


@pytest.fixture
def merchant(supplier):  # noqa: F811
    user = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(user)
    return user


@pytest.fixture
def other_supplier(db) -> Supplier:
    return Supplier.objects.create(name="Ningbo Lamps", slug="nb-lamps", country="CN")


@pytest.fixture
def other_listing(packs, rates, other_supplier):  # noqa: F811
    return make_listing(other_supplier, title="台灯 LED-7")


@pytest.fixture
def signed_in(client, merchant):
    client.force_login(merchant)
    return client


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded documents go to a per-test folder, never the developer's var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
