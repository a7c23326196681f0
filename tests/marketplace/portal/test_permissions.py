"""Who sees what: an applicant only its own application and documents; a region's ops only
their region's applications and files; anonymous visitors nothing."""

import pytest
from django.test import Client

from marketplace.portal.models import Application, Document, Status
from tests.marketplace.portal.conftest import fill, make_applicant, sign_in
from tests.region_fixtures import operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(submitted):
    return submitted.documents.get()


def admin_document_url(document: Document) -> str:
    return f"/admin/portal/application/{document.application_id}/documents/{document.pk}/"


def test_another_applicant_cannot_download_the_document(client, document):
    other = make_applicant(email="jan@stalwerk.de", language="de")
    sign_in(client, other)

    assert client.get(f"/portal/eu/de/documents/{document.pk}/").status_code == 404
    assert client.get(admin_document_url(document)).status_code == 302  # not staff: login


def test_another_applicant_cannot_delete_the_document(client, packs):
    owner = fill(make_applicant())
    document = owner.documents.get()
    sign_in(client, make_applicant(email="jan@stalwerk.de", language="de"))

    client.post(f"/portal/eu/de/documents/{document.pk}/delete/")

    assert Document.objects.filter(pk=document.pk).exists()


def test_an_applicant_sees_only_its_own_application(client, submitted):
    other = make_applicant(email="jan@stalwerk.de", language="de")
    sign_in(client, other)

    html = client.get("/portal/eu/de/review/").content.decode()

    assert "Lniana" not in html
    assert "jan@stalwerk.de" in html


def test_anonymous_visitors_are_sent_to_sign_in(document):
    anonymous = Client()

    response = anonymous.get(f"/portal/eu/pl/documents/{document.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/portal/eu/pl/login/?next=")
    assert anonymous.get(admin_document_url(document)).status_code == 302
    assert anonymous.get("/portal/eu/pl/company/").status_code == 302


def test_the_regions_ops_open_the_document(client, document, eu_ops):
    client.force_login(eu_ops)

    response = client.get(admin_document_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_regions_ops_get_403_for_application_and_document(client, document, uk_ops):
    client.force_login(uk_ops)

    assert client.get(admin_document_url(document)).status_code == 403
    change = f"/admin/portal/application/{document.application_id}/change/"
    assert client.get(change).status_code == 403
    assert client.post(f"/admin/portal/application/{document.application_id}/approve/"
                       ).status_code == 403
    assert Application.objects.get().status == Status.SUBMITTED


def test_ops_list_only_their_regions_applications(client, submitted, packs):
    uk_application = fill(make_applicant(region_code="uk", email="tom@mill.co.uk",
                                         language="en-gb"),
                          {"legal_name": "Mill Textiles Ltd", "country": "GB", "vat_id": "",
                           "registration_number": "00445790", "street_address": "1 Mill Lane",
                           "postal_code": "M1 1AA", "city": "Manchester", "country_area": ""},
                          document=False)
    europe = operator("europe-operator", "eu")
    client.force_login(europe)

    page = client.get("/admin/portal/application/")

    assert page.status_code == 200
    shown = {row.pk for row in page.context["cl"].result_list}
    assert shown == {submitted.pk}
    assert uk_application.pk not in shown


def test_an_applicant_of_another_region_is_sent_to_its_own_portal(client, packs):
    uk_applicant = make_applicant(region_code="uk", email="tom@mill.co.uk", language="en-gb")
    sign_in(client, uk_applicant)

    response = client.get("/portal/eu/pl/company/")

    assert response.status_code == 302
    assert response["Location"] == "/portal/uk/en-gb/"


def test_ops_accounts_cannot_sign_in_to_the_portal(client, eu_ops):
    response = client.post("/portal/eu/en/login/", {"email": "eu-operator",
                                                    "password": "pw-eu-operator"})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 400
