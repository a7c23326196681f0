"""Demo data stays out of production: the demo loaders create accounts whose passwords are
printed in the README, so each refuses to run when MARKETPLACE_ENV is production (load_demo
and load_demo_users check settings.PRODUCTION themselves; commands without a service of their
own call this)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

DEMO_ACCOUNTS = "creates demo accounts whose passwords are published"


def refuse_in_production(command: str, does: str = DEMO_ACCOUNTS) -> None:
    """Raises CommandError (exit status 1, nothing written) in production; `does` says why
    the command has no place there."""
    if getattr(settings, "PRODUCTION", False):
        raise CommandError(
            f"{command} {does}; refusing in production (MARKETPLACE_ENV=production)."
        )
