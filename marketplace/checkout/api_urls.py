"""API routes of checkout, included under /api/v1/ by marketplace/api/urls.py."""

urlpatterns: list = []
