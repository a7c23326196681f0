"""What the checkout refuses, as exceptions the API and the pages turn into answers: bad input
(400, naming the field), a quote that no longer holds (409, saying what changed), an
Idempotency-Key reused for another request (422)."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError


class CheckoutError(Exception):
    """Bad input: `errors` maps a field path ("lines[0].quantity", "buyer.phone") to messages.
    Nothing was stored."""

    status = 400

    def __init__(self, errors: Mapping[str, Sequence[str]],
                 codes: Mapping[str, Sequence[str]] | None = None):
        self.errors = {field: [str(message) for message in messages]
                       for field, messages in errors.items()}
        # The API's machine-readable code per message (marketplace/api/errors.py); a field
        # without codes reads "invalid".
        self.codes = {field: list(field_codes) for field, field_codes in (codes or {}).items()}
        super().__init__("; ".join(f"{field}: {' '.join(messages)}"
                                   for field, messages in self.errors.items()))

    @classmethod
    def single(cls, field: str, message: str, code: str | None = None) -> "CheckoutError":
        return cls({field: [message]}, {field: [code]} if code else None)

    @classmethod
    def from_validation_error(cls, exc: ValidationError, field: str = "",
                              prefix: str = "") -> "CheckoutError":
        """Django's ValidationError with its codes: of `field`, or (a dict of errors) of each
        of its fields, under `prefix` ("buyer.")."""
        if hasattr(exc, "error_dict"):
            return cls({f"{prefix}{name}": ValidationError(errors).messages
                        for name, errors in exc.error_dict.items()},
                       {f"{prefix}{name}": [error.code or "invalid" for error in errors]
                        for name, errors in exc.error_dict.items()})
        return cls({field: exc.messages},
                   {field: [error.code or "invalid" for error in exc.error_list]})


class QuoteChanged(Exception):
    """The market's configuration changed between quote and order (MOQ, price, VAT, payment
    or shipping rules): the order is refused, listing each change, instead of silently using
    the new terms."""

    status = 409

    def __init__(self, changes: list[dict]):
        self.changes = changes
        super().__init__(f"{len(changes)} change(s) since the quote")


class QuoteAlreadyOrdered(Exception):
    status = 409

    def __init__(self, order_id: str):
        self.order_id = order_id
        super().__init__(f"This quote was already ordered as order {order_id}.")


class IdempotencyKeyReused(Exception):
    """The key was used before for a different request body."""

    status = 422
