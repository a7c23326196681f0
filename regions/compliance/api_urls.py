"""API routes of compliance, included under /api/v1/ by marketplace/api/urls.py."""

from django.urls import path

from regions.compliance.views import CertificateFileView

urlpatterns = [
    path("certificates/<int:pk>/file/", CertificateFileView.as_view(),
         name="certificate-file"),
]
