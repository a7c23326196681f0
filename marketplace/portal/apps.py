from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "marketplace.portal"
    label = "portal"
    verbose_name = _("Supplier onboarding")
    # Ops review their regions' applications: decisions go through approve/reject, never a
    # field edit, so view is all the admin needs.
    ops_permissions = {"application": ("view",)}
