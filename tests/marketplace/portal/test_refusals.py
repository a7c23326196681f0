"""Every portal form that refuses what was sent answers 400 with the page in its language, the
reason, and nothing saved (marketplace.refusals)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.portal.models import Application, Document, Status
from tests.marketplace.portal.conftest import (
    PASSWORD,
    POLISH_COMPANY,
    fill,
    make_applicant,
    sign_in,
)

pytestmark = pytest.mark.django_db


def test_a_refused_sign_up_answers_400_and_creates_no_account(client, packs):
    make_applicant(email="anna@lniana.pl")

    response = client.post("/portal/eu/pl/signup/", {
        "email": "anna@lniana.pl", "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 400
    assert '<html lang="pl" dir="ltr">' in response.content.decode()
    assert response.context["form"].errors["email"] == [
        "Konto z tym adresem e-mail już istnieje. Zaloguj się."]
    assert Application.objects.count() == 1


def test_a_refused_sign_in_answers_400_and_signs_nobody_in(client, packs):
    make_applicant(email="anna@lniana.pl")

    response = client.post("/portal/eu/pl/login/", {"email": "anna@lniana.pl",
                                                    "password": "wrong-password"})

    assert response.status_code == 400
    assert "Adres e-mail lub hasło są nieprawidłowe." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_refused_step_answers_400_and_keeps_what_was_saved(client, packs):
    application = make_applicant()
    sign_in(client, application)
    client.post("/portal/eu/pl/company/", POLISH_COMPANY)
    before = Application.objects.values().get()

    response = client.post("/portal/eu/pl/company/", {**POLISH_COMPANY,
                                                      "vat_id": "PL5260250996"})

    assert response.status_code == 400
    assert response.context["form"].errors["vat_id"] == [
        "Numer VAT UE: nieprawidłowa cyfra kontrolna. Sprawdź, czy nie ma literówki (przykład "
        "prawidłowego numeru: PL5260250995)."]
    assert Application.objects.values().get() == before


def test_a_refused_upload_answers_400_in_german_and_stores_nothing(client, packs):
    application = make_applicant(language="de")
    sign_in(client, application)
    program = SimpleUploadedFile("zertifikat.pdf", b"MZ\x90\x00" + b"\x00" * 200,
                                 content_type="application/pdf")
    from regions.compliance.models import CertificateType
    kind = CertificateType.objects.get(region__code="eu", code="gpsr-eu-rp")

    response = client.post("/portal/eu/de/documents/", {
        "certificate_type": kind.pk, "number": "Lniana Sp. z o.o., Łódź", "issuer": "",
        "valid_from": "", "valid_until": "", "file": program})

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "Diese Datei ist ein Programm oder ein Archiv, kein Dokument. Bitte laden Sie das "
        "Zertifikat als PDF, PNG oder JPEG hoch."]
    assert Document.objects.count() == 0


def test_a_refused_submission_answers_400_with_the_reason_and_stays_a_draft(client, packs):
    application = fill(make_applicant(confirmed=False))
    sign_in(client, application)

    response = client.post("/portal/eu/pl/review/")

    assert response.status_code == 400
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Najpierw potwierdź swój adres e-mail")
    assert message in response.content.decode()
    assert Application.objects.get().status == Status.DRAFT
