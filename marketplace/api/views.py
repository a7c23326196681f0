from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from marketplace.api.market import MAX_QUANTITY, market_from, positive_int
from marketplace.api.pagination import ListingPagination
from marketplace.api.regions import (
    RegionDetailSerializer,
    RegionSerializer,
    detail_prefetches,
    requested_ui_language,
)
from marketplace.api.representation import listing_json, listing_summary_json
from marketplace.api.serializers import ListingSummarySerializer, LocalizedListingSerializer
from marketplace.api.strict import refuse_unknown_parameters
from marketplace.catalog.listing_filter import ListingFilter
from marketplace.catalog.models import ListingStatus
from marketplace.localization import page as page_data
from marketplace.localization.config_version import Version, configuration_version
from marketplace.localization.engine import localize, preview_order
from marketplace.localization.market import MarketData, market_context_for, market_data_for
from regions.core import declarations
from regions.core.market import MarketContext
from regions.core.models import Region
from regions.core.validators import MAX_ID, parse_object_id, shown, validate_text
from regions.languages.services import fallback_chain

UI_LANG_PARAMETER = OpenApiParameter(
    "lang", OpenApiTypes.STR, description="Language of the names and rule explanations (en, "
    "de, zh-hans, ...); default: Accept-Language.")
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


SEARCH_MAX_LENGTH = 100
LIST_PARAMETERS = [
    OpenApiParameter("search", OpenApiTypes.STR,
                     description="Only listings whose title contains this text, ignoring case: "
                     "the supplier's title or its translation into the market language."),
    OpenApiParameter("category", OpenApiTypes.STR, description="A product category code."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=["draft", "published"],
                     description="Drafts are only the signed-in supplier's own."),
]


# What a request may carry besides the documented parameters: DRF's format override.
FORMAT_PARAMETER = "format"


def one_of(choices) -> str:
    return _("Use one of: %(choices)s.") % {"choices": ", ".join(choices)}


@extend_schema(parameters=MARKET_PARAMETERS, responses=LocalizedListingSerializer)
class ListingViewSet(viewsets.ViewSet):
    """Listings as a buyer in one market sees them: text, prices, VAT, payment, shipping and
    compliance. Published listings are public; suppliers also see their own drafts."""

    pagination_class = ListingPagination
    error_statuses = (503,)  # no exchange rate for the market's currency (errors.py)

    def listing_filter(self, market: MarketContext | None = None) -> ListingFilter:
        """The request's filter: `category`, `status` and, given the market, `search`: the
        listings whose title, as supplied or as translated into the market's language (de-AT:
        de-AT and de), contains the text."""
        params = self.request.query_params
        user = self.request.user
        category = params.get("category") or ""
        if category:
            # Core and pack categories alike; a typo is a clear 400, not an empty page.
            known = declarations.codes("categories")
            if category not in known:
                raise ValidationError({"category": [one_of(sorted(known))]})
        status = params.get("status") or ""
        if status and status not in ListingStatus.values:
            raise ValidationError({"status": [one_of(ListingStatus.values)]})
        search = (params.get("search") or "").strip() if market is not None else ""
        if search:
            try:
                validate_text(search, max_length=SEARCH_MAX_LENGTH)
            except DjangoValidationError as exc:
                raise ValidationError({"search": exc.messages}) from None
        return ListingFilter(
            member=user.pk if user.is_authenticated else None, category=category,
            status=status, search=search,
            languages=tuple(fallback_chain(market.language)) if search else ())

    def get_queryset(self):
        # Tiers, translations, attributes and compliance rows are read for the page
        # (page_data.read) once the market data says which languages and region to read.
        return page_data.fetch(self.listing_filter().queryset())

    @extend_schema(parameters=LIST_PARAMETERS, responses=ListingSummarySerializer(many=True))
    def list(self, request):
        """Each listing's summary (`url` leads to its full record in the same market): the
        market's payment methods and shipping options by code, compliance by counts."""
        version = configuration_version()
        market = _market(request, version)
        # Once the market is known, its language is the request's: errors speak it too.
        with override(market.language):
            paginator = self.pagination_class()
            refuse_unknown_parameters(request, [
                *(p.name for p in (*MARKET_PARAMETERS, *LIST_PARAMETERS)),
                *(p["name"] for p in paginator.get_schema_operation_parameters(self)),
                FORMAT_PARAMETER])
            quantity = positive_int(request, "quantity", maximum=MAX_QUANTITY)
            positive_int(request, "page_size", maximum=paginator.max_page_size)
            positive_int(request, "page", maximum=MAX_ID)
            page = paginator.paginate_queryset(self.listing_filter(market), request, view=self)
        data = market_data_for(market, page, version=version)
        page_data.read(page, [data], attributes=False)  # a summary does not show them
        # The buyer's market language, not the request's UI language: notes and findings
        # read like the listing text they sit beside.
        # Each summary links to its record in the same market (resolved: the link reads the
        # same whatever Accept-Language the client sends later).
        detail_base = request.build_absolute_uri(reverse("listing-list"))
        market_query = urlencode({name: value for name, value in (
            ("region", market.region.code), ("country", str(market.country.code)),
            ("subdivision", market.subdivision), ("postal_code", market.postal_code),
            ("lang", market.language), ("buyer", market.buyer_type),
            ("quantity", quantity)) if value})
        with override(market.language):
            items = [self._summary(listing, data, quantity, f"{detail_base}{listing.pk}/?"
                                   f"{market_query}") for listing in page]
        return paginator.get_paginated_response(items)

    def retrieve(self, request, pk=None):
        if not (str(pk).isascii() and str(pk).isdigit()):
            raise ValidationError({"id": [_("“%(value)s” is not a listing id (a whole "
                                            "number).") % {"value": shown(pk)}]})
        version = configuration_version()
        market = _market(request, version)
        with override(market.language):
            refuse_unknown_parameters(
                request, [*(p.name for p in MARKET_PARAMETERS), FORMAT_PARAMETER])
            quantity = positive_int(request, "quantity", maximum=MAX_QUANTITY)
        listing = get_object_or_404(self.get_queryset(), pk=parse_object_id(pk) or 0)
        data = market_data_for(market, [listing], version=version)
        page_data.read([listing], [data])
        with override(market.language):
            return Response(self._represent(listing, data, quantity))

    @staticmethod
    def _summary(listing, data: MarketData, quantity: int | None, url: str) -> dict:
        localized = localize(listing, data, summary=True)
        order = preview_order(localized, quantity, data) if quantity is not None else None
        return listing_summary_json(localized, url, order)

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

    @extend_schema(parameters=[UI_LANG_PARAMETER])
    def list(self, request, *args, **kwargs):
        with override(requested_ui_language(request) or get_language()):
            return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[UI_LANG_PARAMETER])
    def retrieve(self, request, *args, **kwargs):
        # Names, terms and rule explanations come from the packs' catalogs in this language.
        with override(requested_ui_language(request) or get_language()):
            return super().retrieve(request, *args, **kwargs)

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return self.queryset.prefetch_related(*detail_prefetches())
        return self.queryset.prefetch_related("countries")
