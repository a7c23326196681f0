"""API clients authenticate with a token (DRF authtoken): no password hashing per request."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketplace.translation.models import TranslationJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return get_user_model().objects.create_user("api-client", password="pw-api-client")


@pytest.fixture
def job_url(owner) -> str:
    job = TranslationJob.objects.create(created_by=owner, languages=["de"], listing_ids=[])
    return f"/api/v1/translation-jobs/{job.pk}/"


def test_a_token_authenticates_the_client(owner, job_url):
    token = Token.objects.create(user=owner)

    response = APIClient().get(job_url, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200, response.content
    assert response.json()["languages"] == ["de"]


def test_a_token_request_hashes_no_password(owner, job_url, monkeypatch):
    token = Token.objects.create(user=owner)

    def no_hashing(*args, **kwargs):
        raise AssertionError("a password was hashed")

    monkeypatch.setattr("django.contrib.auth.hashers.check_password", no_hashing)
    monkeypatch.setattr("django.contrib.auth.base_user.check_password", no_hashing)

    assert APIClient().get(job_url, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_an_unknown_token_is_refused_saying_so(job_url):
    response = APIClient().get(job_url, HTTP_AUTHORIZATION="Token 0123456789abcdef")

    # 403, not 401: session authentication comes first (anonymous writers got 403 before
    # tokens existed, and still do), and DRF answers 401 only when the first scheme has a
    # WWW-Authenticate challenge.
    assert response.status_code == 403
    assert response.json() == {"detail": "Invalid token.",
                               "codes": {"detail": "authentication_failed"}}


def test_anonymous_and_basic_clients_work_as_before(owner, job_url):
    assert APIClient().get(job_url).status_code == 403
    basic = APIClient()
    basic.credentials(HTTP_AUTHORIZATION="Basic YXBpLWNsaWVudDpwdy1hcGktY2xpZW50")

    assert basic.get(job_url).status_code == 200


def test_ops_create_a_token_with_a_command(owner, capsys):
    call_command("drf_create_token", "api-client")

    assert Token.objects.get(user=owner).key in capsys.readouterr().out
