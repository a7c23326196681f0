from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "regions.compliance"
    label = "regions_compliance"
    verbose_name = "Compliance"
