"""The rule check: which certificates a listing needs in a region and what the supplier has on
record for them. Pure functions over plain, preloaded inputs (`RegionRules`, `OnRecord`);
`services.py` (the rules) and marketplace/compliance/services.py (the suppliers' records) load
those in a fixed number of queries for any number of listings.

A check covers the whole region at once: each requirement and finding carries the country
(None: every country) and the buyers ("all", "consumer", "business") of the rules behind it,
and `for_market` picks what applies to one market. So one stored report per listing and
region answers all of that region's markets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from regions.compliance import codes, representatives
from regions.compliance.codes import (
    EXPIRED,
    EXPIRING,
    FINDING_FOR_STATUS,
    INVALID_IDENTIFIER,
    MISSING,
    NOT_YET_VALID,
    OUT_OF_SCOPE,
    PENDING,
    REJECTED,
    SATISFIED,
    STATUS_RANK,
)
from regions.compliance.identifiers import IdentifierFormat
from regions.compliance.messages import render_cached
from regions.compliance.models import RuleBuyers, Severity, VerificationStatus

SEVERITY_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.BLOCKER: 2}
SEVERITY_RANK = {str(k): v for k, v in SEVERITY_ORDER.items()}
ALL_BUYERS = str(RuleBuyers.ALL)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    certificate_type: str = ""
    rules: tuple[str, ...] = ()
    country: str | None = None
    buyers: str = ALL_BUYERS
    # Sorted (name, value) pairs: hashable, and rendered into `message` on demand.
    params: tuple[tuple[str, Any], ...] = ()
    # The message already rendered for one request's language (see `rendered`); not data.
    text: str | None = field(default=None, compare=False, repr=False)

    @property
    def message(self) -> str:
        """In the active language (the merchant's, set by the caller)."""
        return self.text if self.text is not None else render_cached(self.code, self.params)

    def rendered(self) -> Finding:
        """A copy whose message is fixed in the active language: for summaries shown many
        times within one request (a page of listings), where the lookup would dominate."""
        return Finding(self.code, self.severity, self.certificate_type, self.rules,
                       self.country, self.buyers, self.params, self.message)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity,
                "certificate_type": self.certificate_type, "rules": list(self.rules),
                "country": self.country, "buyers": self.buyers, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        return cls(data["code"], data["severity"], data.get("certificate_type", ""),
                   tuple(data.get("rules", ())), data.get("country"),
                   data.get("buyers", ALL_BUYERS), tuple(sorted(data.get("params", {}).items())))


@dataclass(frozen=True)
class Requirement:
    certificate_type: str
    certificate_type_name: str
    severity: str
    rules: tuple[str, ...]
    status: str
    certificate_number: str | None = None
    valid_until: date | None = None
    country: str | None = None
    buyers: str = ALL_BUYERS

    def to_json(self) -> dict[str, Any]:
        return {"certificate_type": self.certificate_type,
                "certificate_type_name": self.certificate_type_name,
                "severity": self.severity, "rules": list(self.rules), "status": self.status,
                "certificate_number": self.certificate_number,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "country": self.country, "buyers": self.buyers}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Requirement:
        until = data.get("valid_until")
        return cls(data["certificate_type"], data["certificate_type_name"], data["severity"],
                   tuple(data.get("rules", ())), data["status"], data.get("certificate_number"),
                   date.fromisoformat(until) if until else None, data.get("country"),
                   data.get("buyers", ALL_BUYERS))


@dataclass(frozen=True)
class ListingCheck:
    """The region-wide result for one listing."""

    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ComplianceSummary:
    """What applies in one market: the shape the localized listing and the API carry."""

    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]
    # When the stored report was made; None when no report exists and this is a live check.
    checked_at: Any = None
    ai_status: str = ""

    @property
    def sellable(self) -> bool:
        return not any(f.severity == Severity.BLOCKER for f in self.findings)

    @property
    def status(self) -> str:
        if not self.sellable:
            return "blocked"
        return "warnings" if any(f.severity == Severity.WARNING for f in self.findings) \
            else "compliant"


# --- preloaded inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class RuleView:
    code: str
    category: str
    product_property: str
    certificate_type_id: int
    country: str | None
    buyers: str
    severity: str


@dataclass(frozen=True)
class TypeView:
    pk: int
    code: str
    name: str
    identifier_example: str
    needs_responsible_person: bool


@dataclass
class RegionRules:
    """A region's rules in force on `today`, reduced to what the check reads."""

    region_id: int
    today: date
    expiring_days: int
    rules: list[RuleView]
    types: dict[int, TypeView]
    memo: dict = field(default_factory=dict)

    def demanded(self, category: str, properties: frozenset[str]
                 ) -> list[tuple[TypeView, str | None, str, str, tuple[str, ...]]]:
        """(type, country, buyers, severity, rule codes) per group of applicable rules."""
        key = (category, properties)
        if key not in self.memo:
            groups: dict[tuple[int, str | None, str], list[RuleView]] = {}
            for rule in self.rules:
                if (rule.category and rule.category != category) or (
                        rule.product_property and rule.product_property not in properties):
                    continue
                groups.setdefault((rule.certificate_type_id, rule.country, rule.buyers),
                                  []).append(rule)
            self.memo[key] = [
                (self.types[type_id], country, buyers,
                 max((r.severity for r in rules), key=SEVERITY_RANK.__getitem__),
                 tuple(sorted(r.code for r in rules)))
                for (type_id, country, buyers), rules in groups.items()]
        return self.memo[key]


@dataclass(frozen=True)
class CertificateView:
    pk: int
    certificate_type_id: int
    number: str
    status: str
    valid_until: date | None
    rejection_reason: str
    identifier_ok: bool
    scope_listings: frozenset[int]
    scope_categories: frozenset[str]
    valid_from: date | None = None

    def covers(self, listing_id: int, category: str) -> bool:
        if not self.scope_listings and not self.scope_categories:
            return True
        return listing_id in self.scope_listings or category in self.scope_categories


@dataclass
class OnRecord:
    """A supplier's certificates in a region by type, and its responsible person's name."""

    certificates: dict[int, list[CertificateView]]
    responsible_person: str | None = None


def certificate_view(certificate, pattern: str, scope_listings: Iterable[int]
                     ) -> CertificateView:
    # Stored numbers are normalised (Certificate.clean); one written around it that is not in
    # the stored form, or is a placeholder, fails here rather than satisfying a rule.
    identifier_ok = IdentifierFormat(pattern).problem(certificate.number) is None
    return CertificateView(
        certificate.pk, certificate.certificate_type_id, certificate.number, certificate.status,
        certificate.valid_until, certificate.rejection_reason, identifier_ok,
        frozenset(scope_listings), frozenset(certificate.categories or ()),
        certificate.valid_from)


# --- the check ----------------------------------------------------------------------------


def check_listing(listing_id: int, category: str, properties: frozenset[str],
                  on_record: OnRecord, rules: RegionRules) -> ListingCheck:
    requirements, findings = [], []
    for kind, country, buyers, severity, rule_codes in rules.demanded(category, properties):
        status, number, until = _requirement_status(
            kind, on_record, listing_id, category, rules)
        requirements.append(Requirement(kind.code, kind.name, severity, rule_codes, status,
                                        number, until, country, buyers))
        if status == SATISFIED:
            continue
        params = _params(kind, number, until, rules, on_record, status)
        if status in (MISSING, INVALID_IDENTIFIER) and kind.needs_responsible_person:
            # Still `certificate_missing` / `_invalid_identifier` (clients and the checkout
            # filter on them); the message asks for a responsible person, not a document.
            params = tuple(sorted((*params, ("proof", "responsible_person"))))
        findings.append(Finding(
            FINDING_FOR_STATUS[status], Severity.WARNING.value if status == EXPIRING
            else severity, kind.code, rule_codes, country, buyers, params))
    return ListingCheck(tuple(sorted(requirements, key=_strictest_first)),
                        tuple(sorted(findings, key=_strictest_first)))


def _requirement_status(kind: TypeView, on_record: OnRecord, listing_id: int, category: str,
                        rules: RegionRules) -> tuple[str, str | None, date | None]:
    if kind.needs_responsible_person and on_record.responsible_person:
        return SATISFIED, on_record.responsible_person, None
    candidates = on_record.certificates.get(kind.pk, ())
    if not candidates:
        return MISSING, None, None
    best: tuple[int, str, CertificateView] | None = None
    for certificate in candidates:
        if not certificate.covers(listing_id, category):
            continue
        status = _certificate_status(certificate, rules)
        if kind.needs_responsible_person and status != INVALID_IDENTIFIER and (
                representatives.address_problem(kind.code, certificate.number) is not None):
            # A responsible person written as a certificate around Certificate.clean (an
            # older row, a bulk write) still has to be established where the pack says.
            status = INVALID_IDENTIFIER
        rank = STATUS_RANK.index(status)
        if best is None or rank < best[0]:
            best = (rank, status, certificate)
    if best is None:
        first = candidates[0]
        return OUT_OF_SCOPE, first.number, first.valid_until
    return best[1], best[2].number, best[2].valid_until


def _certificate_status(certificate: CertificateView, rules: RegionRules) -> str:
    if not certificate.identifier_ok:
        return INVALID_IDENTIFIER
    if certificate.status == VerificationStatus.REJECTED:
        return REJECTED
    until = certificate.valid_until
    if until is not None and until < rules.today:
        return EXPIRED  # valid through its last day
    if certificate.valid_from is not None and certificate.valid_from > rules.today:
        return NOT_YET_VALID  # valid from its first day
    if certificate.status == VerificationStatus.PENDING:
        return PENDING
    if until is not None and (until - rules.today).days <= rules.expiring_days:
        return EXPIRING
    return SATISFIED


def _params(kind: TypeView, number: str | None, until: date | None, rules: RegionRules,
            on_record: OnRecord, status: str) -> tuple[tuple[str, Any], ...]:
    params: dict[str, Any] = {"type": kind.name}
    if number is not None:
        params["number"] = number
    if until is not None:
        # Days left are worked out when the message is shown: stored, they would change the
        # report's fingerprint (and add a history row) every day.
        params["date"] = until.isoformat()
    if status == REJECTED:
        params["reason"] = next(
            (c.rejection_reason for c in on_record.certificates.get(kind.pk, ())
             if c.number == number and c.status == VerificationStatus.REJECTED), "")
    if status == INVALID_IDENTIFIER:
        params["example"] = kind.identifier_example
    if status == NOT_YET_VALID:
        params["date"] = next(
            (c.valid_from.isoformat() for c in on_record.certificates.get(kind.pk, ())
             if c.number == number and c.valid_from is not None
             and c.valid_from > rules.today), params.get("date", ""))
    return tuple(sorted(params.items()))


def _strictest_first(item: Requirement | Finding) -> tuple[int, str, str]:
    return -SEVERITY_RANK[item.severity], item.certificate_type, item.country or ""


# --- one market out of a region-wide result -----------------------------------------------


def applies(item: Requirement | Finding, country: str, buyer_type: str) -> bool:
    return (item.country is None or item.country == country) and (
        item.buyers == ALL_BUYERS or item.buyers == buyer_type)


def for_market(requirements: Iterable[Requirement], findings: Iterable[Finding], *,
               country: str, buyer_type: str, today: date, checked_at: Any = None,
               ai_status: str = "") -> ComplianceSummary:
    """The part of a region-wide result that applies to one market.

    Safety net for stored reports: a requirement satisfied at check time whose certificate
    has ended since is a blocker now, whether or not the daily re-check has run yet."""
    kept_requirements = [r for r in requirements if applies(r, country, str(buyer_type))]
    kept_findings = [f for f in findings if applies(f, country, str(buyer_type))]
    for index, requirement in enumerate(kept_requirements):
        if requirement.status in (SATISFIED, EXPIRING) and requirement.valid_until \
                and requirement.valid_until < today:
            kept_requirements[index] = Requirement(
                requirement.certificate_type, requirement.certificate_type_name,
                requirement.severity, requirement.rules, EXPIRED,
                requirement.certificate_number, requirement.valid_until, requirement.country,
                requirement.buyers)
            kept_findings = [f for f in kept_findings
                             if not (f.certificate_type == requirement.certificate_type
                                     and f.code == codes.CERTIFICATE_EXPIRING)]
            kept_findings.append(Finding(
                codes.CERTIFICATE_EXPIRED, requirement.severity, requirement.certificate_type,
                requirement.rules, requirement.country, requirement.buyers,
                tuple(sorted({"type": requirement.certificate_type_name,
                              "number": requirement.certificate_number or "",
                              "date": requirement.valid_until.isoformat()}.items()))))
    return ComplianceSummary(tuple(kept_requirements),
                             tuple(sorted(kept_findings, key=_strictest_first)),
                             checked_at, ai_status)


def rendered(summary: ComplianceSummary) -> ComplianceSummary:
    """The summary with every message rendered once in the active language."""
    return ComplianceSummary(summary.requirements,
                             tuple(finding.rendered() for finding in summary.findings),
                             summary.checked_at, summary.ai_status)


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    found = list(findings)
    return (sum(1 for f in found if f.severity == Severity.BLOCKER),
            sum(1 for f in found if f.severity == Severity.WARNING))
