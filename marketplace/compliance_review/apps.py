from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceReviewConfig(AppConfig):
    name = "marketplace.compliance_review"
    label = "compliance_review"
    verbose_name = _("AI compliance review")

    def ready(self) -> None:
        from regions.core import operators

        # Regional ops confirm and dismiss the AI findings of their regions (issue 5), so the
        # "Regional ops" group gets this app's permissions like the regions' own apps. The
        # admin still offers no add or delete, and `services.decide` checks the region.
        operators.OPS_MODELS.setdefault(self.label, ["claimreview", "claimfinding"])
