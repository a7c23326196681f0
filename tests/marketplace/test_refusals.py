"""marketplace.refusals: a form page that refuses what was sent answers 400, in one place."""

import pytest
from django.contrib.auth import get_user_model

from marketplace.refusals import REFUSED, SHOWN, form_status


def test_a_refused_form_answers_400_and_a_shown_one_200():
    assert (form_status(refused=True), form_status(refused=False)) == (400, 200)
    assert (REFUSED, SHOWN) == (400, 200)


@pytest.mark.django_db
def test_a_refused_merchant_sign_in_answers_400_with_the_reason_in_german(client):
    get_user_model().objects.create_user("merchant", password="pw-merchant")

    response = client.post("/accounts/login/", {"username": "merchant", "password": "wrong"},
                           HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Bitte Benutzername und Passwort eingeben. Beide Felder berücksichtigen die "
        "Groß-/Kleinschreibung."]
    assert '<html lang="de"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_merchant_sign_in_still_signs_in(client):
    get_user_model().objects.create_user("merchant", password="pw-merchant")

    response = client.post("/accounts/login/", {"username": "merchant",
                                                "password": "pw-merchant", "next": "/preview/"})

    assert (response.status_code, response["Location"]) == (302, "/preview/")
