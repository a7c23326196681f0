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
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from regions.compliance import codes, representatives
from regions.compliance.codes import (
    ACT_NOT_LISTED,
    EXPIRED,
    EXPIRING,
    FINDING_FOR_STATUS,
    INVALID_IDENTIFIER,
    MISSING,
    NOT_YET_VALID,
    OUT_OF_SCOPE,
    PENDING,
    REJECTED,
    REQUIREMENT_RANK,
    SATISFIED,
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
                   data.get("buyers", ALL_BUYERS), params_tuple(data.get("params", {})))


def params_tuple(params: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Sorted (name, value) pairs, lists as tuples: hashable, as a Finding keeps them."""
    return tuple(sorted((name, tuple(value) if isinstance(value, list) else value)
                        for name, value in params.items()))


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
    # Every certificate type that satisfies it, when more than one does (`certificate_type`
    # is the one on record that came closest, else the rule's first).
    accepted_types: tuple[str, ...] = ()
    # Act codes the certificate must list (an EU DoC covering RED).
    acts: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = {"certificate_type": self.certificate_type,
                "certificate_type_name": self.certificate_type_name,
                "severity": self.severity, "rules": list(self.rules), "status": self.status,
                "certificate_number": self.certificate_number,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "country": self.country, "buyers": self.buyers}
        # Only when used: reports of plain requirements keep their earlier fingerprints.
        if self.accepted_types:
            data["accepted_types"] = list(self.accepted_types)
        if self.acts:
            data["acts"] = list(self.acts)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Requirement:
        until = data.get("valid_until")
        return cls(data["certificate_type"], data["certificate_type_name"], data["severity"],
                   tuple(data.get("rules", ())), data["status"], data.get("certificate_number"),
                   date.fromisoformat(until) if until else None, data.get("country"),
                   data.get("buyers", ALL_BUYERS), tuple(data.get("accepted_types", ())),
                   tuple(data.get("acts", ())))


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
    categories: frozenset[str]
    properties: frozenset[str]
    # The certificate types that satisfy the rule, the rule's own first.
    certificate_type_ids: tuple[int, ...]
    country: str | None
    buyers: str
    severity: str
    acts: frozenset[str] = frozenset()

    def applies_to(self, category: str, properties: frozenset[str]) -> bool:
        return category in self.categories or not self.properties.isdisjoint(properties)


@dataclass(frozen=True)
class TypeView:
    pk: int
    code: str
    name: str
    identifier_example: str
    needs_responsible_person: bool
    # The acts a document of the type can list, code → name.
    acts: tuple[tuple[str, str], ...] = ()
    # Acts that take in others (RED takes in LVD and EMC), code → codes.
    includes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # A self-declaration sells while it waits for verification (with a warning).
    sells_while_pending: bool = False

    def act_name(self, code: str) -> str:
        return dict(self.acts).get(code, code)

    def asked(self, acts: tuple[str, ...]) -> tuple[str, ...]:
        """The acts of `acts` a document of this type is asked to list: those it declares
        (a UK rule covering the UK regulations and the EU acts asks the UKCA DoC for the
        first, the CE DoC for the second). An act another asked act takes in is left out: a
        radio product's DoC is asked for RED, not for RED and EMC."""
        declared = dict(self.acts)
        asked = [code for code in acts if code in declared]
        taken = set().union(*(dict(self.includes).get(code, ()) for code in asked))
        return tuple(code for code in asked if code not in taken)

    def declared_by(self, listed: frozenset[str]) -> frozenset[str]:
        """The acts a document listing `listed` declares conformity with."""
        taken = dict(self.includes)
        return listed.union(*(taken.get(code, ()) for code in listed))


@dataclass(frozen=True)
class Demand:
    """What one group of applicable rules asks for: a certificate of one of `types` listing
    `acts`, in `country` (None: all) for `buyers`."""

    types: tuple[TypeView, ...]
    country: str | None
    buyers: str
    severity: str
    rules: tuple[str, ...]
    acts: tuple[str, ...]


@dataclass
class RegionRules:
    """A region's rules in force on `today`, reduced to what the check reads."""

    region_id: int
    today: date
    expiring_days: int
    rules: list[RuleView]
    types: dict[int, TypeView]
    memo: dict = field(default_factory=dict)

    def demanded(self, category: str, properties: frozenset[str]) -> list[Demand]:
        """One Demand per group of applicable rules with the same accepted types, country and
        buyers. Their acts add up: the law wants one DoC naming every act that applies (RED
        Art. 18(3), Decision 768/2008/EC Annex I Art. R10(3)), not one per rule."""
        key = (category, properties)
        if key not in self.memo:
            groups: dict[tuple[tuple[int, ...], str | None, str], list[RuleView]] = {}
            for rule in self.rules:
                if rule.applies_to(category, properties):
                    groups.setdefault((rule.certificate_type_ids, rule.country, rule.buyers),
                                      []).append(rule)
            self.memo[key] = [
                Demand(tuple(self.types[type_id] for type_id in type_ids), country, buyers,
                       max((r.severity for r in rules), key=SEVERITY_RANK.__getitem__),
                       tuple(sorted(r.code for r in rules)),
                       tuple(sorted(set().union(*(r.acts for r in rules)))))
                for (type_ids, country, buyers), rules in groups.items()]
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
    acts: frozenset[str] = frozenset()

    def covers(self, listing_id: int, category: str) -> bool:
        if not self.scope_listings and not self.scope_categories:
            return True
        return listing_id in self.scope_listings or category in self.scope_categories


@dataclass
class OnRecord:
    """A supplier's certificates in a region by type, and its responsible person's name."""

    certificates: dict[int, list[CertificateView]]
    responsible_person: str | None = None

    @cached_property
    def key(self) -> tuple:
        """All of it as one hashable value, for results that depend on it. Worked out on first
        use, so only once the record is complete (gate.attach_rows fills it in)."""
        return (tuple((kind, tuple(views)) for kind, views in sorted(self.certificates.items())),
                self.responsible_person)


def certificate_view(certificate, pattern: str, scope_listings: Iterable[int]
                     ) -> CertificateView:
    return CertificateView(
        certificate.pk, certificate.certificate_type_id, certificate.number, certificate.status,
        certificate.valid_until, certificate.rejection_reason,
        _identifier_ok(pattern, certificate.number),
        frozenset(scope_listings), frozenset(certificate.categories or ()),
        certificate.valid_from, frozenset(certificate.acts or ()))


@lru_cache(maxsize=4096)
def _identifier_ok(pattern: str, number: str) -> bool:
    # Stored numbers are normalised (Certificate.clean); one written around it that is not in
    # the stored form, or is a placeholder, fails here rather than satisfying a rule. A pure
    # function, asked for every certificate of every page: remembered.
    return IdentifierFormat(pattern).problem(number) is None


# --- the check ----------------------------------------------------------------------------


def check_listing(listing_id: int, category: str, properties: frozenset[str],
                  on_record: OnRecord, rules: RegionRules) -> ListingCheck:
    requirements, findings = [], []
    for demand in rules.demanded(category, properties):
        kind, (status, number, until, unlisted) = _best_of(demand, on_record, listing_id,
                                                           category, rules)
        accepted = tuple(t.code for t in demand.types) if len(demand.types) > 1 else ()
        requirements.append(Requirement(kind.code, kind.name, demand.severity, demand.rules,
                                        status, number, until, demand.country, demand.buyers,
                                        accepted, kind.asked(demand.acts)))
        if status == SATISFIED:
            continue
        params = _params(kind, number, until, rules, on_record, status)
        if status == MISSING and len(demand.types) > 1:
            # Still `certificate_missing`; the message names every type that would do.
            params = tuple(sorted((*params, ("types", tuple(t.name for t in demand.types)))))
        elif status in (MISSING, INVALID_IDENTIFIER) and kind.needs_responsible_person:
            # Still `certificate_missing` / `_invalid_identifier` (clients and the checkout
            # filter on them); the message asks for a responsible person, not a document.
            params = tuple(sorted((*params, ("proof", "responsible_person"))))
        elif status == ACT_NOT_LISTED:
            params = tuple(sorted((*params, ("acts", tuple(
                kind.act_name(code) for code in unlisted)))))
        softened = status == EXPIRING or (status == PENDING and kind.sells_while_pending)
        findings.append(Finding(
            FINDING_FOR_STATUS[status], Severity.WARNING.value if softened
            else demand.severity, kind.code, demand.rules, demand.country, demand.buyers,
            params))
    return ListingCheck(tuple(sorted(requirements, key=_strictest_first)),
                        tuple(sorted(findings, key=_strictest_first)))


_Status = tuple[str, str | None, date | None, tuple[str, ...]]


def _best_of(demand: Demand, on_record: OnRecord, listing_id: int, category: str,
             rules: RegionRules) -> tuple[TypeView, _Status]:
    """The accepted type whose records come closest to satisfying the demand (the first
    type, the rule's own, on a tie), with its status."""
    ranked = []
    for position, kind in enumerate(demand.types):  # a rule always has its own type
        found = _requirement_status(kind, on_record, listing_id, category, rules,
                                    kind.asked(demand.acts))
        ranked.append((REQUIREMENT_RANK.index(found[0]), position, kind, found))
    _rank, _position, kind, found = min(ranked, key=lambda item: item[:2])
    return kind, found


def _requirement_status(kind: TypeView, on_record: OnRecord, listing_id: int, category: str,
                        rules: RegionRules, acts: tuple[str, ...] = ()) -> _Status:
    """(status, number, valid until, acts the closest certificate does not list)."""
    if kind.needs_responsible_person and on_record.responsible_person:
        return SATISFIED, on_record.responsible_person, None, ()
    candidates = on_record.certificates.get(kind.pk, ())
    if not candidates:
        return MISSING, None, None, ()
    in_scope = [c for c in candidates if c.covers(listing_id, category)]
    if not in_scope:
        first = candidates[0]
        return OUT_OF_SCOPE, first.number, first.valid_until, ()
    ranked = []
    for position, certificate in enumerate(in_scope):
        status = _certificate_status(certificate, rules)
        if kind.needs_responsible_person and status != INVALID_IDENTIFIER and (
                representatives.address_problem(kind.code, certificate.number) is not None):
            # A responsible person written as a certificate around Certificate.clean (an
            # older row, a bulk write) still has to be established where the pack says.
            status = INVALID_IDENTIFIER
        declared = kind.declared_by(certificate.acts)
        unlisted = tuple(code for code in acts if code not in declared)
        if unlisted and status in _SOUND:
            # A sound document that does not name an act the product falls under; a
            # certificate with a defect of its own (expired, rejected, a bad number) keeps
            # that finding, which listing the act would not cure.
            status = ACT_NOT_LISTED
        else:
            unlisted = ()
        ranked.append((REQUIREMENT_RANK.index(status), position, status, certificate, unlisted))
    _rank, _position, status, certificate, unlisted = min(ranked, key=lambda item: item[:2])
    return status, certificate.number, certificate.valid_until, unlisted


_SOUND = frozenset({SATISFIED, EXPIRING, NOT_YET_VALID, PENDING})


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
            kept_requirements[index] = replace(requirement, status=EXPIRED)
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
