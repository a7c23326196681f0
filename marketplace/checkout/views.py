"""The checkout pages, server-rendered in the buyer's language: start (basket and VAT ID) →
quote → details → payment method → shipping → review → confirmation, and the pro-forma
invoice. Thin: quotes.quote() and orders.place_order() do the work, as for the API; the
buyer's choices wait in the session until the review page submits them."""

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.catalog.models import Listing
from marketplace.checkout.buyers import buyer_form_fields, validate_buyer
from marketplace.checkout.documents import invoice_context, rates_for_display
from marketplace.checkout.errors import (
    CheckoutError,
    IdempotencyKeyReused,
    QuoteAlreadyOrdered,
    QuoteChanged,
)
from marketplace.checkout.models import Order, Quote
from marketplace.checkout.orders import place_order
from marketplace.checkout.pdf import html_to_pdf
from marketplace.checkout.quotes import market_of, quote
from marketplace.checkout.shipping import (
    CHEAPEST,
    SORTS,
    basis_for,
    delivery_text,
    delivery_time,
    payable_options,
    shipping_choices,
)
from marketplace.localization import page
from marketplace.localization.engine import localize
from marketplace.localization.market import market_data_for
from marketplace.preview.labels import language_name
from marketplace.refusals import REFUSED, SHOWN, form_status
from regions.core.addresses import required_address_fields
from regions.core.business_ids import find_tax_scheme, tax_id_label
from regions.core.local_time import local_datetime
from regions.core.market import ui_language
from regions.core.models import BuyerType, Country
from regions.core.subdivisions import subdivisions
from regions.core.validators import validate_object_id, without_control_characters

FIELD_LABELS = {
    "company_name": gettext_lazy("Company name"),
    "vat_id": gettext_lazy("VAT ID"),
    "name": gettext_lazy("Contact person"),
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "street_address": gettext_lazy("Street and number"),
    "postal_code": gettext_lazy("Postal code"),
    "city": gettext_lazy("City"),
    "country_area": gettext_lazy("State"),
}
STEPS = (("quote", gettext_lazy("Quote")), ("details", gettext_lazy("Your details")),
         ("payment", gettext_lazy("Payment")), ("shipping", gettext_lazy("Shipping")),
         ("review", gettext_lazy("Review")), ("confirmation", gettext_lazy("Confirmation")))
MAX_START_LINES = 10


def _page(request: HttpRequest, template: str, language: str, context: dict,
          status: int = SHOWN) -> HttpResponse:
    with override(language):
        return render(request, f"checkout/{template}", {**context, "steps": STEPS,
                                                        "language": language}, status=status)


# --- Start: the basket and, for businesses, the VAT ID -----------------------------------------

@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    try:
        market = market_of({name: params.get(name) or None for name in (
            "region", "country", "subdivision", "postal_code", "lang", "buyer")})
    except CheckoutError as exc:
        # No market, so no market language: the request's (lang or Accept-Language).
        return _page(request, "start.html", ui_language(params.get("lang")) or get_language(),
                     {"market_errors": exc.errors}, status=REFUSED)
    try:
        ids = [validate_object_id(pk) for pk in params.getlist("listing")[:MAX_START_LINES]]
    except ValidationError as exc:
        with override(market.language):
            errors = {"listing": exc.messages}
        return _page(request, "start.html", market.language, {"market_errors": errors},
                     status=REFUSED)
    chosen = list(page.fetch(Listing.objects.visible_to(None).filter(pk__in=ids)))
    data = market_data_for(market, chosen)
    page.read(chosen, [data])
    listings = [localize(listing, data) for listing in chosen]
    errors: dict = {}
    if request.method == "POST":
        payload = {"region": market.region.code, "country": str(market.country.code),
                   "subdivision": params.get("subdivision") or None,
                   "postal_code": params.get("postal_code") or None,
                   "lang": market.language, "buyer": market.buyer_type,
                   "tax_exemption": params.get("tax_exemption", ""),
                   "vat_id": params.get("vat_id", ""),
                   "lines": [{"listing": x.id, "quantity": params.get(f"quantity-{x.id}")}
                             for x in listings]}
        try:
            stored = quote(payload)
        except CheckoutError as exc:
            errors = exc.errors
        else:
            return redirect("checkout:quote", pk=stored.pk)
    lines = [{"listing": x, "errors": [m for field, messages in errors.items()
                                       if field.startswith(f"lines[{index}]")
                                       for m in messages],
              "quantity": without_control_characters(
                  params.get(f"quantity-{x.id}") or params.get("quantity") or str(x.moq))}
             for index, x in enumerate(listings)]
    # Where tax depends on the province or state, the buyer names it before the quote.
    varies = data.tax_book.varies_by_subdivision
    with override(market.language):
        shown_language = language_name(market.language)  # "Deutsch", not "de"
    context = {"market": market, "lines": lines, "step": "quote",
               "language_name": shown_language,
               "subdivisions": subdivisions(str(market.country.code)) if varies else {},
               "subdivision": params.get("subdivision") or market.subdivision,
               "subdivision_errors": errors.get("subdivision", []),
               "asks_postal_code": data.tax_book.local_rates is not None,
               "postal_code": without_control_characters(
                   params.get("postal_code") or market.postal_code),
               "postal_code_errors": errors.get("postal_code", []),
               "tax_exemption": without_control_characters(params.get("tax_exemption", "")),
               "tax_exemption_errors": errors.get("tax_exemption", []),
               "business": market.buyer_type == BuyerType.BUSINESS,
               "vat_id": without_control_characters(params.get("vat_id", "")),
               "vat_id_errors": errors.get("vat_id", []),
               "vat_id_label": tax_id_label(str(market.country.code)),
               "other_errors": [m for field, messages in errors.items()
                                if not field.startswith("lines[")
                                and field not in ("vat_id", "subdivision", "postal_code",
                                                  "tax_exemption")
                                for m in messages]}
    return _page(request, "start.html", market.language, context,
                 status=form_status(bool(errors)))


# --- The quote and the steps after it ----------------------------------------------------------

def _quote(pk) -> Quote:
    return get_object_or_404(Quote, pk=pk, order__isnull=True)


def _state(request: HttpRequest, stored: Quote) -> dict:
    return request.session.setdefault(f"checkout:{stored.pk}", {})


def _save(request: HttpRequest, stored: Quote, **values) -> None:
    state = _state(request, stored)
    state.update(values)
    request.session[f"checkout:{stored.pk}"] = state


@require_http_methods(["GET"])
def quote_page(request: HttpRequest, pk) -> HttpResponse:
    stored = get_object_or_404(Quote, pk=pk)
    if hasattr(stored, "order"):
        return redirect("checkout:order", pk=stored.order.pk)
    country = Country.objects.get(code=stored.country)
    return _page(request, "quote.html", stored.language, {
        "quote": stored, "data": stored.data, "step": "quote",
        "vat_id_label": tax_id_label(stored.country),
        "vat_id_unconfirmed": _tax_id_unconfirmed(stored),
        "rates": rates_for_display(stored.data["exchange_rates"], stored.data["locale"]),
        "expires": local_datetime(stored.expires_at, country.timezone, stored.data["locale"])})


def _tax_id_unconfirmed(stored: Quote) -> bool:
    """Whether the buyer's number would have removed the tax but could not be confirmed (the
    registry did not answer), so tax is charged. A valid number that never removes the tax
    (a Japanese T-number) is not "unconfirmed"."""
    if not stored.vat_id or stored.vat_id_valid:
        return False
    scheme = find_tax_scheme(stored.country, stored.vat_id)
    return scheme is None or scheme.reverse_charge


@require_http_methods(["GET", "POST"])
def details(request: HttpRequest, pk) -> HttpResponse:
    stored = _quote(pk)
    fields = buyer_form_fields(stored.country, stored.buyer_type)
    values = dict(_state(request, stored).get("buyer", {}))
    if not values.get("vat_id"):
        values["vat_id"] = stored.vat_id
    errors: dict = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in fields}
        with override(stored.language):
            try:
                validate_buyer(values, country=stored.country, buyer_type=stored.buyer_type,
                               quote_vat_id=stored.vat_id, subdivision=stored.subdivision,
                               postal_code=stored.postal_code)
            except ValidationError as exc:
                errors = exc.message_dict
        if not errors:
            _save(request, stored, buyer=values)
            return redirect("checkout:payment", pk=stored.pk)
    required = required_address_fields(stored.country) | {"name", "email", "phone"}
    if stored.buyer_type == BuyerType.BUSINESS:
        required.add("company_name")
    # The tax registration is called what the buyer's market calls it (T-number, ABN, TRN).
    labels = {**FIELD_LABELS, "vat_id": tax_id_label(stored.country)}
    form = [{"name": name, "label": labels[name],
             "value": without_control_characters(values.get(name, "")),
             "errors": errors.get(name, []), "required": name in required,
             "readonly": name == "vat_id" and bool(stored.vat_id)} for name in fields]
    other = {name: messages for name, messages in errors.items() if name not in fields}
    return _page(request, "details.html", stored.language,
                 {"quote": stored, "data": stored.data, "form": form, "other_errors": other,
                  "step": "details"}, status=form_status(bool(errors)))


@require_http_methods(["GET", "POST"])
def payment(request: HttpRequest, pk) -> HttpResponse:
    return _choose(request, pk, after="buyer", previous="details", field="payment_method",
                   choices=lambda data, state: data["payment_methods"], key="code",
                   following="shipping", template="payment.html",
                   error=gettext_lazy("Choose one of the payment methods listed."))


@require_http_methods(["GET", "POST"])
def shipping(request: HttpRequest, pk) -> HttpResponse:
    """The options the chosen payment method can pay, grouped by warehouse, sorted as the
    buyer asks (?sort=cheapest|fastest), one preselected (shipping.shipping_choices)."""
    stored = _quote(pk)
    state = _state(request, stored)
    if "payment_method" not in state:
        return redirect("checkout:payment", pk=stored.pk)
    offered = payable_options(stored.data, state["payment_method"])
    sort = request.GET.get("sort") or CHEAPEST
    if sort not in SORTS:
        with override(stored.language):
            message = _("Sort the options by price or by speed.")
        return _shipping_page(request, stored, offered, CHEAPEST, state, message,
                              status=REFUSED)
    if request.method == "POST":
        chosen = request.POST.get("shipping_option")
        if chosen in {option["id"] for option in offered}:
            _save(request, stored, shipping_option=chosen)
            return redirect("checkout:review", pk=stored.pk)
        with override(stored.language):
            message = _("Choose one of the shipping options listed.")
        return _shipping_page(request, stored, offered, sort, state, message, status=REFUSED)
    return _shipping_page(request, stored, offered, sort, state, "")


def _shipping_page(request: HttpRequest, stored: Quote, offered: list[dict], sort: str,
                   state: dict, message: str, status: int = SHOWN) -> HttpResponse:
    with override(stored.language):
        choices = shipping_choices(stored.data, offered, sort=sort,
                                   chosen=state.get("shipping_option"))
    return _page(request, "shipping.html", stored.language,
                 {"quote": stored, "data": stored.data, "shipping": choices, "error": message,
                  "step": "shipping"}, status=status)


def _choose(request: HttpRequest, pk, *, after: str, previous: str, field: str, choices,
            key: str, following: str, template: str, error: str) -> HttpResponse:
    """A step that picks one of the quote's offers (a payment method, a shipping option)."""
    stored = _quote(pk)
    state = _state(request, stored)
    if after not in state:
        return redirect(f"checkout:{previous}", pk=stored.pk)
    offered = choices(stored.data, state)
    message = ""
    if request.method == "POST":
        chosen = request.POST.get(field)
        if chosen in {choice[key] for choice in offered}:
            _save(request, stored, **{field: chosen})
            return redirect(f"checkout:{following}", pk=stored.pk)
        with override(stored.language):
            message = str(error)
    return _page(request, template, stored.language,
                 {"quote": stored, "data": stored.data, "choices": offered, "error": message,
                  "chosen": state.get(field), "step": field.split("_")[0]},
                 status=form_status(bool(message)))


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk) -> HttpResponse:
    stored = get_object_or_404(Quote, pk=pk)
    if hasattr(stored, "order"):
        return redirect("checkout:order", pk=stored.order.pk)
    state = _state(request, stored)
    if "shipping_option" not in state:
        return redirect("checkout:shipping", pk=stored.pk)
    if "idempotency_key" not in state:
        # One key per checkout: a double click or a reload of the POST is the same order.
        _save(request, stored, idempotency_key=str(uuid.uuid4()))
        state = _state(request, stored)
    option = next(o for o in stored.data["shipping_options"]
                  if o["id"] == state["shipping_option"])
    method = next(m for m in stored.data["payment_methods"]
                  if m["code"] == state["payment_method"])
    with override(stored.language):
        delivery = delivery_text(delivery_time(option))
    context = {"quote": stored, "data": stored.data, "option": option, "method": method,
               "delivery": delivery, "basis": basis_for(stored.data),
               "buyer": state["buyer"], "step": "review", "errors": {}, "changes": []}
    if request.method == "POST":
        payload = {"quote": str(stored.pk), "payment_method": method["code"],
                   "shipping_option": option["id"], "buyer": state["buyer"],
                   "expected_total": request.POST.get("expected_total")}
        try:
            order, _created = place_order(payload, idempotency_key=state["idempotency_key"])
        except CheckoutError as exc:
            context["errors"] = exc.errors
            return _page(request, "review.html", stored.language, context, status=REFUSED)
        except QuoteChanged as exc:
            context["changes"] = exc.changes
            return _page(request, "review.html", stored.language, context, status=409)
        except (QuoteAlreadyOrdered, IdempotencyKeyReused) as exc:
            context["errors"] = {"quote": [str(exc)]}
            return _page(request, "review.html", stored.language, context, status=409)
        request.session.pop(f"checkout:{stored.pk}", None)
        return redirect("checkout:order", pk=order.pk)
    return _page(request, "review.html", stored.language, context)


# --- After the order ---------------------------------------------------------------------------

@require_http_methods(["GET"])
def order_page(request: HttpRequest, pk) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    return _page(request, "confirmation.html", order.snapshot["language"],
                 {"order": order, "snapshot": order.snapshot, "step": "confirmation",
                  "invoice_url": reverse("checkout:invoice", kwargs={"pk": order.pk}),
                  "payment": order.payments.order_by("pk").first()})


@require_http_methods(["GET"])
def invoice(request: HttpRequest, pk) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    language = order.snapshot["language"]
    with override(language):
        context = invoice_context(order)
    if context is None:
        raise Http404
    return _page(request, "invoice.html", language, context)


@require_http_methods(["GET"])
def invoice_pdf(request: HttpRequest, pk) -> HttpResponse:
    """The same invoice as a PDF file (WeasyPrint, print layout), under the same rules: who
    may open the invoice page may download it."""
    page = invoice(request, pk)
    if page.status_code != SHOWN:
        return page
    order = get_object_or_404(Order, pk=pk)
    response = HttpResponse(html_to_pdf(page.content.decode()), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{order.number}.pdf")
    return response
