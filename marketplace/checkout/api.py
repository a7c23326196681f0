"""The checkout's REST front door: thin views over quotes.quote() and orders.place_order()."""

from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.checkout.errors import (
    CheckoutError,
    IdempotencyKeyReused,
    QuoteAlreadyOrdered,
    QuoteChanged,
)
from marketplace.checkout.models import Order, Quote
from marketplace.checkout.orders import order_json, place_order
from marketplace.checkout.quotes import quote


def quote_json(stored: Quote) -> dict:
    return {"id": str(stored.pk), "created_at": stored.created_at.isoformat(),
            "expires_at": stored.expires_at.isoformat(), **stored.data}


def _mapping(request: Request) -> dict:
    if not isinstance(request.data, dict):
        raise CheckoutError.single("body", "Send a JSON object.")
    return request.data


class QuoteCreateView(APIView):
    """Price a basket for one market: MOQ, price tier, currency and the rate used, VAT per
    shipping option, eligible payment methods and shipping options. Listings that cannot be
    sold there are refused with their blockers."""

    permission_classes = [AllowAny]  # guest checkout: buyers need no account

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT},
                   examples=[OpenApiExample("German business", value={
                       "region": "eu", "country": "DE", "lang": "de", "buyer": "business",
                       "vat_id": "DE136695976", "lines": [{"listing": 1, "quantity": 10}]})])
    def post(self, request: Request) -> Response:
        try:
            stored = quote(_mapping(request))
        except CheckoutError as exc:
            return Response(exc.errors, status=exc.status)
        return Response(quote_json(stored), status=status.HTTP_201_CREATED)


class QuoteDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk) -> Response:
        stored = Quote.objects.filter(pk=pk).first()
        if stored is None:
            return Response({"quote": ["No quote has this id."]}, status=404)
        return Response(quote_json(stored))


class OrderCreateView(APIView):
    """Order a quote with a payment method, a shipping option and the buyer's details. Send an
    Idempotency-Key header: the same key and body return the same order."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR,
                                     OpenApiParameter.HEADER, required=True)])
    def post(self, request: Request) -> Response:
        try:
            order, created = place_order(_mapping(request),
                                         idempotency_key=request.headers.get("Idempotency-Key"))
        except CheckoutError as exc:
            return Response(exc.errors, status=exc.status)
        except QuoteChanged as exc:
            return Response({"detail": "The quote's terms changed since it was made; nothing "
                             "was ordered. Ask for a new quote.", "changes": exc.changes},
                            status=exc.status)
        except QuoteAlreadyOrdered as exc:
            return Response({"quote": [str(exc)], "order": exc.order_id}, status=exc.status)
        except IdempotencyKeyReused as exc:
            return Response({"Idempotency-Key": [str(exc)]}, status=exc.status)
        response = Response(order_json(order), status=status.HTTP_201_CREATED)
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response


class OrderDetailView(APIView):
    permission_classes = [AllowAny]  # the id is an unguessable UUID, as for the invoice page

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk) -> Response:
        order = Order.objects.filter(pk=pk).first()
        if order is None:
            return Response({"order": ["No order has this id."]}, status=404)
        with override(order.snapshot["language"]):
            return Response(order_json(order))
