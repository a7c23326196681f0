"""Hostile query strings and ids at the listing API, the translation API and the preview: a
clear 400 (or 404) naming the parameter, never a 5xx. Run on SQLite and PostgreSQL."""

import pytest

from tests.api_errors import messages

pytestmark = pytest.mark.django_db

DE = {"region": "eu", "country": "DE", "lang": "de"}
NUL_MESSAGE = ("Remove the control character U+0000 at position 1: text may hold line breaks "
               "and tabs but no other control characters.")


def test_a_nul_category_is_refused_naming_the_parameter(client, listing):
    response = client.get("/api/v1/listings/", {**DE, "category": "\x00"})

    assert response.status_code == 400
    assert messages(response) == {"category": [NUL_MESSAGE]}


@pytest.mark.parametrize("name", ["region", "country", "lang", "buyer", "subdivision", "status",
                                  "page", "anything"])
def test_a_nul_in_any_query_parameter_is_refused(client, listing, name):
    response = client.get("/api/v1/listings/", {**DE, name: "\x00"})

    assert response.status_code == 400
    assert messages(response) == {name: [NUL_MESSAGE]}


def test_a_nul_in_an_admin_query_is_refused_in_the_users_language(admin_client):
    response = admin_client.get("/admin/catalog/supplier/", {"q": "\x00"},
                                HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert response.content.decode() == (
        "q: Entfernen Sie das Steuerzeichen U+0000 an Position 1: Text darf "
        "Zeilenumbrüche und Tabulatoren enthalten, aber keine anderen Steuerzeichen.")


def test_a_nul_in_a_checkout_page_query_is_refused_on_the_page(client, listing):
    response = client.get("/checkout/", {"region": "eu\x00", "listing": listing.pk})

    assert response.status_code == 400
    assert "Remove the control character U+0000 at position 3" in response.content.decode()
    assert "\x00" not in response.content.decode()


def test_line_breaks_and_tabs_in_a_query_are_text(client, listing):
    response = client.get("/api/v1/listings/", {**DE, "category": "a\tb\r\nc"})

    assert response.status_code == 400
    assert list(messages(response)) == ["category"]
    assert response.json()["category"][0].startswith("Verwenden Sie einen dieser Werte:")


@pytest.mark.parametrize("tag", ["de-XX-invalid-tag-", "de_DE", "-de"])
def test_a_malformed_language_tag_is_refused_by_the_listing_api(client, listing, tag):
    response = client.get("/api/v1/listings/", {**DE, "lang": tag})

    assert response.status_code == 400
    assert response.json()["lang"][0].startswith(f"“{tag}” is not a well-formed BCP 47")


def test_a_malformed_accept_language_tag_is_skipped_not_read_as_its_prefix(client, listing):
    response = client.get("/api/v1/listings/", {"region": "eu", "country": "FR"},
                          HTTP_ACCEPT_LANGUAGE="de-XX-invalid-tag-, it;q=0.5")

    assert response.status_code == 200
    assert response.json()["results"][0]["requested_language"] == "it"


def test_a_listing_id_past_the_database_range_is_not_found(client, listing):
    response = client.get("/api/v1/listings/9999999999999999999999/", DE)

    assert response.status_code == 404


def test_a_translation_request_for_an_id_past_the_range_is_not_found(admin_client, listing):
    response = admin_client.post("/api/v1/listings/9999999999999999999999/translations/",
                                 {"languages": ["de"]}, content_type="application/json")

    assert response.status_code == 404


def test_a_malformed_language_tag_is_refused_by_the_preview(admin_client, listing):
    response = admin_client.get(f"/preview/listings/{listing.pk}/", {"market": "DE-consumer",
                                              "lang-DE-consumer": "de-XX-invalid-tag-"})

    assert response.status_code == 400
