import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.signals import setting_changed


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the catalogs (packs' included) and make Django forget any catalog it loaded
    before they existed."""
    call_command("compile_translations", stdout=io.StringIO())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)
