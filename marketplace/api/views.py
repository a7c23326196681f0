from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from marketplace.api.market import MAX_QUANTITY, market_from, positive_int
from marketplace.api.regions import RegionDetailSerializer, RegionSerializer, detail_prefetches
from marketplace.api.representation import listing_json
from marketplace.api.serializers import LocalizedListingSerializer
from marketplace.catalog.models import Listing, ListingStatus
from marketplace.localization.config_version import Version, configuration_version
from marketplace.localization.engine import attach_page, for_page, localize, preview_order
from marketplace.localization.market import MarketData, market_context_for, market_data_for
from regions.core import declarations
from regions.core.market import MarketContext
from regions.core.models import Region
from regions.core.validators import MAX_ID, parse_object_id, shown

MARKET_PARAMETERS = [
    OpenApiParameter("region", OpenApiTypes.STR, description="Region code, such as “eu”."),
    OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2, such as “DE”."),
    OpenApiParameter("subdivision", OpenApiTypes.STR,
                     description="ISO 3166-2 of the delivery address, such as “CA-QC”: tax may "
                     "vary by it."),
    OpenApiParameter("postal_code", OpenApiTypes.STR,
                     description="Postal code of the delivery address, such as “10001”: local "
                     "tax rates may vary by it where the deployment has them (TAX_LOCAL_RATES)."),
    OpenApiParameter("lang", OpenApiTypes.STR, description="BCP 47 language, such as “de”."),
    OpenApiParameter("buyer", OpenApiTypes.STR, enum=["consumer", "business"]),
    OpenApiParameter("quantity", OpenApiTypes.INT,
                     description="Also price an order of this many units."),
]


class ListingPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            # DRF says only "Invalid page."; a client needs the range to correct it.
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            raise NotFound({"page": [_(
                "Page %(page)s does not exist: choose a page from 1 to %(last)s.") % {
                "page": shown(request.query_params.get(self.page_query_param)),
                "last": last}]}) from None


def one_of(choices) -> str:
    return _("Use one of: %(choices)s.") % {"choices": ", ".join(choices)}


@extend_schema(parameters=MARKET_PARAMETERS, responses=LocalizedListingSerializer)
class ListingViewSet(viewsets.ViewSet):
    """Listings as a buyer in one market sees them: text, prices, VAT, payment, shipping and
    compliance. Published listings are public; suppliers also see their own drafts."""

    pagination_class = ListingPagination

    def get_queryset(self):
        listings = Listing.objects.visible_to(self.request.user)
        category = self.request.query_params.get("category")
        if category:
            # Core and pack categories alike; a typo is a clear 400, not an empty page.
            known = declarations.codes("categories")
            if category not in known:
                raise ValidationError({"category": [one_of(sorted(known))]})
            listings = listings.filter(category=category)
        status = self.request.query_params.get("status")
        if status:
            if status not in ListingStatus.values:
                raise ValidationError({"status": [one_of(ListingStatus.values)]})
            listings = listings.filter(status=status)
        # Tiers, translations, attributes and compliance rows are attached to the page
        # (attach_page) once the market data says which languages and region to read.
        return for_page(listings.order_by("-updated_at", "-pk"))

    def list(self, request):
        version = configuration_version()
        market = _market(request, version)
        # Once the market is known, its language is the request's: errors speak it too.
        with override(market.language):
            quantity = positive_int(request, "quantity", maximum=MAX_QUANTITY)
            paginator = self.pagination_class()
            positive_int(request, "page_size", maximum=paginator.max_page_size)
            positive_int(request, "page", maximum=MAX_ID)
            page = paginator.paginate_queryset(self.get_queryset(), request, view=self)
        data = market_data_for(market, page, version=version)
        attach_page(page, data)
        # The buyer's market language, not the request's UI language: notes and findings
        # read like the listing text they sit beside.
        with override(market.language):
            items = [self._represent(listing, data, quantity) for listing in page]
        return paginator.get_paginated_response(items)

    def retrieve(self, request, pk=None):
        if not (str(pk).isascii() and str(pk).isdigit()):
            raise ValidationError({"id": [_("“%(value)s” is not a listing id (a whole "
                                            "number).") % {"value": shown(pk)}]})
        version = configuration_version()
        market = _market(request, version)
        with override(market.language):
            quantity = positive_int(request, "quantity", maximum=MAX_QUANTITY)
        listing = get_object_or_404(self.get_queryset(), pk=parse_object_id(pk) or 0)
        data = market_data_for(market, [listing], version=version)
        attach_page([listing], data)
        with override(market.language):
            return Response(self._represent(listing, data, quantity))

    @staticmethod
    def _represent(listing, data: MarketData, quantity: int | None) -> dict:
        localized = localize(listing, data)
        order = preview_order(localized, quantity, data) if quantity is not None else None
        return listing_json(localized, order)


def _market(request, version: Version) -> MarketContext:
    """The request's market context: resolved (four to five queries) once per distinct set of
    market parameters and configuration version, then remembered (see market.py)."""
    params = request.query_params
    key = (*(params.get(name) or None for name in ("region", "country", "subdivision",
                                                      "postal_code", "lang", "buyer")),
           request.headers.get("Accept-Language", ""))
    return market_context_for(key, lambda: market_from(request), version=version)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The markets: countries, languages, payment methods, compliance rules, warehouses, VAT."""

    lookup_field = "code"
    queryset = Region.objects.filter(active=True)

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return self.queryset.prefetch_related(*detail_prefetches())
        return self.queryset.prefetch_related("countries")
