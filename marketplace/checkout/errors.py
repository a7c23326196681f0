"""What the checkout refuses, as exceptions the API and the pages turn into answers: bad input
(400, naming the field), a quote that no longer holds (409, saying what changed), an
Idempotency-Key reused for another request (422)."""

from collections.abc import Mapping, Sequence


class CheckoutError(Exception):
    """Bad input: `errors` maps a field path ("lines[0].quantity", "buyer.phone") to messages.
    Nothing was stored."""

    status = 400

    def __init__(self, errors: Mapping[str, Sequence[str]]):
        self.errors = {field: [str(message) for message in messages]
                       for field, messages in errors.items()}
        super().__init__("; ".join(f"{field}: {' '.join(messages)}"
                                   for field, messages in self.errors.items()))

    @classmethod
    def single(cls, field: str, message: str) -> "CheckoutError":
        return cls({field: [message]})


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
