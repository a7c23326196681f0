"""The sales gate: what a localized listing (and so the checkout) says about compliance in one
market. The localization engine calls `compliance_for`; nothing else decides `sellable`.

The gate never trusts a stored report blindly: it works the answer out from the current rows
(the region's rules, the supplier's certificates and responsible person, the listing's
category and properties, the AI review's findings) and compares that outcome's fingerprint
with the latest report's.
- Equal: the report is current; the summary carries its `checked_at`.
- Different (the listing, a certificate, a responsible person, a rule or an AI finding
  changed since, by any path: the service, the admin, a delete, `QuerySet.update`,
  `bulk_create`, a shell), or no report yet: the summary is the answer as of now, with
  `checked_at` None so callers can tell. Nothing is stored (a read must not write); the daily
  re-check and the services bring the stored history up to date.

Why compare outcomes rather than re-check on every commit: a re-check on commit only covers
the writes that go through the service that triggers it, and the issue's failures were all
writes that did not (admin deletes, catalog saves, bulk writes). Reading the inputs at read
time cannot miss a writer. It costs no rule-check query more: a page already read the
certificates and responsible persons for the listings that had no report, and the check runs
once per supplier, category, properties and covering certificates (a page repeats them).
The AI review's rows are read with the page (in its one statement), so a finding confirmed or
dismissed by any path counts at once.

A page reads what the gate needs in a fixed number of queries with `attach()` (called by
marketplace/localization/page.py, the one way pages are read): plain rows, a query per table,
for every region the page is shown in at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import get_language

from marketplace.compliance import findings_sources
from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from marketplace.compliance.services import region_state, summary_from_state
from marketplace.localization.rows import Among, Read, select_all
from regions.compliance.checks import (
    ComplianceSummary,
    OnRecord,
    RegionRules,
    certificate_view,
    check_listing,
    rendered,
)
from regions.compliance.models import CertificateType, ComplianceRule
from regions.compliance.services import responsible_person_types, rules_in_force
from regions.core.market import MarketContext

# What `attach` sets, per region read: {region id: ...}
REPORTS = "compliance_latest_reports"  # on a listing: the latest report's row, or None
ON_RECORD = "compliance_on_record"  # on a supplier: its OnRecord
OUTCOMES = "compliance_other_findings"  # on a listing: the findings sources' Outcome


class _ReportRow(NamedTuple):
    """The columns of a ComplianceReport the gate reads: which outcome it stored, and when.
    Not its requirements and findings (about 1 KB of JSON a report): the gate works those out
    from the current rows and only compares fingerprints."""

    listing_id: int
    region_id: int
    fingerprint: str
    checked_at: datetime


def attach(listings: Sequence, certificate_types: Mapping[int, Mapping[int, str]]) -> None:
    """What `compliance_for` reads, for an already fetched page (the listings with their
    suppliers) in the regions `certificate_types` names (region id → its certificate type ids
    with their identifier patterns, configuration the caller keeps with the market's), as
    plain rows (marketplace/localization/rows.py): the latest reports, certificates, their
    listing scope, responsible persons and the findings sources' rows, in one query
    (`reads`) whatever the number of listings and regions. A page reads them with its own
    tables instead (page.read: `reads` and `attach_rows`)."""
    planned = reads(listings, certificate_types)
    if planned:
        attach_rows(listings, certificate_types, select_all(planned))


def reads(listings: Sequence, certificate_types: Mapping[int, Mapping[int, str]]
          ) -> list[Read]:
    """The rows `attach_rows` needs, for `rows.select_all`: none for an empty page."""
    region_ids = list(certificate_types)
    ids = [listing.pk for listing in listings]
    if not ids or not region_ids:
        return []
    suppliers = sorted({listing.supplier_id for listing in listings})
    return [
        Read(ComplianceReport, _ReportRow._fields, "listing_id", ids,
             where=(("is_latest", True), ("region_id", region_ids))),
        Read(Certificate, _CERTIFICATE_COLUMNS, "supplier_id", suppliers,
             order_by=("certificate_type_id", "id")),
        # Every certificate's whole scope: an empty one covers everything, so a scope cut
        # down to the page's listings could not be told from none.
        Read(Certificate.listings.through, ("certificate_id", "listing_id"), "certificate_id",
             Among(Certificate, "id", "supplier_id", suppliers)),
        Read(ResponsiblePerson, ("supplier_id", "region_id", "name"), "supplier_id", suppliers,
             where=(("region_id", region_ids),)),
        # The findings sources' rows (the AI review's), region by region.
        *(read for region_id in region_ids
          for read in findings_sources.reads_for(ids, region_id)),
    ]


def attach_rows(listings: Sequence, certificate_types: Mapping[int, Mapping[int, str]],
                rows: Sequence[list[tuple]]) -> None:
    """Attach what `compliance_for` reads from the answers to `reads(listings, ...)`."""
    region_ids = list(certificate_types)
    ids = [listing.pk for listing in listings]
    if not ids or not region_ids:
        return
    report_rows, certificate_rows, scope_rows, person_rows, *found = rows
    answers = iter(found)
    outcomes = {region_id: findings_sources.outcomes_from(ids, region_id, answers)
                for region_id in region_ids}
    reports = {(row[0], row[1]): _ReportRow(*row) for row in report_rows}
    region_of = {type_id: region_id for region_id, types in certificate_types.items()
                 for type_id in types}
    suppliers = {listing.supplier_id for listing in listings}
    records = {(supplier_id, region_id): OnRecord({})
               for supplier_id in suppliers for region_id in region_ids}
    scopes: dict[int, list[int]] = {}
    for certificate_id, listing_id in scope_rows:
        scopes.setdefault(certificate_id, []).append(listing_id)
    for row in certificate_rows:
        if row[2] not in region_of:
            continue
        certificate = _CertificateRow(*row)
        kind, region_id = certificate.certificate_type_id, region_of[row[2]]
        records[certificate.supplier_id, region_id].certificates.setdefault(kind, []).append(
            certificate_view(certificate, certificate_types[region_id][kind],
                             scopes.get(certificate.pk, ())))
    for supplier_id, region_id, name in person_rows:
        records[supplier_id, region_id].responsible_person = name
    for listing in listings:
        # Added to what an earlier attach read for other regions. (Each listing has its own
        # instance of a shared supplier.)
        read_reports = _attached(listing, REPORTS)
        read_outcomes = _attached(listing, OUTCOMES)
        read_records = _attached(listing.supplier, ON_RECORD)
        for region_id in region_ids:
            read_reports[region_id] = reports.get((listing.pk, region_id))
            read_outcomes[region_id] = outcomes[region_id][listing.pk]
            read_records[region_id] = records[listing.supplier_id, region_id]


def _attached(instance, name: str) -> dict:
    attached = getattr(instance, name, None)
    if attached is None:
        attached = {}
        setattr(instance, name, attached)
    return attached


def is_attached(listing, region_id: int) -> bool:
    """Whether `attach` read the listing's rows in the region."""
    return region_id in getattr(listing, OUTCOMES, ())


class _CertificateRow(NamedTuple):
    pk: int
    supplier_id: int
    certificate_type_id: int
    number: str
    status: str
    valid_until: date | None
    rejection_reason: str
    categories: list
    valid_from: date | None
    acts: list


_CERTIFICATE_COLUMNS = ("id", *_CertificateRow._fields[1:])  # the model's name for pk


def certificate_types(region_id: int) -> dict[int, str]:
    """The region's certificate type ids with their identifier patterns (for `attach`)."""
    return dict(CertificateType.objects.filter(region_id=region_id)
                .values_list("pk", "identifier_pattern"))


def compliance_for(listing, market: MarketContext, rules: Iterable[ComplianceRule],
                   today: date, memo: dict) -> ComplianceSummary:
    """The listing's compliance in one market, as of now. `rules` are the region's active
    rules with their certificate types (MarketData.rules); `memo` is shared by a page's
    listings. A listing `attach` did not read in the region is read now, alone."""
    region_id = market.region.pk
    if not is_attached(listing, region_id):
        attach([listing], {region_id: certificate_types(region_id)})
    if "compliance_rules" not in memo:
        # Region-wide, as a stored report checks: its outcome's fingerprint must compare.
        memo["compliance_rules"] = _rules_in_force(rules, market.region.pk, today)
    record_key = ("compliance_on_record", listing.supplier_id)
    if record_key not in memo:
        memo[record_key] = _on_record(listing, market)
    on_record = memo[record_key]
    # Listings of one supplier and category usually share the answer (same certificates, no
    # AI finding), so each is worked out once per page, and once for as long as the rules
    # are in force (the next pages, the next requests) with the same inputs: the key holds
    # everything the check reads besides the rules.
    covering, outcome = _covering(on_record, listing), _other_findings(listing, market)
    key = ("compliance_live", listing.supplier_id, listing.category, listing.properties,
           covering, outcome)
    if key not in memo:
        in_force = memo["compliance_rules"]
        live_key = (id(in_force), listing.category, listing.properties, covering,
                    on_record.key, outcome, str(market.country.code), str(market.buyer_type),
                    get_language())
        kept = _live_kept.get(live_key)
        if kept is None or kept[0] is not in_force:
            # Holding the rules keeps their id from being reused while the entry is kept.
            kept = _live_kept.put(live_key, (in_force, *_live(
                listing, on_record, outcome, in_force, market, today)))
        memo[key] = kept[1:]
    fingerprint, summary = memo[key]
    report = _latest_report(listing, market)
    if report is None or report.fingerprint != fingerprint:
        return summary
    # Listings with a current report differ only in when it was made.
    return ComplianceSummary(summary.requirements, summary.findings, report.checked_at,
                             summary.ai_status)


def _live(listing, on_record: OnRecord, outcome: findings_sources.Outcome, rules: RegionRules,
          market: MarketContext, today: date) -> tuple[str, ComplianceSummary]:
    """The fingerprint of the listing's region-wide state as of now, and its summary in the
    market, rendered in the active language."""
    result = check_listing(listing.pk, listing.category, listing.properties, on_record, rules)
    state = region_state(result, outcome)
    return state.fingerprint, rendered(summary_from_state(state, market, today=today))


class _Kept:
    """A memo shared by a process's threads, of at most `limit` entries: the oldest goes first.
    The gate's results are kept for as long as their rules are current; these bounds are for
    the rules and answers of configuration versions and days gone by."""

    def __init__(self, limit: int):
        self.limit = limit
        self.entries: dict = {}
        self.lock = threading.Lock()

    def get(self, key):
        return self.entries.get(key)

    def put(self, key, value):
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.limit:
                self.entries.pop(next(iter(self.entries)))
        return value


_rules_kept = _Kept(64)
# Live answers by (rules, category, properties, covering certificates, certificates on
# record, AI outcome, market, language): a few KB each.
_live_kept = _Kept(2048)


def _rules_in_force(rules, region_id: int, today: date) -> RegionRules:
    """`rules_in_force`, kept across requests for as long as the market's cached configuration
    hands out the same rules list (MarketData caches it per configuration version): the
    reduction and its per-category memo are then worked out once, not per page."""
    key = (id(rules), region_id, today, settings.COMPLIANCE_EXPIRY_WARNING_DAYS,
           responsible_person_types())
    kept = _rules_kept.get(key)
    if kept is None or kept[0] is not rules:
        # Holding the list keeps its id from being reused while the entry is kept.
        kept = _rules_kept.put(key, (rules, rules_in_force(rules, region_id, today)))
    return kept[1]


def _other_findings(listing, market: MarketContext) -> findings_sources.Outcome:
    """The findings sources' outcome (the AI review's) for the listing in the market's region,
    from what `attach` read."""
    return getattr(listing, OUTCOMES)[market.region.pk]


def _covering(on_record: OnRecord, listing) -> tuple[int, ...]:
    listing_id, category = listing.pk, listing.category
    return tuple(sorted(certificate.pk for certificates in on_record.certificates.values()
                        for certificate in certificates
                        if certificate.covers(listing_id, category)))


def _latest_report(listing, market: MarketContext) -> _ReportRow | None:
    return getattr(listing, REPORTS)[market.region.pk]


def _on_record(listing, market: MarketContext) -> OnRecord:
    return getattr(listing.supplier, ON_RECORD)[market.region.pk]
