"""The checkout's REST front door: thin views over quotes.quote() and orders.place_order()."""

from django.utils.translation import gettext as _
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from marketplace.api.errors import error_response
from marketplace.api.strict import refuse_unknown_fields
from marketplace.checkout.api_schema import PlacedOrderSerializer, QuoteResponseSerializer
from marketplace.checkout.errors import (
    CheckoutError,
    IdempotencyKeyReused,
    QuoteAlreadyOrdered,
    QuoteChanged,
)
from marketplace.checkout.models import Order, Quote
from marketplace.checkout.orders import order_json, place_order
from marketplace.checkout.quotes import quote
from marketplace.checkout.serializers import OrderRequestSerializer, QuoteRequestSerializer


def quote_json(stored: Quote) -> dict:
    return {"id": str(stored.pk), "created_at": stored.created_at.isoformat(),
            "expires_at": stored.expires_at.isoformat(), **stored.data}


def _mapping(request: Request, serializer_class: type[Serializer]) -> dict:
    """The body as a JSON object whose fields the endpoint knows; the values are checked by
    the domain service, as for the pages."""
    if not isinstance(request.data, dict):
        raise CheckoutError.single("body", _("Send a JSON object."), "not_an_object")
    refuse_unknown_fields(serializer_class, request.data)
    return request.data


class QuoteCreateView(APIView):
    """Price a basket for one market: MOQ, price tier, currency and the rate used, VAT per
    shipping option, eligible payment methods and shipping options. Listings that cannot be
    sold there are refused with their blockers."""

    permission_classes = [AllowAny]  # guest checkout: buyers need no account
    error_statuses = (503,)  # no exchange rate for the market's currency

    @extend_schema(request=QuoteRequestSerializer, responses={201: QuoteResponseSerializer},
                   examples=[OpenApiExample("German business", request_only=True, value={
                       "region": "eu", "country": "DE", "lang": "de", "buyer": "business",
                       "vat_id": "DE136695976", "lines": [{"listing": 1, "quantity": 10}]})])
    def post(self, request: Request) -> Response:
        try:
            stored = quote(_mapping(request, QuoteRequestSerializer))
        except CheckoutError as exc:
            return error_response(exc.errors, exc.status, exc.codes)
        return Response(quote_json(stored), status=status.HTTP_201_CREATED)


class QuoteDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=QuoteResponseSerializer)
    def get(self, request: Request, pk) -> Response:
        stored = Quote.objects.filter(pk=pk).first()
        if stored is None:
            return error_response({"detail": _("No quote has this id.")}, 404,
                                  {"detail": "not_found"})
        return Response(quote_json(stored))


class OrderCreateView(APIView):
    """Order a quote with a payment method, a shipping option and the buyer's details. Send an
    Idempotency-Key header: the same key and body return the same order."""

    permission_classes = [AllowAny]
    error_statuses = (409, 422, 503)

    @extend_schema(
        request=OrderRequestSerializer,
        responses={201: OpenApiResponse(
            PlacedOrderSerializer, description="The order; the same key and body again answer "
            "the order placed the first time, with the header Idempotent-Replayed: true.")},
        parameters=[OpenApiParameter(
            "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
            description="A random string such as a UUID, at most 255 characters: the same key "
            "and body return the same order.")],
        examples=[OpenApiExample("German business", request_only=True, value={
            "quote": "3f0c2a57-5d0e-4d51-9a43-0c1f1d0f6b1e",
            "payment_method": "sepa-credit-transfer",
            "shipping_option": "de-duisburg:parcel-business",
            "expected_total": "1076.83",
            "buyer": {"company_name": "Berliner Großküchen GmbH", "name": "Anna Schmidt",
                      "email": "anna@example.com", "phone": "030 901820",
                      "vat_id": "DE136695976", "street_address": "Unter den Linden 1",
                      "postal_code": "10117", "city": "Berlin"}})])
    def post(self, request: Request) -> Response:
        try:
            order, created = place_order(_mapping(request, OrderRequestSerializer),
                                         idempotency_key=request.headers.get("Idempotency-Key"))
        except CheckoutError as exc:
            return error_response(exc.errors, exc.status, exc.codes)
        except QuoteChanged as exc:
            return error_response(
                {"detail": _("The quote's terms changed since it was made; nothing was "
                             "ordered. Ask for a new quote.")}, exc.status,
                {"detail": "quote_changed"}, changes=exc.changes)
        except QuoteAlreadyOrdered as exc:
            return error_response({"quote": [str(exc)]}, exc.status,
                                  {"quote": ["already_ordered"]}, order=exc.order_id)
        except IdempotencyKeyReused as exc:
            return error_response({"Idempotency-Key": [str(exc)]}, exc.status,
                                  {"Idempotency-Key": ["key_reused"]})
        response = Response(order_json(order), status=status.HTTP_201_CREATED)
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response


class OrderDetailView(APIView):
    permission_classes = [AllowAny]  # the id is an unguessable UUID, as for the invoice page

    @extend_schema(responses=PlacedOrderSerializer)
    def get(self, request: Request, pk) -> Response:
        order = Order.objects.filter(pk=pk).first()
        if order is None:
            return error_response({"detail": _("No order has this id.")}, 404,
                                  {"detail": "not_found"})
        with override(order.snapshot["language"]):
            return Response(order_json(order))
