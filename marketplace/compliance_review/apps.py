from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceReviewConfig(AppConfig):
    name = "marketplace.compliance_review"
    label = "compliance_review"
    verbose_name = _("AI compliance review")
