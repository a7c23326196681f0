from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regions.core.packs import PackSection
from regions.core.permissions import ALL_ACTIONS


class ComplianceConfig(AppConfig):
    name = "regions.compliance"
    label = "regions_compliance"
    verbose_name = _("Compliance")
    # The suppliers' records (certificates, responsible persons, reports) and their
    # permissions: marketplace.compliance (app label supplier_compliance).
    ops_permissions = {"certificatetype": ALL_ACTIONS, "compliancerule": ALL_ACTIONS}
    pack_sections = (
        PackSection("certificate_types", "regions_compliance.CertificateType", key=("code",),
                    references={"country": "countries"}, prune=True),
        PackSection("compliance_rules", "regions_compliance.ComplianceRule", key=("code",),
                    references={"country": "countries", "certificate_type": "certificate_types",
                                "alternative_types": "certificate_types"},
                    m2m=("alternative_types",), prune=True),
    )
    market_config_models = ("regions_compliance.ComplianceRule",
                            "regions_compliance.CertificateType")

    def ready(self) -> None:
        from regions.compliance import system_checks  # noqa: F401  (registers the checks)
