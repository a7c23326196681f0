from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceReviewConfig(AppConfig):
    name = "marketplace.compliance_review"
    label = "compliance_review"
    verbose_name = _("AI compliance review")
    # Ops confirm and dismiss the AI findings of their regions; findings and reviews are
    # never added or deleted by hand (the admin offers neither), and `services.decide`
    # checks the region again.
    ops_permissions = {"claimreview": ("view", "change"), "claimfinding": ("view", "change")}

    def ready(self) -> None:
        # The compliance reports read the AI review's findings through this registration;
        # marketplace.compliance never imports this app.
        from marketplace.compliance import findings_sources
        from marketplace.compliance_review.findings import AIReviewFindings

        findings_sources.register(AIReviewFindings())
