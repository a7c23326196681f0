"""API routes of checkout, included under /api/v1/ by marketplace/api/urls.py."""

from django.urls import path

from marketplace.checkout.api import (
    OrderCreateView,
    OrderDetailView,
    QuoteCreateView,
    QuoteDetailView,
)

urlpatterns = [
    path("checkout/quotes/", QuoteCreateView.as_view(), name="checkout-quotes"),
    path("checkout/quotes/<uuid:pk>/", QuoteDetailView.as_view(), name="checkout-quote"),
    path("orders/", OrderCreateView.as_view(), name="orders"),
    path("orders/<uuid:pk>/", OrderDetailView.as_view(), name="order"),
]
