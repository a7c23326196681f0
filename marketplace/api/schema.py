"""The API's OpenAPI schema class: drf-spectacular's, plus the error answers each operation can
give, all with the one error body (ERROR_SCHEMA, see errors.py), so that a client and
schemathesis know every status code an endpoint may answer and what its body looks like.

Which errors an operation can answer follows from what it is: 400 when it reads a body or query
parameters, 401 and 403 when it reads credentials, 404 when its path names an object, 413 and 415
when it reads a body. A view adds its own (409, 422, 503) with `error_statuses`."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

ERROR_COMPONENT = "Error"

# DRF's field → messages mapping, a "detail" for an error that is not about one field, and
# "codes": the same keys, each message's stable machine-readable code in its place.
MESSAGES = {"type": "array", "items": {"type": "string"}}
ERROR_SCHEMA = {
    "type": "object",
    "description": "An error. Each key is a field path (`lines[0].quantity`, `buyer.phone`) "
    "with its messages, or `detail` for an error about the whole request; `codes` has the "
    "same keys, with each message's stable code (`required`, `invalid`, `max_length`, "
    "`not_found`, ...) in its place.",
    "properties": {
        "detail": {"type": "string", "description": "An error about the whole request."},
        "codes": {
            "type": "object",
            "additionalProperties": {"anyOf": [{"type": "string"}, MESSAGES,
                                               {"type": "object"}]},
        },
        "changes": {"type": "array", "items": {"type": "object"},
                    "description": "409 on an order: what changed since the quote."},
        "order": {"type": "string", "format": "uuid",
                  "description": "409 on an order: the order the quote already became."},
        "currency": {"type": "string",
                     "description": "503: the currency without an exchange rate."},
    },
    "required": ["codes"],
    "additionalProperties": {"anyOf": [MESSAGES, {"type": "object"}]},
}

ERROR_DESCRIPTIONS = {
    400: "The request is invalid: the body names each field and what it expects.",
    401: "Sign in first.",
    403: "The signed-in user may not do this.",
    404: "Nothing has this id (or the user may not see it).",
    409: "The request conflicts with the current state: the body says how.",
    413: "The request body is too large: the body says the limit in MB.",
    415: "Send a JSON body (Content-Type: application/json).",
    422: "The Idempotency-Key was used before for another request body.",
    503: "The service cannot answer now (such as a missing exchange rate): try again later.",
}
BODY_METHODS = {"POST", "PUT", "PATCH"}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        component = ResolvedComponent(name=ERROR_COMPONENT, type=ResolvedComponent.SCHEMA,
                                      object=ERROR_COMPONENT, schema=ERROR_SCHEMA)
        self.registry.register_on_missing(component)
        for code in sorted(self.error_statuses()):
            responses.setdefault(str(code), {
                "content": {"application/json": {"schema": component.ref}},
                "description": ERROR_DESCRIPTIONS[code]})
        return responses

    def error_statuses(self) -> set[int]:
        statuses = set(getattr(self.view, "error_statuses", ()))
        reads_body = self.method in BODY_METHODS
        if reads_body or any(p["in"] != "path" for p in self._get_parameters()):
            statuses.add(400)
        if reads_body:
            statuses |= {413, 415}
        # Wrong credentials in an Authorization header are refused even where no account is
        # needed, so every operation that reads credentials can answer them.
        if self.view.authentication_classes or not all(
                issubclass(permission, AllowAny) for permission in self.view.permission_classes):
            statuses |= {401, 403}
        if "{" in self.path:
            statuses.add(404)
        return statuses
