from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "regions.compliance"
    label = "regions_compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        from regions.compliance import system_checks  # noqa: F401  (registers the checks)
