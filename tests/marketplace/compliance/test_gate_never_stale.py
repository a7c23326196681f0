"""The sales gate is never stale: after a stored report, every kind of change to a listing's
inputs (the listing, its certificates, its responsible person, the rules, its AI findings),
through the service or around it (delete, QuerySet.update, bulk_create), shows in the very
next API answer."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.catalog.models import Listing, ListingStatus
from marketplace.catalog.services import save_listing
from marketplace.compliance.models import Certificate, ResponsiblePerson
from marketplace.compliance.services import check, record_reports
from marketplace.compliance_review.models import ClaimFinding, ClaimReview
from marketplace.rates.models import ExchangeRate
from regions.compliance.models import CertificateType, ComplianceRule, VerificationStatus
from regions.compliance.services import responsible_person_types
from regions.core.market import resolve_market_context
from tests.marketplace.compliance.conftest import make_listing

TOWEL = {"title": "Bath towel 70x140", "description": "<p>Cotton terry towel.</p>",
         "category": "textiles", "radio": False, "contains_battery": False}
TOY = {"title": "Plush rabbit", "description": "<p>Soft toy, 30 cm.</p>", "category": "toys",
       "radio": False, "contains_battery": False, "for_children": True}


@pytest.fixture(autouse=True)
def rates(db):
    ExchangeRate.objects.create(currency="CNY", rate="8.0000", as_of=datetime.date(2026, 11, 20),
                                source="test")


def answer(listing) -> dict:
    response = APIClient().get(f"/api/v1/listings/{listing.pk}/",
                               {"region": "eu", "country": "DE", "buyer": "consumer"})
    assert response.status_code == 200
    return response.json()


def blockers(listing) -> set[str]:
    return {f["certificate_type"] or f["code"] for f in answer(listing)["compliance"]["findings"]
            if f["severity"] == "blocker"}


def certify(listing) -> None:
    """What the EU rules ask of the listing in Germany, on record: a verified certificate per
    type, or the responsible person where the type is one."""
    market = resolve_market_context(region="eu", country="DE", buyer="consumer")
    for requirement in check(listing, market).requirements:
        if requirement.status == "satisfied":
            continue
        kind = CertificateType.objects.get(region__code="eu", code=requirement.certificate_type)
        if kind.code in responsible_person_types():
            ResponsiblePerson.objects.create(
                supplier=listing.supplier, region=kind.region, name="Lebao Europe B.V.",
                street_address="Keizersgracht 1", postal_code="1015 CC", city="Amsterdam",
                country="NL", email="rp@lebao.example")
        else:
            Certificate.objects.create(supplier=listing.supplier, certificate_type=kind,
                                       number=kind.identifier_example or "HX-2025-01",
                                       acts=list(requirement.acts),
                                       status=VerificationStatus.VERIFIED)


@pytest.fixture
def towel(packs, supplier) -> Listing:
    towel = make_listing(supplier, **TOWEL)
    certify(towel)
    record_reports([towel], packs["eu"], trigger="command")
    assert answer(towel)["sellable"] is True
    return towel


@pytest.fixture
def toy(packs, supplier) -> Listing:
    toy = make_listing(supplier, **TOY)
    certify(toy)
    record_reports([toy], packs["eu"], trigger="command")
    assert answer(toy)["sellable"] is True
    return toy


def test_a_towel_edited_into_a_radio_through_save_listing_is_blocked(towel):
    towel.category, towel.radio, towel.title = "consumer_electronics", True, "FM radio"
    save_listing(towel)

    item = answer(towel)

    assert item["sellable"] is False
    assert {"eu-doc-ce", "rohs-test-report"} <= blockers(towel)


def test_a_category_changed_by_queryset_update_is_blocked(towel):
    Listing.objects.filter(pk=towel.pk).update(category="consumer_electronics", radio=True)

    assert answer(towel)["sellable"] is False
    assert {"eu-doc-ce", "rohs-test-report"} <= blockers(towel)


def test_deleting_a_toys_responsible_person_and_en71_report_blocks_it(toy):
    ResponsiblePerson.objects.get(supplier=toy.supplier).delete()
    Certificate.objects.get(supplier=toy.supplier, certificate_type__code="en71-test-report"
                            ).delete()

    assert answer(toy)["sellable"] is False
    assert {"en71-test-report", "gpsr-eu-rp"} <= blockers(toy)


def test_certificates_deleted_in_bulk_block(toy):
    Certificate.objects.filter(supplier=toy.supplier).delete()

    assert answer(toy)["sellable"] is False
    assert "en71-test-report" in blockers(toy)


def test_a_certificate_rejected_by_queryset_update_blocks(toy):
    Certificate.objects.filter(certificate_type__code="en71-test-report").update(
        status=VerificationStatus.REJECTED, rejection_reason="Test lab not accredited.")

    assert blockers(toy) == {"en71-test-report"}


def test_a_certificate_edited_to_have_ended_blocks(toy):
    en71 = Certificate.objects.get(certificate_type__code="en71-test-report")
    en71.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    en71.save()

    assert blockers(toy) == {"en71-test-report"}


def test_a_certificate_narrowed_to_another_listing_blocks(toy, supplier):
    other = make_listing(supplier, **{**TOY, "title": "Plush bear"})
    en71 = Certificate.objects.get(certificate_type__code="en71-test-report")
    en71.listings.add(other)  # its scope: that listing only

    assert blockers(toy) == {"en71-test-report"}
    assert answer(other)["sellable"] is True


def test_a_bulk_created_listing_is_checked_as_of_now(packs, supplier):
    [bulk] = Listing.objects.bulk_create([Listing(
        supplier=supplier, status=ListingStatus.PUBLISHED, source_language="en",
        source_currency="CNY", moq=1, lead_time_min_days=5, lead_time_max_days=9, **TOY)])
    certify(make_listing(supplier, **{**TOY, "title": "Plush bear"}))
    Certificate.objects.filter(certificate_type__code="en71-test-report").update(
        categories=["textiles"])  # covers no toy

    assert answer(bulk)["sellable"] is False
    assert "en71-test-report" in blockers(bulk)


def test_a_responsible_person_bulk_created_after_the_report_counts(packs, toy):
    ResponsiblePerson.objects.filter(supplier=toy.supplier).delete()
    record_reports([toy], packs["eu"], trigger="command")
    assert "gpsr-eu-rp" in blockers(toy)

    ResponsiblePerson.objects.bulk_create([ResponsiblePerson(
        supplier=toy.supplier, region=packs["eu"], name="Lebao Europe B.V.",
        street_address="Keizersgracht 1", postal_code="1015 CC", city="Amsterdam",
        country="NL", email="rp@lebao.example")])

    assert answer(toy)["sellable"] is True


def test_a_new_rule_blocks_at_once(packs, towel):
    ComplianceRule.objects.create(
        region=packs["eu"], code="en71-textiles-test",
        certificate_type=CertificateType.objects.get(region=packs["eu"],
                                                     code="en71-test-report"),
        categories=["textiles"])

    assert blockers(towel) == {"en71-test-report"}


def test_a_changed_identifier_format_blocks_at_once(packs, toy):
    kind = CertificateType.objects.get(region=packs["eu"], code="en71-test-report")
    kind.identifier_pattern, kind.identifier_example = r"EN71-\d{6}", "EN71-123456"
    kind.save()

    assert blockers(toy) == {"en71-test-report"}


def test_a_pack_reload_keeps_the_answer_current(packs, toy):
    from django.core.management import call_command

    for rule in ComplianceRule.objects.filter(region=packs["eu"],
                                              certificate_type__code="en71-test-report"):
        rule.delete()  # as ops would, one by one in the admin
    assert "en71-test-report" not in {r["certificate_type"]
                                      for r in answer(toy)["compliance"]["requirements"]}
    Certificate.objects.filter(certificate_type__code="en71-test-report").delete()
    assert answer(toy)["sellable"] is True

    call_command("load_region", "eu", force=True, verbosity=0)  # restores what ops deleted

    assert blockers(toy) == {"en71-test-report"}


def ai_finding(listing, region, status):
    review = ClaimReview.objects.create(listing=listing, region=region, status="completed",
                                        finished_at=timezone.now())
    return ClaimFinding.objects.create(
        review=review, listing=listing, region=region, kind="medical_or_safety_claim",
        evidence="protects against every germ", explanation="A health claim.", status=status)


def test_an_ai_finding_confirmed_by_queryset_update_blocks(packs, toy):
    finding = ai_finding(toy, packs["eu"], "open")
    record_reports([toy], packs["eu"], trigger="api")
    assert answer(toy)["sellable"] is True  # an open finding is a warning

    ClaimFinding.objects.filter(pk=finding.pk).update(status="confirmed")

    assert blockers(toy) == {"ai.medical_or_safety_claim"}


def test_an_ai_finding_created_in_bulk_after_the_report_counts(packs, toy):
    review = ClaimReview.objects.create(listing=toy, region=packs["eu"], status="completed",
                                        finished_at=timezone.now())
    ClaimFinding.objects.bulk_create([ClaimFinding(
        review=review, listing=toy, region=packs["eu"], kind="medical_or_safety_claim",
        evidence="protects against every germ", explanation="A health claim.",
        status="confirmed")])

    item = answer(toy)
    assert item["sellable"] is False
    # (bulk_create skips the code that save() derives from the kind: the finding still blocks)
    assert [f["severity"] for f in item["compliance"]["findings"]
            if f["certificate_type"] == ""] == ["blocker"]


def test_an_ai_finding_dismissed_after_the_report_no_longer_blocks(packs, toy):
    finding = ai_finding(toy, packs["eu"], "confirmed")
    record_reports([toy], packs["eu"], trigger="api")
    assert answer(toy)["sellable"] is False

    ClaimFinding.objects.filter(pk=finding.pk).update(status="dismissed")

    assert answer(toy)["sellable"] is True


def quote(listing):
    return APIClient().post("/api/v1/checkout/quotes/", {
        "region": "eu", "country": "DE", "lang": "de", "buyer": "consumer",
        "lines": [{"listing": listing.pk, "quantity": listing.moq}]}, format="json")


def test_the_checkout_refuses_a_listing_whose_certificate_went_after_the_report(toy):
    assert quote(toy).status_code == 201

    Certificate.objects.filter(certificate_type__code="en71-test-report").delete()

    response = quote(toy)
    assert response.status_code == 400
    # Buyers read that it cannot be sold; the missing EN 71 report is the merchant's to see.
    [message] = response.json()["lines[0].listing"]
    assert message.startswith("„Plush rabbit“ kann in diesem Land (Deutschland) noch nicht")


def test_the_report_endpoints_market_verdict_is_the_gates(toy, superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    url = f"/api/v1/listings/{toy.pk}/compliance/?region=eu&country=DE&buyer=consumer"
    assert client.get(url).json()["market"]["sellable"] is True

    Certificate.objects.filter(certificate_type__code="en71-test-report").delete()

    body = client.get(url).json()
    assert body["stored"] is True  # the latest stored report, as history...
    assert body["market"] == {"country": "DE", "buyer": "consumer", "sellable": False,
                              "status": "blocked"}  # ...and the verdict as of now
