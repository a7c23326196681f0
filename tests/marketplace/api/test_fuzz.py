"""Property-based testing of the whole API: schemathesis generates requests from /api/schema/
for every operation (valid ones and, as negative cases, ones that break the schema) and sends
them through Django's WSGI application, no server, as a signed-in staff user (who may call
every endpoint). Each answer must be below 500 and conform to the schema (documented status
code, content type and body), an invalid request must be refused, and a refused request (4xx)
must leave the main tables as they were.

Bounded: FUZZ_MAX_EXAMPLES (default 10) examples per operation. The seed is printed in pytest's
header and in every failure (tests/fuzz_seed.py); replay one with
    SCHEMATHESIS_SEED=<seed> pytest tests/marketplace/api/test_fuzz.py
Skip the fuzzing with `pytest -m "not fuzz"` (`make test-fast` does)."""

import base64
import json
import os

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, seed, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.fuzz_seed import SEED, header

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES") or 10)

# The tables a refused request must not touch: every model of the commerce apps (listings,
# quotes, orders, payments, jobs, certificates, reports, applications).
WATCHED_APPS = ("catalog", "checkout", "translation", "supplier_compliance",
                "compliance_review", "portal", "ai")
# A valid request the domain still refuses (an unknown region, a quantity under the MOQ) is
# no schema violation: whether a region exists is data, not schema.
EXCLUDED_CHECKS = [positive_data_acceptance]
PASSWORD = "fuzz-password"

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


def served_schema() -> dict:
    """/api/schema/ as the view serves it (drf-spectacular's generator and JSON renderer)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


schema = schemathesis.openapi.from_dict(served_schema())
application = get_wsgi_application()


@pytest.fixture
def staff_authorization(settings, django_user_model) -> str:
    # A fast hasher: every request checks the password (HTTP Basic).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = django_user_model.objects.create_superuser("fuzz", "fuzz@example.com", PASSWORD)
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    print(header())  # shown with a failure (pytest's captured stdout)
    return f"Basic {token}"


@pytest.fixture
def connection_kept():
    """Django's WSGI handler closes the database connection after each request; the test's
    transaction lives on it. Django's test client unhooks the same signal handlers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count()
            for name in WATCHED_APPS for model in apps.get_app_config(name).get_models()}


@schema.parametrize()
@seed(SEED)
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_by_its_schema(case, packs, listing, staff_authorization,
                                               connection_kept):
    before = row_counts()

    response = case.call(app=application, headers={"Authorization": staff_authorization})

    case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)
    if 400 <= response.status_code < 500:
        assert row_counts() == before, (
            f"a refused request ({response.status_code}) changed rows; {header()}: "
            f"{case.as_curl_command()}")
