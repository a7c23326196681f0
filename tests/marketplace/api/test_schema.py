"""/api/schema/ is valid OpenAPI 3.1 and types every write endpoint's request body: a client
reading only the docs sees each field, whether it is required, its format and choices."""

import json

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.versions.shortcuts import get_spec_version

from tests.api_errors import messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def request_schema(schema: dict, path: str) -> dict:
    body = schema["paths"][path]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_the_schema_validates_as_openapi_3_1(client):
    served = yaml.safe_load(client.get("/api/schema/").content)

    validate(served)

    assert served["openapi"] == "3.1.0"
    assert str(get_spec_version(served)) == "OpenAPIV3.1"


def test_the_quote_request_publishes_its_fields(schema):
    quote = request_schema(schema, "/api/v1/checkout/quotes/")
    line = schema["components"]["schemas"]["QuoteLine"]

    assert list(quote["properties"]) == ["region", "country", "subdivision", "postal_code",
                                         "lang", "buyer", "vat_id", "tax_exemption", "lines"]
    assert quote["required"] == ["lines"]
    assert quote["properties"]["lines"]["minItems"] == 1
    assert schema["components"]["schemas"]["BuyerEnum"]["enum"] == [
        "b2b", "b2c", "business", "consumer"]
    assert line["required"] == ["listing", "quantity"]
    assert line["properties"]["listing"] == {
        "type": "integer", "format": "int64", "maximum": 9223372036854775807, "minimum": 1,
        "description": "The listing's id (GET /api/v1/listings/)."}
    assert line["properties"]["unit_price"]["format"] == "decimal"
    examples = schema["paths"]["/api/v1/checkout/quotes/"]["post"]["requestBody"]["content"][
        "application/json"]["examples"]
    assert examples["GermanBusiness"]["value"]["vat_id"] == "DE136695976"


def test_the_order_request_publishes_its_fields(schema):
    order = request_schema(schema, "/api/v1/orders/")
    buyer = schema["components"]["schemas"]["Buyer"]

    assert order["required"] == ["buyer", "payment_method", "quote", "shipping_option"]
    assert order["properties"]["quote"]["format"] == "uuid"
    assert buyer["required"] == ["email", "name", "phone"]
    assert buyer["properties"]["email"]["format"] == "email"
    assert "country_area" in buyer["properties"]


def test_no_write_endpoint_takes_an_untyped_body(schema):
    untyped = [f"{method} {path}" for path, item in schema["paths"].items()
               for method, operation in item.items()
               if method in ("post", "put", "patch")
               and "$ref" not in json.dumps(operation.get("requestBody", {}))]

    assert untyped == []


def test_an_unknown_field_of_an_order_is_refused_naming_it(client):
    body = {"quote": "3f0c2a57-5d0e-4d51-9a43-0c1f1d0f6b1e", "payment_method": "x",
            "shipping_option": "y", "buyer": {"name": "A", "province": "QC"},
            "buyer_details": {}}

    response = client.post("/api/v1/orders/", body, content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 400
    assert messages(response) == {
        "buyer_details": ["Unknown field; the fields are: quote, payment_method, "
                          "shipping_option, buyer, expected_total."],
        "buyer.province": ["Unknown field; the fields are: company_name, vat_id, name, email, "
                           "phone, street_address, postal_code, city, country_area, country."]}


def test_an_unknown_field_of_a_translation_request_is_refused(admin_client, listing):
    response = admin_client.post(f"/api/v1/listings/{listing.pk}/translations/",
                                 {"languages": ["de"], "lang": "fr"},
                                 content_type="application/json")

    assert response.status_code == 400
    assert messages(response) == {"lang": ["Unknown field; the fields are: languages."]}


def test_the_list_publishes_summaries_and_the_detail_the_full_record(schema):
    def body(path: str) -> dict:
        return schema["paths"][path]["get"]["responses"]["200"]["content"][
            "application/json"]["schema"]

    page = schema["components"]["schemas"][body("/api/v1/listings/")["$ref"].rsplit("/", 1)[1]]
    assert page["properties"]["results"]["items"]["$ref"].endswith("/ListingSummary")
    assert body("/api/v1/listings/{id}/")["$ref"].endswith("/LocalizedListing")
    summary = schema["components"]["schemas"]["ListingSummary"]
    assert {"url", "delivery_days"} <= set(summary["properties"])
    assert not {"description", "attributes", "shipping_options"} & set(summary["properties"])
