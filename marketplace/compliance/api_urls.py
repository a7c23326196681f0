"""API routes of compliance, included under /api/v1/ by marketplace/api/urls.py."""

from django.urls import path

from marketplace.compliance.api import (
    ComplianceCheckJobView,
    ListingComplianceChecksView,
    ListingComplianceHistoryView,
    ListingComplianceView,
)
from marketplace.compliance.views import CertificateFileView

urlpatterns = [
    path("certificates/<int:pk>/file/", CertificateFileView.as_view(),
         name="certificate-file"),
    path("listings/<int:pk>/compliance-checks/", ListingComplianceChecksView.as_view(),
         name="listing-compliance-checks"),
    path("listings/<int:pk>/compliance/", ListingComplianceView.as_view(),
         name="listing-compliance"),
    path("listings/<int:pk>/compliance/history/", ListingComplianceHistoryView.as_view(),
         name="listing-compliance-history"),
    path("compliance-checks/<int:pk>/", ComplianceCheckJobView.as_view(),
         name="compliance-check-job"),
]
