from django.urls import path

from marketplace.catalog import views

app_name = "catalog"

urlpatterns = [
    path("listings/<int:pk>/image/", views.listing_image, name="listing_image"),
]
