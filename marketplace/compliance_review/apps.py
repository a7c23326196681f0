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
