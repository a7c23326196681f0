"""A request that fails because the database, Redis or the broker is down answers a JSON 503
with Retry-After in the user's language and leaves one log line, not an HTML 500 and a
traceback; a bug is still a bug (500)."""

import pytest
from django.test import Client

from marketplace.ops.middleware import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.urls("tests.marketplace.ops.failing_urls")


@pytest.mark.parametrize(
    ("path", "service"),
    [("/database/", "database"), ("/interface/", "database"), ("/redis/", "redis"),
     ("/broker/", "broker")],
)
def test_a_service_outage_is_a_json_503_with_retry_after(client, path, service):
    response = client.get(path)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {
        "detail": "The service is temporarily unavailable. Please try again in a few seconds.",
        "codes": {"detail": "service_unavailable"}, "service": service}


def test_the_message_is_in_the_users_language(client):
    response = client.get("/database/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 503
    assert response.json()["detail"] == (
        "Der Dienst ist vorübergehend nicht verfügbar. Bitte versuchen Sie es in einigen "
        "Sekunden erneut.")


def test_an_outage_leaves_one_log_line_without_a_traceback(client, outage_log):
    client.get("/database/", HTTP_X_REQUEST_ID="rq-outage-1")

    records = outage_log
    assert [(r.name, r.getMessage()) for r in records] == [(
        "marketplace.ops",
        'database unavailable: OperationalError: connection failed: connection to server at '
        '"127.0.0.1", port 5432 failed: Connection refused Is the server running on that '
        "host? (GET /database/)")]
    assert records[0].exc_info is None


def test_a_bug_is_not_mistaken_for_an_outage(client):
    with pytest.raises(ValueError, match="a bug, not an outage"):
        client.get("/bug/")


def test_an_outage_outside_any_view_is_a_503_too(settings, outage_log):
    settings.DEBUG = False
    settings.MIDDLEWARE = [*settings.MIDDLEWARE,
                           "tests.marketplace.ops.failing_urls.DatabaseDownMiddleware"]

    response = Client(raise_request_exception=False).get("/middleware/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json()["service"] == "database"
    assert [(r.name, r.getMessage(), r.exc_info) for r in outage_log] == [(
        "marketplace.ops", "database unavailable: OperationalError: server closed the "
        "connection unexpectedly (GET /middleware/)", None)]


def test_a_bug_outside_any_view_keeps_the_500_page(settings):
    settings.DEBUG = False

    response = Client(raise_request_exception=False).get("/bug/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
