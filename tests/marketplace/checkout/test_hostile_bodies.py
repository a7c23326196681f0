"""Our own corpus of hostile request bodies at the write endpoints: each gets a clear 4xx in
DRF's format and stores nothing. Run on SQLite and PostgreSQL (DATABASE_URL)."""

import json

import pytest

from marketplace.checkout.models import Order, Quote
from tests.api_errors import messages
from tests.marketplace.checkout.conftest import quote_body

QUOTES = "/api/v1/checkout/quotes/"


def quote_text(listing, **changes) -> str:
    return json.dumps({**quote_body(listing), **changes})


HOSTILE = [
    # (name, body, content type, status, the answer's first key)
    ("deep array", "[" * 100_000 + "]" * 100_000, "application/json", 400, "detail"),
    ("deep object", '{"lines": ' + '{"a": ' * 40 + "1" + "}" * 41, "application/json", 400,
     "detail"),
    ("NaN", '{"region": NaN}', "application/json", 400, "detail"),
    ("Infinity quantity", '{"region": "eu", "country": "DE", '
     '"lines": [{"listing": 1, "quantity": Infinity}]}', "application/json", 400, "detail"),
    ("unpaired surrogate", '{"region": "\\ud800"}', "application/json", 400, "detail"),
    ("10 MB", '{"region": "' + "x" * (10 * 1024 * 1024) + '"}', "application/json", 413,
     "detail"),
    ("wrong content type", "region=eu", "text/plain", 415, "detail"),
    ("not JSON", "\xff\xfe{", "application/json", 400, "detail"),
    ("a list, not an object", "[1, 2]", "application/json", 400, "body"),
]


@pytest.mark.parametrize(("name", "body", "content_type", "status", "key"), HOSTILE,
                         ids=[case[0] for case in HOSTILE])
def test_a_hostile_quote_body_is_a_clear_4xx_storing_nothing(api, listing, name, body,
                                                             content_type, status, key):
    response = api.generic("POST", QUOTES, body, content_type=content_type)

    assert response.status_code == status
    assert list(messages(response)) == [key]
    assert Quote.objects.count() == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"lines": [{"listing": 2.5, "quantity": 1}]}, "lines[0].listing"),
    ({"lines": [{"listing": 10**30, "quantity": 1}]}, "lines[0].listing"),
    ({"lines": [{"listing": -1, "quantity": 1}]}, "lines[0].listing"),
    ({"lines": [{"listing": "1", "quantity": 10**30}]}, "lines[0].quantity"),
    ({"vat_id": "DE136695976\u202e", "buyer": "business"}, "vat_id"),
    ({"vat_id": "DE\u200b136695976", "buyer": "business"}, "vat_id"),
    ({"lang": "de\u200b"}, "lang"),
    ({"region": "eu\x00"}, "region"),
    ({"tax_exemption": "\x00", "buyer": "business"}, "tax_exemption"),
])
def test_a_hostile_quote_value_is_refused_naming_the_field(api, listing, changes, field):
    response = api.generic("POST", QUOTES, quote_text(listing, **changes),
                           content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()
    assert Quote.objects.count() == 0


def test_a_float_overflowing_to_infinity_is_not_an_id(api, listing):
    body = quote_text(listing).replace(f'"listing": {listing.pk}', '"listing": 1e400')

    response = api.generic("POST", QUOTES, body, content_type="application/json")

    assert response.status_code == 400
    assert list(messages(response)) == ["lines[0].listing"]
    assert Quote.objects.count() == 0


def test_a_deep_order_body_is_refused_storing_nothing(api, db):
    response = api.generic("POST", "/api/v1/orders/", "[" * 50_000 + "]" * 50_000,
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 400
    assert Order.objects.count() == 0


def test_a_huge_body_is_refused_in_the_users_language_in_mb(api, listing):
    response = api.generic("POST", QUOTES, '{"region": "' + "x" * (3 * 1024 * 1024) + '"}',
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 413
    assert messages(response) == {"detail": "Der Inhalt der Anfrage ist größer als 2,5 MB; "
                                         "senden Sie höchstens 2,5 MB."}
