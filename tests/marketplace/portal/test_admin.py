"""Ops review in the admin: the list, the application page, approve and reject through the
services; decisions recorded and emailed."""

import pytest
from django.core import mail

from marketplace.catalog.models import Supplier
from marketplace.compliance.models import Certificate
from marketplace.portal.models import Application, Status

pytestmark = pytest.mark.django_db


def test_the_list_shows_status_and_filters(client, submitted, eu_ops):
    client.force_login(eu_ops)

    page = client.get("/admin/portal/application/?status__exact=submitted")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Lniana Tkalnia Sp. z o.o." in html
    assert "Submitted, waiting for review" in html
    assert client.get("/admin/portal/application/?status__exact=approved"
                      ).context["cl"].result_count == 0


def test_the_application_page_links_the_documents(client, submitted, eu_ops):
    client.force_login(eu_ops)
    document = submitted.documents.get()

    html = client.get(f"/admin/portal/application/{submitted.pk}/change/").content.decode()

    assert f"/admin/portal/application/{submitted.pk}/documents/{document.pk}/" in html
    assert "Approve" in html and "Reject with a reason" in html


def test_approve_from_the_admin(client, submitted, eu_ops, django_capture_on_commit_callbacks):
    client.force_login(eu_ops)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/portal/application/{submitted.pk}/approve/",
                               {"confirmed": "yes"})

    assert response.status_code == 302
    supplier = Supplier.objects.get()
    assert Certificate.objects.filter(supplier=supplier, status="pending").count() == 1
    assert Application.objects.get().decided_by == eu_ops
    assert len(mail.outbox) == 1


def test_reject_without_a_reason_is_refused_and_changes_nothing(client, submitted, eu_ops):
    client.force_login(eu_ops)

    response = client.post(f"/admin/portal/application/{submitted.pk}/reject/",
                           {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Application.objects.get().status == Status.SUBMITTED
    assert mail.outbox == []


def test_reject_with_a_reason(client, submitted, eu_ops, django_capture_on_commit_callbacks):
    client.force_login(eu_ops)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/portal/application/{submitted.pk}/reject/",
                    {"reason": "Dokument GPSR jest nieczytelny."})

    application = Application.objects.get()
    assert (application.status, application.rejection_reason, application.decided_by) == (
        Status.REJECTED, "Dokument GPSR jest nieczytelny.", eu_ops)
    assert "Dokument GPSR jest nieczytelny." in mail.outbox[0].body


def test_a_get_never_approves(client, submitted, eu_ops):
    client.force_login(eu_ops)

    response = client.get(f"/admin/portal/application/{submitted.pk}/approve/")

    assert response.status_code == 200
    assert "Yes, approve" in response.content.decode()
    assert Application.objects.get().status == Status.SUBMITTED


def test_an_unconfirmed_post_asks_first_and_approves_nothing(client, submitted, eu_ops):
    client.force_login(eu_ops)

    response = client.post(f"/admin/portal/application/{submitted.pk}/approve/")

    assert response.status_code == 200
    assert response.templates[0].name == "admin/portal/application/decide.html"
    assert Application.objects.get().status == Status.SUBMITTED
    assert not Supplier.objects.exists()


def test_ops_see_an_existing_supplier_with_the_same_vat_id(client, submitted, eu_ops):
    Supplier.objects.create(name="Lniana (old account)", slug="lniana-old", country="PL",
                            vat_id="PL5260250995")
    client.force_login(eu_ops)

    html = client.get(f"/admin/portal/application/{submitted.pk}/change/").content.decode()

    assert "Lniana (old account)" in html


def test_approve_and_reject_ask_on_one_page_that_leads_back(client, submitted, eu_ops):
    client.force_login(eu_ops)
    change = f"/admin/portal/application/{submitted.pk}/change/"
    document = submitted.documents.get()

    approve = client.get(f"/admin/portal/application/{submitted.pk}/approve/")
    reject = client.get(f"/admin/portal/application/{submitted.pk}/reject/")

    for page in (approve, reject):
        assert page.templates[0].name == "admin/portal/application/decide.html"
        assert f'<a href="{change}" class="button cancel-link">' in page.content.decode()
    approve_html, reject_html = approve.content.decode(), reject.content.decode()
    assert ('<p id="confirm-question">Approve <strong>Lniana Tkalnia Sp. z o.o.</strong>? '
            in approve_html)
    assert '<input type="hidden" name="confirmed" value="yes">' in approve_html
    assert f"({document.file_name})</li>" in approve_html
    assert 'name="_approve" id="confirm-button"' in approve_html
    assert "(language: <strong>Polish</strong>," in reject_html
    assert '<textarea name="reason"' in reject_html
    assert 'name="_reject" id="confirm-button"' in reject_html
    assert 'name="confirmed"' not in reject_html
    assert Application.objects.get().status == Status.SUBMITTED
