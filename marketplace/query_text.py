"""Query strings are text from anyone, read by many API views (`?category=`, `?status=`) and the
admin's changelists (`?q=`): one guard refuses a control character in any of them before a view
passes it to a query (PostgreSQL cannot even compare a NUL), with a 400 that names the
parameter. The buyer's and merchant's pages (checkout, preview, portal) check their own
parameters with the same validators and answer on the page itself, with the form kept."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from marketplace.api.errors import error_body
from regions.core.validators import shown, validate_text

API_PREFIX = "/api/"
GUARDED_PREFIXES = (API_PREFIX, "/admin/")


def refused_parameter(request: HttpRequest) -> tuple[str, ValidationError] | None:
    """(parameter, error) of the first query parameter that is not text, else None."""
    for name, values in request.GET.lists():
        for value in (name, *values):
            try:
                validate_text(value)
            except ValidationError as exc:
                return shown(name), exc
    return None


class QueryTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = None
        if request.path.startswith(GUARDED_PREFIXES):
            refused = refused_parameter(request)
        if refused is None:
            return self.get_response(request)
        name, error = refused
        if request.path.startswith(API_PREFIX):
            return JsonResponse(error_body(
                {name: error.messages}, {name: [e.code or "invalid" for e in error.error_list]}),
                status=400)
        return HttpResponseBadRequest(f"{name}: {' '.join(error.messages)}",
                                      content_type="text/plain; charset=utf-8")
