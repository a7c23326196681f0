"""Approval makes the language the applicant used the portal in the new supplier's stored
language (catalog.languages), and the decision e-mails are written in the language the
applicant reads."""

import pytest
from django.core import mail

from marketplace.catalog.models import Supplier
from marketplace.portal import emails, services
from marketplace.portal.models import Application

pytestmark = pytest.mark.django_db

PORTAL = "http://testserver/portal/eu/pl/"


@pytest.mark.parametrize(("applied_in", "stored"), [("pl", "pl"), ("en-gb", "en"), ("de", "de")])
def test_approval_stores_the_language_they_applied_in(submitted, eu_ops, applied_in, stored):
    Application.objects.filter(pk=submitted.pk).update(language=applied_in)
    submitted.refresh_from_db()

    supplier = services.approve(submitted, by=eu_ops, portal_url=PORTAL)

    assert Supplier.objects.get(pk=supplier.pk).language == stored


def test_the_approval_email_links_the_workspace_in_the_stored_language(
        submitted, eu_ops, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submitted, by=eu_ops, portal_url=PORTAL)

    [email] = mail.outbox
    assert email.subject == "Twój wniosek dostawcy został zatwierdzony"
    assert "http://testserver/portal/workspace/pl/" in email.body


def test_once_a_supplier_the_email_follows_the_suppliers_language(submitted, eu_ops):
    supplier = services.approve(submitted, by=eu_ops, portal_url=PORTAL)
    Supplier.objects.filter(pk=supplier.pk).update(language="zh-hans")
    application = Application.objects.select_related("supplier").get(pk=submitted.pk)

    emails.send_decision(application, PORTAL)

    [email] = mail.outbox
    assert email.subject == "您的供应商申请已获批准"
    assert "http://testserver/portal/workspace/zh-hans/" in email.body


def test_a_rejected_applicant_is_written_to_in_the_portals_language(
        submitted, eu_ops, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(submitted, by=eu_ops, reason="Brakuje deklaracji zgodności UE.")

    [email] = mail.outbox
    assert email.subject == "Twój wniosek dostawcy wymaga poprawek"
