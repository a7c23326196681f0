"""The sales gate: the answer as of now, which carries the latest report's time when the report
says the same (nothing stored either way); pages cost a fixed number of queries."""

import datetime

from django.utils.translation import override

from marketplace.catalog.models import Listing
from marketplace.compliance import gate
from marketplace.compliance.models import Certificate, ComplianceReport
from marketplace.compliance.services import check, record_reports
from regions.compliance.models import CertificateType, VerificationStatus
from regions.compliance.services import rule_rows
from regions.core.market import resolve_market_context
from regions.core.models import Region
from tests.marketplace.compliance.conftest import make_listing

TODAY = datetime.date(2026, 11, 24)


def market(country="DE", buyer="consumer", region="eu"):
    return resolve_market_context(region=region, country=country, buyer=buyer)


def rules(region_code="eu"):
    return list(rule_rows(Region.objects.get(code=region_code)))


def page(*listings):
    """The listings as a page reads them (marketplace/localization/page.py), in the EU."""
    rows = list(Listing.objects.filter(pk__in=[x.pk for x in listings])
                .select_related("supplier"))
    eu = Region.objects.get(code="eu").pk
    gate.attach(rows, {eu: gate.certificate_types(eu)})
    return rows


def test_without_a_report_the_gate_is_the_rule_check_as_of_now(packs, listing):
    [row] = page(listing)
    here = market()

    summary = gate.compliance_for(row, here, rules(), TODAY, {})

    assert summary.checked_at is None and not summary.sellable
    assert summary.findings == check(listing, here, today=TODAY).findings
    assert ComplianceReport.objects.count() == 0  # a read never writes


def test_a_report_older_than_its_inputs_no_longer_decides(packs, supplier, listing):
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    [row] = page(listing)
    assert gate.compliance_for(row, market(), rules(), TODAY, {}).checked_at == \
        report.checked_at
    # A certificate added after the report counts at once...
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED)
    [row] = page(listing)

    summary = gate.compliance_for(row, market(), rules(), TODAY, {})

    assert summary.checked_at is None  # the report no longer says what the rows say
    assert "weee-de" not in {f.certificate_type for f in summary.findings}
    # ...and the next check's report is current again.
    [newer] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    [row] = page(listing)
    assert gate.compliance_for(row, market(), rules(), TODAY, {}).checked_at == \
        newer.checked_at


def test_live_and_stored_answers_agree_for_every_market(packs, supplier, listing):
    live = {(c, b): gate.compliance_for(page(listing)[0], market(c, b), rules(), TODAY, {})
            for c in ("DE", "FR") for b in ("consumer", "business")}
    record_reports([listing], packs["eu"], trigger="command", today=TODAY)
    [row] = page(listing)

    for (country, buyer), summary in live.items():
        stored = gate.compliance_for(row, market(country, buyer), rules(), TODAY, {})
        assert sorted(f.code + f.certificate_type for f in stored.findings) == \
            sorted(f.code + f.certificate_type for f in summary.findings)


def test_an_answer_kept_across_pages_follows_every_change_of_its_inputs(
        packs, supplier, listing, monkeypatch):
    # Given: one rules list, as the market cache hands it to every request of a version.
    kept_rules, here = rules(), market()
    checks = []
    check_listing = gate.check_listing
    monkeypatch.setattr(gate, "check_listing", lambda *a: checks.append(a) or check_listing(*a))

    def answer(language="en"):
        [row] = page(listing)
        with override(language):
            summary = gate.compliance_for(row, here, kept_rules, TODAY, {})
            return summary, [f.message for f in summary.findings]

    def as_checked_now():
        return check(listing, here, today=TODAY).findings

    # When / Then: the next page's answer is the kept one, not checked again...
    first, _ = answer()
    assert answer()[0] == first and len(checks) == 1
    # ...until a certificate comes on record,
    weee = Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED)
    added, _ = answer()
    assert added.findings == as_checked_now() != first.findings
    # its status changes,
    Certificate.objects.filter(pk=weee.pk).update(status=VerificationStatus.REJECTED,
                                                  rejection_reason="Unreadable scan")
    rejected, english = answer()
    assert rejected.findings == as_checked_now() != added.findings
    assert any("Unreadable scan" in message for message in english)
    # or the answer is asked for in another language: its messages speak it.
    german, german_messages = answer("de")
    assert german.findings == rejected.findings and german_messages != english
    assert len(checks) == 4


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


def attached_page(here, *listings):
    rows = list(Listing.objects.filter(pk__in=[x.pk for x in listings]).order_by("pk")
                .select_related("supplier"))
    gate.attach(rows, {here.region.pk: gate.certificate_types(here.region.pk)})
    return rows


def test_a_page_read_for_several_regions_answers_as_one_read_per_region(packs, supplier, listing):
    # Given: certificates in and out of scope, expired and in another region, a responsible
    # person, a stored report for one listing and another supplier's listing.
    from marketplace.catalog.models import Supplier
    from marketplace.compliance.models import ResponsiblePerson

    others = [make_listing(supplier, title=f"Earbuds {n}") for n in range(3)]
    toys = make_listing(Supplier.objects.create(name="Toys", slug="toys", country="CN"),
                        category="toys", for_children=True)
    eu = packs["eu"]
    weee = Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=eu, code="weee-de"),
        status=VerificationStatus.VERIFIED)
    weee.listings.add(others[0])
    Certificate.objects.create(
        supplier=supplier, number="DoC-2020-1", valid_until=TODAY - datetime.timedelta(days=1),
        certificate_type=CertificateType.objects.get(region=eu, code="eu-doc-ce"),
        status=VerificationStatus.VERIFIED, categories=["consumer_electronics"])
    Certificate.objects.create(
        supplier=supplier, number="FCC ID: 2AB12-X1",
        certificate_type=CertificateType.objects.get(region=packs["us"], code="fcc-id"),
        status=VerificationStatus.VERIFIED)
    ResponsiblePerson.objects.create(
        supplier=supplier, region=eu, name="Hexin Europe B.V.", street_address="Keizersgracht 1",
        postal_code="1015 CC", city="Amsterdam", country="NL",
        email="rp@hexin-audio.example")
    record_reports([others[1]], eu, trigger="command", today=TODAY)
    everything = (listing, *others, toys)

    # When: the page read once for the EU and the US (the preview's columns), and per region.
    together = list(Listing.objects.filter(pk__in=[x.pk for x in everything]).order_by("pk")
                    .select_related("supplier"))
    gate.attach(together, {region.pk: gate.certificate_types(region.pk)
                           for region in (eu, packs["us"])})

    # Then: every listing's summary is the same in every market.
    for here in (market(), market("FR", "business"), market("US", region="us")):
        alone = attached_page(here, *everything)
        region_rules = rules(here.region.code)
        assert [gate.compliance_for(row, here, region_rules, TODAY, {}) for row in together] \
            == [gate.compliance_for(row, here, region_rules, TODAY, {}) for row in alone]
    summaries = {row.pk: gate.compliance_for(row, market(), rules(), TODAY, {})
                 for row in together}
    # (the scoped certificate counts for its listing only; the US certificate not in the EU)
    assert "weee-de" not in {f.certificate_type for f in summaries[others[0].pk].findings}
    assert "weee-de" in {f.certificate_type for f in summaries[listing.pk].findings}
    assert summaries[others[1].pk].checked_at is not None  # its stored report is current
    assert summaries[listing.pk].checked_at is None


def test_attaching_a_page_costs_the_same_queries_whatever_its_size(
        packs, supplier, listing, django_assert_num_queries):
    more = [make_listing(supplier, title=f"Earbuds {n}") for n in range(4)]
    record_reports(more[:2], packs["eu"], trigger="command", today=TODAY)
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        status=VerificationStatus.VERIFIED)
    here, types = market(), gate.certificate_types(packs["eu"].pk)
    rows = list(Listing.objects.filter(pk__in=[listing.pk, *(x.pk for x in more)])
                .select_related("supplier"))

    # reports, certificates, their scope, responsible persons and the AI review's reviews
    # and findings in one statement; then nothing per listing
    with django_assert_num_queries(1):
        gate.attach(rows[:1], {here.region.pk: types})
    with django_assert_num_queries(1):
        gate.attach(rows, {here.region.pk: types})
    eu_rules = rules()
    with django_assert_num_queries(0):
        memo: dict = {}
        assert len([gate.compliance_for(row, here, eu_rules, TODAY, memo) for row in rows]) == 5
