from django.apps import AppConfig

from regions.core.permissions import ALL_ACTIONS


class ComplianceConfig(AppConfig):
    name = "regions.compliance"
    label = "regions_compliance"
    verbose_name = "Compliance"
    # The suppliers' records (certificates, responsible persons, reports) and their
    # permissions: marketplace.compliance (app label supplier_compliance).
    ops_permissions = {"certificatetype": ALL_ACTIONS, "compliancerule": ALL_ACTIONS}

    def ready(self) -> None:
        from regions.compliance import system_checks  # noqa: F401  (registers the checks)
