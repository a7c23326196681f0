from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from regions.core.permissions import ALL_ACTIONS


class CoreConfig(AppConfig):
    name = "regions.core"
    label = "regions_core"
    verbose_name = _("Regions")
    # Regions themselves are created by superusers; ops view and edit their own.
    ops_permissions = {"region": ("view", "change"), "country": ALL_ACTIONS}
    market_config_models = ("regions_core.Region", "regions_core.Country")

    def ready(self) -> None:
        from regions.core import checks  # noqa: F401  (registers the system checks)
        from regions.core.config_version import connect_signals
        from regions.core.operators import refresh_ops_group

        post_migrate.connect(refresh_ops_group, dispatch_uid="regions.core.refresh_ops_group")
        connect_signals()
