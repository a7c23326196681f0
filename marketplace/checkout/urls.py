from django.urls import path

from marketplace.checkout import views

app_name = "checkout"

urlpatterns = [
    path("", views.start, name="start"),
    path("q/<uuid:pk>/", views.quote_page, name="quote"),
    path("q/<uuid:pk>/details/", views.details, name="details"),
    path("q/<uuid:pk>/payment/", views.payment, name="payment"),
    path("q/<uuid:pk>/shipping/", views.shipping, name="shipping"),
    path("q/<uuid:pk>/review/", views.review, name="review"),
    path("orders/<uuid:pk>/", views.order_page, name="order"),
    path("orders/<uuid:pk>/invoice/", views.invoice, name="invoice"),
    path("orders/<uuid:pk>/invoice.pdf", views.invoice_pdf, name="invoice_pdf"),
]
