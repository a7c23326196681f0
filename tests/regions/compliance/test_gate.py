"""The sales gate: the latest stored report decides; without one, the rule check as of now
(nothing stored); prefetched pages cost a fixed number of queries."""

import datetime

from marketplace.catalog.models import Listing
from regions.compliance import gate
from regions.compliance.models import (
    Certificate,
    CertificateType,
    ComplianceReport,
    ComplianceRule,
    VerificationStatus,
)
from regions.compliance.services import check, record_reports
from regions.core.market import resolve_market_context
from tests.regions.compliance.conftest import make_listing

TODAY = datetime.date(2026, 11, 24)


def market(country="DE", buyer="consumer", region="eu"):
    return resolve_market_context(region=region, country=country, buyer=buyer)


def rules(region_code="eu"):
    return list(ComplianceRule.objects.filter(region__code=region_code, active=True)
                .select_related("certificate_type"))


def page(*listings):
    return list(Listing.objects.filter(pk__in=[x.pk for x in listings])
                .select_related("supplier").prefetch_related(*gate.prefetches()))


def test_without_a_report_the_gate_is_the_rule_check_as_of_now(packs, listing):
    [row] = page(listing)
    here = market()

    summary = gate.compliance_for(row, here, rules(), TODAY, {})

    assert summary.checked_at is None and not summary.sellable
    assert summary.findings == check(listing, here, today=TODAY).findings
    assert ComplianceReport.objects.count() == 0  # a read never writes


def test_the_latest_report_decides_once_there_is_one(packs, supplier, listing):
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    # Certificates added after the report change nothing until the next check...
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED)
    [row] = page(listing)

    summary = gate.compliance_for(row, market(), rules(), TODAY, {})

    assert summary.checked_at == report.checked_at
    assert "weee-de" in {f.certificate_type for f in summary.findings}
    # ...which the next check picks up.
    record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    [row] = page(listing)
    assert "weee-de" not in {f.certificate_type for f in
                             gate.compliance_for(row, market(), rules(), TODAY, {}).findings}


def test_live_and_stored_answers_agree_for_every_market(packs, supplier, listing):
    live = {(c, b): gate.compliance_for(page(listing)[0], market(c, b), rules(), TODAY, {})
            for c in ("DE", "FR") for b in ("consumer", "business")}
    record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    [row] = page(listing)

    for (country, buyer), summary in live.items():
        stored = gate.compliance_for(row, market(country, buyer), rules(), TODAY, {})
        assert sorted(f.code + f.certificate_type for f in stored.findings) == \
            sorted(f.code + f.certificate_type for f in summary.findings)


def test_a_page_costs_the_same_queries_whatever_its_size(packs, supplier, listing,
                                                         django_assert_num_queries):
    more = [make_listing(supplier, title=f"Earbuds {n}") for n in range(4)]
    record_reports(more[:2], packs["eu"], trigger="command", today=TODAY)
    eu_rules, here = rules(), market()

    rows = page(listing, *more)
    with django_assert_num_queries(0):
        memo: dict = {}
        results = [gate.compliance_for(row, here, eu_rules, TODAY, memo) for row in rows]

    assert len(results) == 5
