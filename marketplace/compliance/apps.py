from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regions.core.permissions import ALL_ACTIONS


class SupplierComplianceConfig(AppConfig):
    """Suppliers' compliance records: certificates, responsible persons, stored reports, the
    sales gate and the re-checks. The configuration they are checked against (certificate
    types, rules) is regions.compliance's."""

    name = "marketplace.compliance"
    label = "supplier_compliance"
    verbose_name = _("Supplier compliance")
    # Reports are written by the checks; ops read them (the admin offers no edits).
    ops_permissions = {"certificate": ALL_ACTIONS, "responsibleperson": ALL_ACTIONS,
                       "compliancereport": ("view",)}

    def ready(self) -> None:
        from marketplace.compliance import system_checks  # noqa: F401  (registers the checks)
