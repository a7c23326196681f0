"""The daily re-check (Celery beat): which listings are due, reports updated, suppliers told."""

import datetime

from django.core import mail
from django.utils import timezone

from marketplace.catalog.models import Listing
from marketplace.compliance.models import Certificate, ComplianceReport
from marketplace.compliance.recheck import due_listing_ids
from marketplace.compliance.services import record_reports
from marketplace.compliance.tasks import recheck_due
from regions.compliance.models import CertificateType, ComplianceRule, VerificationStatus
from tests.marketplace.compliance.conftest import make_listing


def today():
    return timezone.localdate()


def test_never_checked_published_listings_are_due(packs, listing):
    assert listing.pk in due_listing_ids(packs["eu"], today())


def test_a_listing_checked_after_the_last_rule_change_is_not_due(packs, listing):
    record_reports([listing], packs["eu"], trigger="command")
    assert listing.pk not in due_listing_ids(packs["eu"], today())


def test_a_rule_change_makes_checked_listings_due(packs, listing):
    record_reports([listing], packs["eu"], trigger="command")
    rule = ComplianceRule.objects.get(region=packs["eu"], code="weee-de-electrical")
    rule.severity = "warning"
    rule.save()  # ops edit: a history row

    assert listing.pk in due_listing_ids(packs["eu"], today())


def test_an_expiring_certificate_makes_its_suppliers_listings_due(packs, supplier, listing):
    record_reports([listing], packs["eu"], trigger="command")
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED, valid_until=today() + datetime.timedelta(days=10))

    assert listing.pk in due_listing_ids(packs["eu"], today())
    assert listing.pk not in due_listing_ids(packs["us"], today()) or \
        not ComplianceReport.objects.filter(region=packs["us"]).exists()


def test_the_task_stores_reports_and_mails_the_suppliers_members(packs, member, listing):
    Listing.objects.filter(pk=listing.pk).update(source_language="zh-Hans")

    totals = recheck_due()

    assert totals["regions"] == 3 and totals["emails"] == 3
    assert ComplianceReport.objects.filter(listing=listing, is_latest=True).count() == 3
    [first, *_rest] = mail.outbox
    assert first.to == ["sales@hexin-audio.example"]
    assert listing.title in first.body
    # The supplier writes in Chinese: the mail is in Chinese.
    assert "Compliance in" not in first.subject


def test_a_second_run_without_changes_sends_nothing(packs, member, listing):
    recheck_due()
    mail.outbox.clear()

    totals = recheck_due()

    assert totals["listings"] == 0 and mail.outbox == []


def test_members_without_an_address_get_nothing(packs, supplier, listing):
    make_listing(supplier, title="Second")
    assert recheck_due()["emails"] == 0


def test_an_ai_decision_after_the_report_makes_the_listing_due(packs, listing, eu_ops):
    from marketplace.compliance_review.models import ClaimFinding, ClaimReview

    review = ClaimReview.objects.create(listing=listing, region=packs["eu"], status="completed",
                                        finished_at=timezone.now())
    finding = ClaimFinding.objects.create(review=review, listing=listing, region=packs["eu"],
                                          kind="medical_or_safety_claim",
                                          evidence="cures tinnitus", explanation="Medical.")
    record_reports([listing], packs["eu"], trigger="command")
    assert listing.pk not in due_listing_ids(packs["eu"], today())

    ClaimFinding.objects.filter(pk=finding.pk).update(
        status="confirmed", decided_by=eu_ops, decided_at=timezone.now())

    assert listing.pk in due_listing_ids(packs["eu"], today())
    [report] = record_reports([listing], packs["eu"], trigger="beat")
    assert {f["code"]: f["severity"] for f in report.findings}[
        "ai.medical_or_safety_claim"] == "blocker"


def test_a_listing_saved_after_its_report_is_due(packs, listing):
    from marketplace.catalog.services import save_listing

    record_reports([listing], packs["eu"], trigger="command")
    listing.category, listing.radio = "textiles", False
    save_listing(listing)

    assert listing.pk in due_listing_ids(packs["eu"], today())


def test_a_certificate_deleted_after_the_report_makes_the_listing_due(packs, supplier,
                                                                      listing):
    weee = Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED)
    record_reports([listing], packs["eu"], trigger="command")
    assert listing.pk not in due_listing_ids(packs["eu"], today())

    weee.delete()

    assert listing.pk in due_listing_ids(packs["eu"], today())
    assert listing.pk not in due_listing_ids(packs["uk"], today()) or \
        not ComplianceReport.objects.filter(region=packs["uk"]).exists()


def test_a_responsible_person_deleted_after_the_report_makes_the_listing_due(
        packs, supplier, listing):
    from marketplace.compliance.models import ResponsiblePerson

    person = ResponsiblePerson.objects.create(
        supplier=supplier, region=packs["eu"], name="Hexin B.V.",
        street_address="Keizersgracht 1", postal_code="1015 CC", city="Amsterdam",
        country="NL", email="rp@hexin.example")
    record_reports([listing], packs["eu"], trigger="command")
    assert listing.pk not in due_listing_ids(packs["eu"], today())

    person.delete()

    assert listing.pk in due_listing_ids(packs["eu"], today())


def test_a_certificate_starting_today_makes_its_suppliers_listings_due(packs, supplier,
                                                                      listing):
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED, valid_from=today() + datetime.timedelta(days=1))
    record_reports([listing], packs["eu"], trigger="command")
    assert listing.pk not in due_listing_ids(packs["eu"], today())

    assert listing.pk in due_listing_ids(packs["eu"], today() + datetime.timedelta(days=1))
