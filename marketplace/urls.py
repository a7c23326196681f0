from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from marketplace.ops.observability import metrics_urls
from marketplace.ops.views import admin_login
from marketplace.refusals import LoginView

admin.site.site_header = "Marketplace Regions"
admin.site.site_title = "Marketplace Regions"
admin.site.index_title = "Regional configuration"
# The app list beside every page took 300 of 1366 px from the changelists; the index lists them.
admin.site.enable_nav_sidebar = False

# A database or Redis outage anywhere in the request: JSON 503, not the HTML 500 page.
handler500 = "marketplace.ops.views.server_error"
# A refusal says why, in the user's language, and links back (admin and site alike).
handler403 = "marketplace.ops.views.permission_denied"
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
    # Before the admin's own: a signed-in merchant gets the 403 page, not a login form.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("api/", include("marketplace.api.urls")),
    path("catalog/", include("marketplace.catalog.urls")),
    path("preview/", include("marketplace.preview.urls")),
    path("checkout/", include("marketplace.checkout.urls")),
    # Before the portal's /portal/{region}/: "workspace" is no region code (2 to 8 letters).
    path("portal/workspace/", include("marketplace.workspace.urls")),
    path("portal/", include("marketplace.portal.urls")),
    # Before Django's own: a refused sign-in answers 400 like every form page (refusals).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    *metrics_urls(),  # /metrics, only with PROMETHEUS_METRICS=true
]
