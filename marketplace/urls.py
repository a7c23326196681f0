from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Marketplace Regions"
admin.site.site_title = "Marketplace Regions"
admin.site.index_title = "Regional configuration"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
