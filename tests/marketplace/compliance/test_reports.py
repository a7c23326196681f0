"""Stored reports: history per listing and region, a new row only when the findings change."""

import datetime

from django.utils import translation

from marketplace.compliance.models import Certificate, ComplianceReport
from marketplace.compliance.services import latest_reports, record_reports, summary_from_report
from regions.compliance import codes
from regions.compliance.checks import Finding
from regions.compliance.models import CertificateType, VerificationStatus
from regions.core.market import resolve_market_context

TODAY = datetime.date(2026, 11, 24)


def test_first_check_stores_a_report(packs, listing, settings):
    settings.AI_API_KEY = "sk-test"
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)

    assert report.is_latest and report.blockers > 0
    assert codes.CERTIFICATE_MISSING in report.codes
    assert report.ai_status == "not_run"  # configured, but no review has run yet
    assert codes.AI_REVIEW_SKIPPED not in report.codes


def test_without_an_ai_service_the_report_says_the_review_was_skipped(packs, listing,
                                                                      settings):
    settings.AI_API_KEY = ""
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)

    assert report.ai_status == "skipped"
    [skipped] = [f for f in report.findings if f["code"] == codes.AI_REVIEW_SKIPPED]
    assert skipped["severity"] == "info"
    with translation.override("en"):
        assert "no AI service is configured" in Finding.from_json(skipped).message
    with translation.override("zh-hans"):
        assert "未配置 AI 服务" in Finding.from_json(skipped).message
    # Said in the report, but no finding about the listing in a market.
    summary = summary_from_report(report, resolve_market_context(region="eu", country="DE"),
                                  today=TODAY)
    assert codes.AI_REVIEW_SKIPPED not in {f.code for f in summary.findings}


def test_an_unchanged_outcome_moves_checked_at_without_a_new_row(packs, listing):
    [first] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    [second] = record_reports([listing], packs["eu"], trigger="beat", today=TODAY)

    assert second.pk == first.pk
    assert second.checked_at > first.checked_at
    assert ComplianceReport.objects.count() == 1


def test_a_changed_outcome_adds_a_row_and_keeps_the_old_one(packs, supplier, listing):
    [first] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED)
    [second] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)

    assert second.pk != first.pk
    first.refresh_from_db()
    assert not first.is_latest and second.is_latest
    assert latest_reports([listing.pk], packs["eu"].pk) == {listing.pk: second}
    assert "weee-de" not in {f["certificate_type"] for f in second.findings}


def test_regions_have_separate_histories(packs, listing):
    record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    record_reports([listing], packs["us"], trigger="command", today=TODAY)

    assert ComplianceReport.objects.filter(is_latest=True).count() == 2


def test_a_report_answers_each_market_of_its_region(packs, listing):
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    germany = summary_from_report(report, resolve_market_context(region="eu", country="DE"),
                                  today=TODAY)
    france = summary_from_report(report, resolve_market_context(region="eu", country="FR"),
                                 today=TODAY)

    assert "weee-de" in {f.certificate_type for f in germany.findings}
    assert "weee-de" not in {f.certificate_type for f in france.findings}


def test_a_certificate_ending_after_the_report_blocks_at_the_gate(packs, supplier, listing):
    # Stored while valid; the day after it ends the gate blocks even before a re-check.
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED, valid_until=TODAY + datetime.timedelta(days=90))
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    later = summary_from_report(report, resolve_market_context(region="eu", country="DE"),
                                today=TODAY + datetime.timedelta(days=91))

    [finding] = [f for f in later.findings if f.certificate_type == "weee-de"]
    assert (finding.code, finding.severity) == (codes.CERTIFICATE_EXPIRED, "blocker")


def test_reports_stored_together_are_returned_as_stored(packs, supplier, listing):
    # Given three listings with the same outcome (one stored form for the rows inserted
    # together), one of them reported before the certificate changed that outcome
    from tests.marketplace.compliance.conftest import make_listing

    twin, other = make_listing(supplier), make_listing(supplier)
    [old] = record_reports([other], packs["eu"], trigger="command", today=TODAY)
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED)

    reports = record_reports([listing, twin, other], packs["eu"], trigger="beat", today=TODAY)

    # Then each returned report is its stored row, field by field, and the region is loaded
    names = [f.attname for f in ComplianceReport._meta.concrete_fields]
    stored = {r.pk: r for r in ComplianceReport.objects.filter(pk__in=[r.pk for r in reports])}
    assert sorted(r.listing_id for r in reports) == sorted([listing.pk, twin.pk, other.pk])
    for report in reports:
        assert [getattr(report, n) for n in names] == [getattr(stored[report.pk], n)
                                                       for n in names]
        assert report.region == packs["eu"] and not report._state.adding
    by_listing = {r.listing_id: r for r in reports}
    assert len({r.fingerprint for r in reports}) == 1
    assert by_listing[other.pk].pk != old.pk
    assert ComplianceReport.objects.get(pk=old.pk).is_latest is False
    assert ComplianceReport.objects.filter(is_latest=True).count() == 3
