from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

admin.site.site_header = "Marketplace Regions"
admin.site.site_title = "Marketplace Regions"
admin.site.index_title = "Regional configuration"

# A database or Redis outage anywhere in the request: JSON 503, not the HTML 500 page.
handler500 = "marketplace.ops.views.server_error"
# A path no route matches under /api/: the API's JSON error, not an HTML page.
handler404 = "marketplace.api.errors.not_found"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    # The suppliers' compliance records moved from the app regions_compliance to
    # supplier_compliance: bookmarks and links to their old admin pages still arrive.
    re_path(r"^admin/regions_compliance/(?P<rest>(?:certificate|responsibleperson|"
            r"compliancereport|compliancecheckjob)/.*)$",
            RedirectView.as_view(url="/admin/supplier_compliance/%(rest)s", query_string=True,
                                 permanent=True)),
    path("admin/", admin.site.urls),
    path("api/", include("marketplace.api.urls")),
    path("preview/", include("marketplace.preview.urls")),
    path("checkout/", include("marketplace.checkout.urls")),
    # Before the portal's /portal/{region}/: "workspace" is no region code (2 to 8 letters).
    path("portal/workspace/", include("marketplace.workspace.urls")),
    path("portal/", include("marketplace.portal.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
