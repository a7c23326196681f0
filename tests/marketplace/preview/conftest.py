"""Merchants, their listings and compiled UI catalogs for the preview tests.

The listing, rates and region packs are the localization tests' fixtures, reused as they are.
"""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.signals import setting_changed

from marketplace.catalog.models import Supplier
from tests.marketplace.localization.conftest import (  # noqa: F401
    listing,
    make_listing,
    rates,
    supplier,
    translate,
)
from tests.region_fixtures import packs  # noqa: F401


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The .mo files are build output: compile them, then make Django forget any catalog it
    loaded before they existed (the same signal override_settings(LOCALE_PATHS=...) sends)."""
    call_command("compile_translations", stdout=_Null())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)


@pytest.fixture
def merchant(supplier):  # noqa: F811
    user = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(user)
    return user


@pytest.fixture
def other_merchant(db):
    other = Supplier.objects.create(name="Ningbo Lamps", slug="nb-lamps", country="CN")
    user = get_user_model().objects.create_user("other-merchant", password="pw-other")
    other.members.add(user)
    return user


def preview_url(listing, *markets: str, **languages: str) -> str:  # noqa: F811
    """`preview_url(listing, "DE-consumer", **{"lang-DE-consumer": "en"})`."""
    query = [("market", market) for market in markets] + list(languages.items())
    return f"/preview/listings/{listing.pk}/" + (f"?{urlencode(query)}" if query else "")


class _Null:
    def write(self, *_args) -> None:
        pass
