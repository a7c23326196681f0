from django.urls import path

from marketplace.preview import views

app_name = "preview"

urlpatterns = [
    path("", views.listing_index, name="index"),
    path("listings/<int:pk>/", views.listing_preview, name="listing"),
]
