from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from marketplace.api.views import ListingViewSet, RegionViewSet
from marketplace.translation.api import ListingTranslationsView, TranslationJobView

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("listings", ListingViewSet, basename="listing")

urlpatterns = [
    path("v1/listings/<int:pk>/translations/", ListingTranslationsView.as_view(),
         name="listing-translations"),
    path("v1/translation-jobs/<int:pk>/", TranslationJobView.as_view(), name="translation-job"),
    path("v1/", include("marketplace.compliance.api_urls")),
    path("v1/", include("marketplace.checkout.api_urls")),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
