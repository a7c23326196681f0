"""Every demo loader refuses to run in production: their accounts' passwords are published."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from marketplace.portal.models import Application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", ["portal_demo", "load_demo", "load_demo_users"])
def test_demo_commands_refuse_in_production(settings, command):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="refusing in production"):
        call_command(command)

    assert Application.objects.count() == 0
    assert get_user_model().objects.count() == 0
