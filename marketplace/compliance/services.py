"""Compliance checks as the rest of the project calls them: load a region's rules and the
suppliers' records in a fixed number of queries, check listings, store reports with history.
The rules and the check itself are regional configuration and pure logic (regions.compliance);
the findings of other sources (the AI review) come through `findings_sources`.

- `check(listing, market)`: the summary for one market, computed now (nothing stored).
- `check_many(listings, region)`: region-wide results for any number of listings; queries do
  not grow with the number of listings (rules 1, certificates 1, their scope 1, responsible
  persons 1).
- `record_reports(listings, region)`: check and store. History: a new report row only when
  the findings (or the AI review's outcome) changed; otherwise the latest row's `checked_at`
  moves. So the history lists each distinct state with when it was first and last seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from marketplace.compliance import findings_sources
from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from regions.compliance import codes
from regions.compliance.checks import (
    ComplianceSummary,
    Finding,
    ListingCheck,
    OnRecord,
    RegionRules,
    Requirement,
    certificate_view,
    check_listing,
    counts,
    for_market,
)
from regions.compliance.services import region_rules
from regions.core.market import MarketContext
from regions.core.models import Region


def records_for(supplier_ids: Iterable[int], region: Region) -> dict[int, OnRecord]:
    """Each supplier's certificates in the region (by type) and responsible person: 3 queries
    whatever the number of suppliers."""
    supplier_ids = set(supplier_ids)
    certificates = list(
        Certificate.objects.filter(supplier_id__in=supplier_ids,
                                   certificate_type__region=region)
        .select_related("certificate_type").order_by("pk"))
    scopes: dict[int, set[int]] = {}
    for certificate_id, listing_id in Certificate.listings.through.objects.filter(
            certificate_id__in=[c.pk for c in certificates]
    ).values_list("certificate_id", "listing_id"):
        scopes.setdefault(certificate_id, set()).add(listing_id)
    records = {supplier_id: OnRecord({}) for supplier_id in supplier_ids}
    for certificate in certificates:
        view = certificate_view(certificate, certificate.certificate_type.identifier_pattern,
                                scopes.get(certificate.pk, ()))
        records[certificate.supplier_id].certificates.setdefault(
            certificate.certificate_type_id, []).append(view)
    for supplier_id, name in ResponsiblePerson.objects.filter(
            supplier_id__in=supplier_ids, region=region).values_list("supplier_id", "name"):
        records[supplier_id].responsible_person = name
    return records


def check_many(listings: Sequence, region: Region, *, today: date | None = None,
               rules: RegionRules | None = None) -> dict[int, ListingCheck]:
    """Region-wide rule checks of `listings` (anything with pk, supplier_id, category and
    properties); a fixed number of queries."""
    rules = rules or region_rules(region, today)
    records = records_for({listing.supplier_id for listing in listings}, region)
    # A supplier's listings with the same category and properties get the same result (the
    # same immutable object), unless one of its certificates names the listing itself: a
    # catalog of thousands of listings then costs a check per distinct kind of product.
    named: dict[int, frozenset[int]] = {}
    shared: dict[tuple, ListingCheck] = {}
    results = {}
    for listing in listings:
        on_record = records[listing.supplier_id]
        if listing.supplier_id not in named:
            named[listing.supplier_id] = frozenset().union(*(
                certificate.scope_listings for certificates in on_record.certificates.values()
                for certificate in certificates))
        properties = listing.properties
        key = (listing.supplier_id, listing.category, properties,
               listing.pk if listing.pk in named[listing.supplier_id] else None)
        if key not in shared:
            shared[key] = check_listing(listing.pk, listing.category, properties, on_record,
                                        rules)
        results[listing.pk] = shared[key]
    return results


def check(listing, market: MarketContext, *, today: date | None = None) -> ComplianceSummary:
    """The rule check of one listing for one market, as of now (nothing is stored)."""
    today = today or timezone.localdate()
    result = check_many([listing], market.region, today=today)[listing.pk]
    return for_market(result.requirements, result.findings, country=str(market.country.code),
                      buyer_type=str(market.buyer_type), today=today)


# --- stored reports -----------------------------------------------------------------------


def fingerprint(requirements: list[dict], findings: list[dict], ai_status: str) -> str:
    payload = json.dumps([requirements, findings, ai_status], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class RegionState:
    """A listing's region-wide outcome: the rule check plus the other sources' findings, as
    a stored report holds it. The sales gate works it out from the current rows and compares
    its `fingerprint` with the latest report's."""

    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]
    ai_status: str
    ai_message: str

    @property
    def requirements_json(self) -> list[dict]:
        return [r.to_json() for r in self.requirements]

    @property
    def findings_json(self) -> list[dict]:
        return [f.to_json() for f in self.findings]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.requirements_json, self.findings_json, self.ai_status)


def region_state(result: ListingCheck, outcome: findings_sources.Outcome) -> RegionState:
    findings = sorted((*result.findings, *outcome.findings),
                      key=lambda f: (-_severity_rank(f), f.certificate_type, f.code))
    return RegionState(result.requirements, tuple(findings), outcome.status, outcome.message)


def summary_from_state(state: RegionState, market: MarketContext, *, today: date,
                       checked_at=None) -> ComplianceSummary:
    """What a region-wide outcome says for one market (see `summary_from_report`)."""
    return for_market(state.requirements,
                      [f for f in state.findings if f.code != codes.AI_REVIEW_SKIPPED],
                      country=str(market.country.code), buyer_type=str(market.buyer_type),
                      today=today, checked_at=checked_at, ai_status=state.ai_status)


def region_states(listings: Sequence, region: Region, *,
                  today: date | None = None) -> dict[int, RegionState]:
    """Each listing's region-wide outcome (rules plus the AI review's current findings), as
    `record_reports` would store it; nothing is stored."""
    results = check_many(listings, region, today=today)
    reviewed = findings_sources.outcomes_for([listing.pk for listing in listings], region.pk)
    shared: dict[tuple, RegionState] = {}  # one state object per distinct (check, review)
    states = {}
    for listing in listings:
        result, outcome = results[listing.pk], reviewed[listing.pk]
        key = (id(result), outcome)
        if key not in shared:
            shared[key] = region_state(result, outcome)
        states[listing.pk] = shared[key]
    return states


def record_reports(listings: Sequence, region: Region, *, trigger: str,
                   today: date | None = None) -> list[ComplianceReport]:
    """Check `listings` in `region` (rules plus the AI review's current findings) and store the
    outcome; returns the latest report of each listing."""
    listings = list(listings)
    if not listings:
        return []
    now = timezone.now()
    stored_forms: dict[int, StoredForm] = {}  # by id(state): shared states serialise once
    states = {}
    for pk, state in region_states(listings, region, today=today).items():
        if id(state) not in stored_forms:
            stored_forms[id(state)] = StoredForm.of(state)
        states[pk] = stored_forms[id(state)]
    try:
        return _store(states, region, trigger, now)
    except IntegrityError:
        # Another run stored a first report for one of these listings at the same moment:
        # the second pass sees it and compares against it.
        return _store(states, region, trigger, now)


def _severity_rank(finding: Finding) -> int:
    return {"blocker": 2, "warning": 1}.get(finding.severity, 0)


@dataclass(frozen=True)
class StoredForm:
    """A RegionState as a report row holds it, worked out once per distinct state."""

    requirements: list[dict]
    findings: list[dict]
    ai_status: str
    ai_message: str
    fingerprint: str
    blockers: int
    warnings: int
    finding_codes: str

    @classmethod
    def of(cls, state: RegionState) -> StoredForm:
        requirements, findings = state.requirements_json, state.findings_json
        blockers, warnings = counts(state.findings)
        return cls(requirements, findings, state.ai_status, state.ai_message,
                   fingerprint(requirements, findings, state.ai_status), blockers, warnings,
                   f" {' '.join(sorted({f['code'] for f in findings}))} ")


@transaction.atomic
def _store(states: dict[int, StoredForm], region: Region, trigger: str,
           now) -> list[ComplianceReport]:
    # The JSON columns are not read: an unchanged report (same fingerprint) holds exactly
    # the form's lists, set below; a replaced one needs only its id. Decoding them was most of
    # the cost of a re-check.
    latest = {report.listing_id: report for report in
              ComplianceReport.objects.select_for_update().defer("requirements", "findings")
              .filter(region=region, is_latest=True, listing_id__in=list(states))}
    unchanged, replaced, created, new_messages = [], [], [], []
    for listing_id, form in states.items():
        current = latest.get(listing_id)
        if current is not None and current.fingerprint == form.fingerprint:
            current.requirements, current.findings = form.requirements, form.findings
            current.checked_at = now
            if current.ai_message != form.ai_message:
                current.ai_message = form.ai_message
                new_messages.append(current)
            unchanged.append(current)
            continue
        if current is not None:
            replaced.append(current.pk)
        created.append((listing_id, form))
    ComplianceReport.objects.filter(pk__in=replaced).update(is_latest=False)
    # One UPDATE per chunk for the common case (same outcome, new timestamp); bulk_update's
    # CASE per row only for the few whose AI message changed.
    unchanged_ids = [report.pk for report in unchanged]
    for start in range(0, len(unchanged_ids), 2000):
        ComplianceReport.objects.filter(pk__in=unchanged_ids[start:start + 2000]).update(
            checked_at=now)
    ComplianceReport.objects.bulk_update(new_messages, ["ai_message"], batch_size=500)
    return [*unchanged, *_insert_latest(created, region, trigger, now)]


# Rows per query reading back the ids of inserted reports (SQLite takes 32,766 parameters).
IDS_PER_QUERY = 5000


def _insert_latest(rows: list[tuple[int, StoredForm]], region: Region, trigger: str,
                   now) -> list[ComplianceReport]:
    """Insert a latest report per (listing id, form) and return them as model instances.

    What bulk_create would write, at a fraction of its cost on a first run over a catalog
    (thousands of rows, a few hundred distinct forms): each form's columns are converted
    for the database (its JSON encoded) once, not once per row, and the rows go through one
    executemany instead of a model instance and field conversions each. The ids are read
    back by (listing, region, latest), which the unique constraint makes unambiguous."""
    if not rows:
        return []
    fields = [f for f in ComplianceReport._meta.concrete_fields if not f.primary_key]
    shared = {"region_id": region.pk, "is_latest": True, "trigger": trigger,
              "created_at": now, "checked_at": now}
    values: dict[int, dict] = {}  # by id(form): the row's Python values but the listing id
    params: dict[int, list] = {}  # by id(form): the same, converted for the database
    for _, form in rows:
        if id(form) not in values:
            # The JSON lists are shared between rows of one form: rows are written, never
            # edited in place, so sharing is safe.
            values[id(form)] = {**shared, "fingerprint": form.fingerprint,
                                "requirements": form.requirements, "findings": form.findings,
                                "blockers": form.blockers, "warnings": form.warnings,
                                "ai_status": form.ai_status, "ai_message": form.ai_message,
                                "finding_codes": form.finding_codes}
            params[id(form)] = [None if f.attname == "listing_id"
                                else f.get_db_prep_save(values[id(form)][f.attname], connection)
                                for f in fields]
    at = [f.attname for f in fields].index("listing_id")
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted, go into the SQL; values are params.
    sql = (f"INSERT INTO {quote(ComplianceReport._meta.db_table)} "  # noqa: S608
           f"({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    # By hand rather than filter(listing_id__in=...): the ORM's work per value of a long IN
    # list costs as much as the insert.
    columns = {f.attname: quote(f.column) for f in ComplianceReport._meta.concrete_fields}
    select = (f"SELECT {columns['listing_id']}, {columns['id']} FROM "  # noqa: S608
              f"{quote(ComplianceReport._meta.db_table)} WHERE {columns['region_id']} = %s AND "
              f"{columns['is_latest']} = %s AND {columns['listing_id']} IN ")
    is_latest = ComplianceReport._meta.get_field("is_latest").get_db_prep_save(True, connection)
    listing_ids = [listing_id for listing_id, _ in rows]
    ids: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*params[id(form)][:at], listing_id,
                                  *params[id(form)][at + 1:]) for listing_id, form in rows])
        for start in range(0, len(listing_ids), IDS_PER_QUERY):
            chunk = listing_ids[start:start + IDS_PER_QUERY]
            cursor.execute(f"{select}({', '.join(['%s'] * len(chunk))})",
                           [region.pk, is_latest, *chunk])
            ids.update(cursor.fetchall())
    names = [f.attname for f in ComplianceReport._meta.concrete_fields]
    reports = []
    for listing_id, form in rows:
        row = {**values[id(form)], "id": ids[listing_id], "listing_id": listing_id}
        report = ComplianceReport.from_db(connection.alias, names, [row[n] for n in names])
        ComplianceReport.region.field.set_cached_value(report, region)
        reports.append(report)
    return reports


def latest_reports(listing_ids: Iterable[int], region_id: int) -> dict[int, ComplianceReport]:
    return {report.listing_id: report for report in ComplianceReport.objects.filter(
        region_id=region_id, is_latest=True, listing_id__in=list(listing_ids))}


def summary_from_report(report: ComplianceReport, market: MarketContext, *,
                        today: date | None = None) -> ComplianceSummary:
    """What the stored report says for one market of its region (the sales gate). A skipped
    AI review stays in the report (and the API's report view) but is no finding about the
    listing in a market: it neither blocks nor warns."""
    return for_market([Requirement.from_json(r) for r in report.requirements],
                      [Finding.from_json(f) for f in report.findings
                       if f["code"] != codes.AI_REVIEW_SKIPPED],
                      country=str(market.country.code), buyer_type=str(market.buyer_type),
                      today=today or timezone.localdate(), checked_at=report.checked_at,
                      ai_status=report.ai_status)

