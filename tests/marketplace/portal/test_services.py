"""Onboarding services: submit, approve, reject, and what each refuses."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from marketplace.catalog.models import Supplier
from marketplace.compliance.models import Certificate
from marketplace.portal import services
from marketplace.portal.models import Application, Status
from regions.compliance.models import VerificationStatus
from tests.marketplace.portal.conftest import fill, make_applicant

pytestmark = pytest.mark.django_db


def test_an_unconfirmed_account_cannot_submit(packs):
    application = fill(make_applicant(confirmed=False))

    with pytest.raises(services.SubmitRefused) as refused:
        services.submit(application)

    assert refused.value.code == "email_unconfirmed"
    assert Application.objects.get().status == Status.DRAFT


def test_submit_names_the_open_required_steps(applicant):
    services.save_company(applicant, {"legal_name": "Lniana", "country": "PL",
                                      "street_address": "ul. Piotrkowska 104",
                                      "postal_code": "90-926", "city": "Łódź"})

    with pytest.raises(services.SubmitRefused) as refused:
        services.submit(applicant)

    assert refused.value.code == "incomplete"
    assert [step.slug for step in refused.value.steps] == ["contact", "offer", "documents"]


def test_a_submitted_application_refuses_step_saves(submitted):
    with pytest.raises(services.NotEditable):
        services.save_contact(submitted, {"contact_name": "Someone else", "phone": "+48221234567"})

    assert Application.objects.get().contact_name == "Anna Nowak"


def test_approve_creates_the_supplier_its_member_and_pending_certificates(submitted, eu_ops):
    supplier = services.approve(submitted, by=eu_ops, portal_url="http://testserver/portal/eu/pl/")

    supplier = Supplier.objects.get(pk=supplier.pk)
    assert (supplier.name, str(supplier.country), supplier.vat_id, supplier.registration_number,
            supplier.street_address, supplier.postal_code, supplier.city, supplier.phone,
            supplier.email) == (
        "Lniana Tkalnia Sp. z o.o.", "PL", "PL5260250995", "012100784", "ul. Piotrkowska 104",
        "90-926", "Łódź", "+48426323000", "anna@lniana.pl")
    assert supplier.contact_name == submitted.contact_name != ""
    assert supplier.country_area == submitted.country_area
    assert list(supplier.members.all()) == [submitted.user]
    certificate = Certificate.objects.get(supplier=supplier)
    document = submitted.documents.get()
    assert certificate.status == VerificationStatus.PENDING
    assert certificate.certificate_type.code == "gpsr-eu-rp"
    assert certificate.number == "GPSR-2026-001"
    assert certificate.file.name == document.file.name
    assert certificate.file.read().startswith(b"%PDF-")
    application = Application.objects.get()
    assert application.status == Status.APPROVED
    assert application.decided_by == eu_ops
    assert application.decided_at is not None
    assert application.supplier == supplier


def test_the_decision_email_is_in_the_applicants_language(
        submitted, eu_ops, django_capture_on_commit_callbacks):
    # The operator works in English; the applicant uses the portal in Polish.
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submitted, by=eu_ops, portal_url="http://testserver/portal/eu/pl/")

    [email] = mail.outbox
    assert email.to == ["anna@lniana.pl"]
    assert email.subject == "Twój wniosek dostawcy został zatwierdzony"
    assert "Lniana Tkalnia Sp. z o.o." in email.body
    assert "http://testserver/portal/eu/pl/" in email.body


def test_reject_needs_a_reason_and_changes_nothing_without_one(submitted, eu_ops):
    with pytest.raises(ValidationError) as refused:
        services.reject(submitted, by=eu_ops, reason="   ")

    assert refused.value.message_dict["reason"]
    application = Application.objects.get()
    assert (application.status, application.decided_by) == (Status.SUBMITTED, None)
    assert mail.outbox == []


def test_reject_records_who_when_why_and_emails_the_applicant(
        submitted, eu_ops, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(submitted, by=eu_ops, reason="Brakuje deklaracji zgodności UE.")

    application = Application.objects.get()
    assert application.status == Status.REJECTED
    assert application.rejection_reason == "Brakuje deklaracji zgodności UE."
    assert application.decided_by == eu_ops
    assert application.editable  # the applicant may correct and resubmit
    [email] = mail.outbox
    assert email.subject == "Twój wniosek dostawcy wymaga poprawek"
    assert "Brakuje deklaracji zgodności UE." in email.body
    assert Supplier.objects.count() == 0


def test_a_rejected_application_can_be_corrected_and_submitted_again(submitted, eu_ops):
    services.reject(submitted, by=eu_ops, reason="Zły numer telefonu.")
    services.save_contact(submitted, {"contact_name": "Anna Nowak", "phone": "+48221234567"})

    services.submit(submitted)

    assert Application.objects.get().status == Status.SUBMITTED


def test_another_regions_ops_cannot_decide(submitted, uk_ops):
    with pytest.raises(PermissionDenied):
        services.approve(submitted, by=uk_ops)

    assert Application.objects.get().status == Status.SUBMITTED
    assert Supplier.objects.count() == 0


def test_a_draft_cannot_be_approved(filled, eu_ops):
    with pytest.raises(ValidationError):
        services.approve(filled, by=eu_ops)

    assert Supplier.objects.count() == 0


def test_a_second_supplier_with_the_same_name_gets_its_own_slug(packs, eu_ops):
    first = services.submit(fill(make_applicant(email="a@lniana.pl")))
    second = services.submit(fill(make_applicant(email="b@lniana.pl")))

    slugs = [services.approve(app, by=eu_ops).slug for app in (first, second)]

    assert slugs == ["lniana-tkalnia-sp-z-oo", "lniana-tkalnia-sp-z-oo-2"]


def test_duplicate_email_is_refused_whatever_its_case(applicant):
    with pytest.raises(ValidationError) as refused:
        make_applicant(email="Anna@Lniana.PL")

    assert refused.value.error_dict["email"][0].code == "duplicate_email"


def test_a_confirmation_token_for_an_old_address_confirms_nothing(packs):
    application = make_applicant(confirmed=False)
    token = services.confirmation_token(application)
    application.user.email = "new@lniana.pl"
    application.user.save()

    assert services.confirm_email(token, max_age=3600) is None
    assert Application.objects.get().email_confirmed_at is None


def test_the_demo_command_creates_its_applicants_once(packs):
    from io import StringIO

    from django.core.management import call_command

    call_command("portal_demo", stdout=StringIO())
    again = StringIO()
    call_command("portal_demo", stdout=again)

    statuses = dict(Application.objects.values_list("user__email", "status"))
    assert statuses == {"anna@lniana.example": Status.SUBMITTED,
                        "jan@stahlwerk-becker.example": Status.DRAFT}
    assert "exists, left as it is" in again.getvalue()


def test_moving_the_company_to_another_country_reopens_the_contact_step(filled):
    german = {"legal_name": "Lniana GmbH", "country": "DE", "vat_id": "DE136695976",
              "registration_number": "Berlin (Charlottenburg) HRB 12345",
              "street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin",
              "country_area": ""}
    services.save_company(filled, german)

    with pytest.raises(services.SubmitRefused) as refused:
        services.submit(filled)

    assert [step.slug for step in refused.value.steps] == ["contact"]
