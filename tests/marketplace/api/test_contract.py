"""The API's contract beyond the fuzzing (test_fuzz.py): one error format with stable codes,
parse errors in the request's language that never quote the body, every error answer in the
schema, and a quote and an order that conform to the response schemas they publish."""

import json

import pytest
import requests
import schemathesis
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace.api.parsers import MAX_DEPTH
from marketplace.checkout.models import Order, Quote
from marketplace.compliance.models import Certificate
from regions.compliance.documents import validate_document
from regions.compliance.models import CertificateType
from regions.core.sizes import megabytes
from tests.marketplace.api.test_fuzz import served_schema
from tests.marketplace.checkout.conftest import make_listing as make_sellable_listing

pytestmark = pytest.mark.django_db

QUOTES = "/api/v1/checkout/quotes/"
ORDERS = "/api/v1/orders/"
CONSUMER = {"company_name": "", "name": "Anna Schmidt", "email": "anna@example.com",
            "phone": "030 901820", "street_address": "Unter den Linden 1",
            "postal_code": "10117", "city": "Berlin"}


def post_json(client, url, body, **headers):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **headers)


def test_an_unknown_field_has_the_code_unknown_field(client):
    response = post_json(client, QUOTES, {"lines": [], "province": "QC"})

    assert response.status_code == 400
    assert response.json()["codes"] == {"province": ["unknown_field"]}


def test_a_field_error_of_the_domain_keeps_its_validator_code(client, packs):
    response = post_json(client, QUOTES, {"region": "eu", "country": "DE", "buyer": "business",
                                          "vat_id": "DE\x00136695976",
                                          "lines": [{"listing": 1, "quantity": 1}]},
                         HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["codes"]["vat_id"] == ["invalid_format"]


def test_an_unknown_path_under_the_api_is_a_json_404(client):
    response = client.get("/api/v1/orders/not-a-uuid/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "codes": {"detail": "not_found"}}


def test_a_missing_quote_is_a_404_in_the_error_format(client):
    response = client.get(f"{QUOTES}3f0c2a57-5d0e-4d51-9a43-0c1f1d0f6b1e/",
                          HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": "No quote has this id.",
                               "codes": {"detail": "not_found"}}


def test_drfs_own_errors_carry_their_codes(client):
    response = client.get("/api/v1/translation-jobs/1/")

    assert response.status_code == 403
    assert response.json()["codes"] == {"detail": "not_authenticated"}


def test_broken_json_is_refused_in_the_request_language_without_echoing_it(client):
    response = post_json(client, QUOTES, b'{"region": "\x1b[31mEVIL', HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Der Inhalt der Anfrage ist kein gültiges JSON (Zeile 1, Spalte 13). Senden "
                  "Sie ein JSON-Objekt, etwa {\"region\": \"eu\"}.",
        "codes": {"detail": "invalid_json"}}


@pytest.mark.parametrize(("body", "code"), [
    (b'{"region": "\xff\xfe"}', "not_utf8"),
    (b'{"lines": [{"listing": 1, "quantity": NaN}]}', "not_a_number"),
    (b'{"lines": [{"listing": 1, "quantity": -Infinity}]}', "not_a_number"),
    (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "too_deep"),
    (b'{"region": "\\ud800"}', "unpaired_surrogate"),
])
def test_each_kind_of_unreadable_body_has_its_code(client, body, code):
    response = post_json(client, QUOTES, body)

    assert response.status_code == 400
    assert response.json()["codes"] == {"detail": code}
    assert "JSON parse error" not in response.json()["detail"]
    assert Quote.objects.count() == 0


def test_a_form_body_is_a_415(client):
    response = client.post(QUOTES, {"region": "eu"})

    assert response.status_code == 415
    assert response.json()["codes"] == {"detail": "unsupported_media_type"}


def test_every_operation_publishes_its_error_answers():
    schema = served_schema()
    operations = schema["paths"]

    assert sorted(operations[QUOTES]["post"]["responses"]) == [
        "201", "400", "401", "403", "413", "415", "503"]
    assert sorted(operations[ORDERS]["post"]["responses"]) == [
        "201", "400", "401", "403", "409", "413", "415", "422", "503"]
    assert sorted(operations["/api/v1/orders/{id}/"]["get"]["responses"]) == [
        "200", "401", "403", "404"]
    error = operations[ORDERS]["post"]["responses"]["409"]["content"]["application/json"]
    assert error["schema"] == {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["codes"]
    assert "/api/schema/" not in operations


def checked(operation, response, method: str, path: str) -> None:
    """Schemathesis's response checks (status code, content type, body schema) on a response
    of Django's test client."""
    operation.validate_response(schemathesis.Response(
        status_code=response.status_code,
        headers={"Content-Type": [response["Content-Type"]]}, content=response.content,
        request=requests.Request(method, f"http://localhost{path}").prepare(), elapsed=0.0,
        message="", encoding="utf-8", http_version="1.1", verify=True))


def test_every_answer_has_a_typed_body():
    untyped = [f"{method} {path} {status}"
               for path, item in served_schema()["paths"].items()
               for method, operation in item.items()
               for status, answer in operation["responses"].items()
               for media_type, content in answer.get("content", {}).items()
               if "$ref" not in json.dumps(content["schema"])
               and content["schema"].get("format") != "binary"]

    assert untyped == []


@pytest.fixture
def sellable(packs, rates, supplier):
    for kind in CertificateType.objects.all():
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")
    return make_sellable_listing(supplier)


def test_a_quote_and_its_order_conform_to_the_published_schema(client, sellable):
    schema = schemathesis.openapi.from_dict(served_schema())
    quoted = post_json(client, QUOTES, {"region": "eu", "country": "DE", "lang": "de",
                                        "buyer": "consumer",
                                        "lines": [{"listing": sellable.pk, "quantity": 10}]})
    assert quoted.status_code == 201, quoted.json()
    option = quoted.json()["shipping_options"][0]

    ordered = post_json(client, ORDERS, {
        "quote": quoted.json()["id"], "payment_method": option["payment_methods"][0],
        "shipping_option": option["id"], "buyer": CONSUMER}, HTTP_IDEMPOTENCY_KEY="k-1")
    fetched = client.get(f"{ORDERS}{ordered.json()['id']}/")

    assert ordered.status_code == 201, ordered.json()
    checked(schema[QUOTES]["POST"], quoted, "POST", QUOTES)
    checked(schema[ORDERS]["POST"], ordered, "POST", ORDERS)
    checked(schema["/api/v1/orders/{id}/"]["GET"], fetched, "GET",
            f"{ORDERS}{ordered.json()['id']}/")
    assert Order.objects.count() == 1


def test_a_quote_that_breaks_its_schema_is_caught(client, sellable):
    # The response check above can fail: a quote without its lines does not conform.
    schema = schemathesis.openapi.from_dict(served_schema())
    quoted = post_json(client, QUOTES, {"region": "eu", "country": "DE", "lang": "de",
                                        "lines": [{"listing": sellable.pk, "quantity": 10}]})
    quoted.content = json.dumps({**quoted.json(), "lines": None}).encode()

    with pytest.raises(AssertionError, match="is not of type"):
        checked(schema[QUOTES]["POST"], quoted, "POST", QUOTES)


def test_upload_limits_are_in_mb(settings):
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 60 * 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4")
    upload.size = 60 * 1024 * 1024 + 1

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_document(upload)

    assert refused.value.messages == ["The file is 60.1 MB; files may be at most 60 MB."]


@pytest.mark.parametrize(("size", "language", "shown"), [
    (62914560, "en", "60"), (2621440, "en", "2.5"), (2621440, "de", "2,5"),
    (1024, "en", "0.1"), (10 * 1024 * 1024 + 1, "en", "10")])
def test_sizes_read_in_mb(size, language, shown):
    with translation.override(language):
        assert megabytes(size) == shown


def test_an_order_error_keeps_the_buyer_validators_codes(client, sellable):
    quoted = post_json(client, QUOTES, {"region": "eu", "country": "DE", "lang": "en",
                                        "lines": [{"listing": sellable.pk, "quantity": 10}]})
    option = quoted.json()["shipping_options"][0]

    response = post_json(client, ORDERS, {
        "quote": quoted.json()["id"], "payment_method": option["payment_methods"][0],
        "shipping_option": option["id"], "buyer": {**CONSUMER, "phone": "12"}},
        HTTP_IDEMPOTENCY_KEY="k-2")

    assert response.status_code == 400
    assert response.json()["codes"] == {"buyer.phone": ["invalid_phone"]}
    assert Order.objects.count() == 0


@pytest.mark.parametrize(("url", "field", "code"), [
    ("/api/v1/listings/?region=eu&country=DE&quantity=0", "quantity", "invalid_number"),
    ("/api/v1/listings/?region=mars", "region", "invalid"),
])
def test_a_query_error_has_its_code(client, listing, url, field, code):
    response = client.get(url)

    assert response.status_code == 400
    assert response.json()["codes"] == {field: [code]}


def test_a_market_field_of_a_quote_keeps_its_validator_code(client, packs):
    response = post_json(client, QUOTES, {"region": "eu\x00", "lines": [
        {"listing": 1, "quantity": 1}]})

    assert response.status_code == 400
    assert response.json()["codes"] == {"region": ["control_character"]}
