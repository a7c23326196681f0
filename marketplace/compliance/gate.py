"""The sales gate: what a localized listing (and so the checkout) says about compliance in one
market. The localization engine calls `compliance_for`; nothing else decides `sellable`.

- A listing with a stored report in the market's region: the latest report decides (its
  findings for the market's country and buyer type, AI findings included). Certificates that
  ended since the report was made block at once (see checks.for_market).
- A listing never checked in the region: the same rule check, run now on the prefetched rows,
  nothing stored (a read must not write). It is exactly what a stored report would say minus
  the AI review, whose findings block only once ops confirm them, and a confirmation needs a
  review, which stores a report. So failing closed would only make every new listing
  unsellable until a worker caught up, without catching anything more. The summary's
  `checked_at` is None so callers can tell.

A page reads what the gate needs in a fixed number of queries either way: `prefetches()` for
a listing queryset (the preview, the checkout), or `attach()` for an already fetched page in
one market (the API's list: plain rows, a query per table, no Django prefetch).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import Prefetch

from marketplace.catalog.models import Listing
from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from marketplace.compliance.services import records_for, summary_from_report
from marketplace.localization.rows import select
from regions.compliance.checks import (
    ComplianceSummary,
    OnRecord,
    RegionRules,
    RuleView,
    TypeView,
    certificate_view,
    check_listing,
    rendered,
)
from regions.compliance.models import CertificateType, ComplianceRule, RuleBuyers
from regions.compliance.services import responsible_person_types
from regions.core.market import MarketContext

REPORTS = "compliance_latest_reports"
CERTIFICATES = "compliance_certificates"
SCOPE = "compliance_scope"
RESPONSIBLE = "compliance_responsible_persons"
ON_RECORD = "compliance_on_record"  # on a supplier (attach): {region id: OnRecord}


def prefetches() -> list[Prefetch]:
    """What `compliance_for` reads, for a listing queryset (with supplier select_related):
    three queries per page whatever its size."""
    # Only the columns the gate reads: certificate types carry long descriptions, and a page
    # is localized on every request.
    return [
        Prefetch("compliance_reports", to_attr=REPORTS,
                 queryset=ComplianceReport.objects.filter(is_latest=True).only(
                     "listing_id", "region_id", "fingerprint", "checked_at", "requirements",
                     "findings", "ai_status")),
        Prefetch("supplier__certificates", to_attr=CERTIFICATES,
                 queryset=Certificate.objects.select_related("certificate_type").only(
                     "supplier_id", "certificate_type_id", "number", "status", "valid_until",
                     "rejection_reason", "categories", "certificate_type__region_id",
                     "certificate_type__identifier_pattern")
                 .prefetch_related(Prefetch("listings", to_attr=SCOPE,
                                            queryset=_listing_ids()))),
        Prefetch("supplier__responsible_persons", to_attr=RESPONSIBLE,
                 queryset=ResponsiblePerson.objects.only("supplier_id", "region_id", "name")),
    ]


class _ReportRow(NamedTuple):
    """The columns of a ComplianceReport the gate reads (summary_from_report's)."""

    listing_id: int
    region_id: int
    fingerprint: str
    checked_at: datetime
    requirements: list
    findings: list
    ai_status: str


def attach(listings: Sequence, market: MarketContext, certificate_types: dict[int, str]
           ) -> None:
    """What `compliance_for` reads in `market`, for an already fetched page (the listings with
    their suppliers), as plain rows instead of prefetches (see
    marketplace/localization/rows.py): the latest reports 1 query, certificates 1, their
    listing scope 1 (only when there are certificates), responsible persons 1.
    `certificate_types` maps the region's certificate type ids to their identifier patterns
    (configuration, which the caller keeps with the market's)."""
    region_id = market.region.pk
    reports: dict[int, list[_ReportRow]] = {}
    for row in select(ComplianceReport, _ReportRow._fields, key="listing_id",
                      values=[listing.pk for listing in listings],
                      where=[("is_latest", True), ("region_id", region_id)]):
        reports.setdefault(row[0], []).append(_ReportRow(*row))
    suppliers = {listing.supplier_id for listing in listings}
    records = {supplier_id: OnRecord({}) for supplier_id in suppliers}
    certificates = [row for row in select(
        Certificate, ("id", "supplier_id", "certificate_type_id", "number", "status",
                      "valid_until", "rejection_reason", "categories"),
        key="supplier_id", values=list(suppliers), order_by=("certificate_type_id", "id"))
        if row[2] in certificate_types]
    scopes: dict[int, list[int]] = {}
    for certificate_id, listing_id in select(
            Certificate.listings.through, ("certificate_id", "listing_id"),
            key="certificate_id", values=[row[0] for row in certificates]):
        scopes.setdefault(certificate_id, []).append(listing_id)
    for row in certificates:
        certificate = _CertificateRow(*row)
        records[certificate.supplier_id].certificates.setdefault(
            certificate.certificate_type_id, []).append(certificate_view(
                certificate, certificate_types[certificate.certificate_type_id],
                scopes.get(certificate.pk, ())))
    for supplier_id, name in select(ResponsiblePerson, ("supplier_id", "name"),
                                    key="supplier_id", values=list(suppliers),
                                    where=[("region_id", region_id)]):
        records[supplier_id].responsible_person = name
    for listing in listings:
        setattr(listing, REPORTS, reports.get(listing.pk, []))
        # (Each listing has its own instance of a shared supplier.)
        setattr(listing.supplier, ON_RECORD, {region_id: records[listing.supplier_id]})


class _CertificateRow(NamedTuple):
    pk: int
    supplier_id: int
    certificate_type_id: int
    number: str
    status: str
    valid_until: date | None
    rejection_reason: str
    categories: list


def certificate_types(region_id: int) -> dict[int, str]:
    """The region's certificate type ids with their identifier patterns (for `attach`)."""
    return dict(CertificateType.objects.filter(region_id=region_id)
                .values_list("pk", "identifier_pattern"))


def _listing_ids():
    return Listing.objects.only("pk")


def compliance_for(listing, market: MarketContext, rules: Iterable[ComplianceRule],
                   today: date, memo: dict) -> ComplianceSummary:
    """The listing's compliance in one market. `rules` are the region's active rules with
    their certificate types (MarketData.rules); `memo` is shared by a page's listings."""
    # Listings of one supplier and category usually share the answer (same findings: same
    # fingerprint; same certificates: same live check), so each is worked out once per page.
    report = _latest_report(listing, market)
    if report is not None:
        key = ("compliance_report", report.fingerprint, report.checked_at)
        if key not in memo:
            memo[key] = rendered(summary_from_report(report, market, today=today))
        return memo[key]
    if "compliance_rules" not in memo:
        memo["compliance_rules"] = market_rules(rules, market, today)
    record_key = ("compliance_on_record", listing.supplier_id)
    if record_key not in memo:
        memo[record_key] = _on_record(listing, market)
    on_record = memo[record_key]
    key = ("compliance_live", listing.supplier_id, listing.category, listing.properties,
           _covering(on_record, listing))
    if key not in memo:
        result = check_listing(listing.pk, listing.category, listing.properties, on_record,
                               memo["compliance_rules"])
        memo[key] = rendered(ComplianceSummary(result.requirements, result.findings))
    return memo[key]


def _covering(on_record: OnRecord, listing) -> tuple[int, ...]:
    return tuple(sorted(certificate.pk for certificates in on_record.certificates.values()
                        for certificate in certificates
                        if certificate.covers(listing.pk, listing.category)))


def _latest_report(listing, market: MarketContext) -> ComplianceReport | None:
    reports = getattr(listing, REPORTS, None)
    if reports is None:
        return ComplianceReport.objects.filter(listing=listing, region=market.region,
                                               is_latest=True).first()
    return next((r for r in reports if r.region_id == market.region.pk), None)


def market_rules(rules: Iterable[ComplianceRule], market: MarketContext, today: date
                 ) -> RegionRules:
    """The rules that apply in this market (country, buyer type, in force today), reduced for
    `check_listing`."""
    country_id, buyer = market.country.pk, str(market.buyer_type)
    rp_types = responsible_person_types()
    views, types = [], {}
    for rule in rules:
        kind = rule.certificate_type
        if not rule.active or rule.country_id not in (None, country_id) or \
                kind.country_id not in (None, country_id) or \
                rule.buyers not in (RuleBuyers.ALL, buyer) or \
                (rule.effective_from and rule.effective_from > today) or \
                (rule.effective_until and rule.effective_until < today):
            continue
        types[kind.pk] = TypeView(kind.pk, kind.code, kind.name, kind.identifier_example,
                                  kind.code in rp_types)
        # Scoped as a stored report's findings are, so both read the same.
        national = rule.country_id is not None or kind.country_id is not None
        views.append(RuleView(rule.code, rule.category, rule.product_property, kind.pk,
                              str(market.country.code) if national else None, rule.buyers,
                              rule.severity))
    return RegionRules(market.region.pk, today, settings.COMPLIANCE_EXPIRY_WARNING_DAYS,
                       views, types)


def _on_record(listing, market: MarketContext) -> OnRecord:
    supplier = listing.supplier
    attached = getattr(supplier, ON_RECORD, None)
    if attached is not None and market.region.pk in attached:
        return attached[market.region.pk]
    certificates = getattr(supplier, CERTIFICATES, None)
    if certificates is None:
        return records_for([listing.supplier_id], market.region)[listing.supplier_id]
    record = OnRecord({})
    for certificate in certificates:
        kind = certificate.certificate_type
        if kind.region_id != market.region.pk:
            continue
        view = certificate_view(certificate, kind.identifier_pattern,
                                (covered.pk for covered in getattr(certificate, SCOPE)))
        record.certificates.setdefault(kind.pk, []).append(view)
    person = next((p for p in getattr(supplier, RESPONSIBLE, ())
                   if p.region_id == market.region.pk), None)
    record.responsible_person = person.name if person is not None else None
    return record
