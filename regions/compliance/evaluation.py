"""Which certificates a product needs in a market, and which the supplier has on record.

Pure functions over plain inputs: the localization engine, the checkout gate and (later) the
stored compliance reports all call `summarize`; none re-implements a rule.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from regions.compliance.models import (
    Certificate,
    ComplianceRule,
    RuleBuyers,
    Severity,
    VerificationStatus,
)

SATISFIED, MISSING, EXPIRED, PENDING, REJECTED = (
    "satisfied", "missing", "expired", "pending", "rejected"
)
SEVERITY_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.BLOCKER: 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    certificate_type: str
    rules: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Requirement:
    certificate_type: str
    certificate_type_name: str
    severity: str
    rules: tuple[str, ...]
    status: str
    certificate_number: str | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class ComplianceSummary:
    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]

    @property
    def sellable(self) -> bool:
        return not any(f.severity == Severity.BLOCKER for f in self.findings)

    @property
    def status(self) -> str:
        if not self.sellable:
            return "blocked"
        return "warnings" if self.findings else "compliant"


def rule_applies(rule: ComplianceRule, *, category: str, properties: frozenset[str],
                 buyer_type: str, country_id: int, today: date) -> bool:
    return (
        rule.active
        and (rule.country_id is None or rule.country_id == country_id)
        and (rule.buyers == RuleBuyers.ALL or rule.buyers == buyer_type)
        and (rule.effective_from is None or rule.effective_from <= today)
        and (rule.effective_until is None or today <= rule.effective_until)
        and (not rule.category or rule.category == category)
        and (not rule.product_property or rule.product_property in properties)
    )


def summarize(rules: Iterable[ComplianceRule], certificates: Iterable[Certificate], *,
              category: str, properties: frozenset[str], buyer_type: str, country_id: int,
              today: date) -> ComplianceSummary:
    """One requirement per certificate type that an applicable rule demands, strictest first."""
    demanded: dict[int, list[ComplianceRule]] = {}
    for rule in rules:
        if rule_applies(rule, category=category, properties=properties, buyer_type=buyer_type,
                        country_id=country_id, today=today):
            demanded.setdefault(rule.certificate_type_id, []).append(rule)
    on_record: dict[int, list[Certificate]] = {}
    for certificate in certificates:
        on_record.setdefault(certificate.certificate_type_id, []).append(certificate)

    requirements, findings = [], []
    for type_rules in demanded.values():
        kind = type_rules[0].certificate_type
        severity = max((r.severity for r in type_rules), key=SEVERITY_ORDER.__getitem__)
        codes = tuple(sorted(r.code for r in type_rules))
        status, best = _best_certificate(on_record.get(kind.pk, []), today)
        requirements.append(Requirement(
            certificate_type=kind.code, certificate_type_name=kind.name, severity=severity,
            rules=codes, status=status, certificate_number=best.number if best else None,
            valid_until=best.valid_until if best else None,
        ))
        if status != SATISFIED:
            findings.append(Finding(f"certificate_{status}", severity, kind.code, codes,
                                    _message(status, kind.name, best)))
    return ComplianceSummary(tuple(sorted(requirements, key=_strictest_first)),
                             tuple(sorted(findings, key=_strictest_first)))


def _strictest_first(item: Requirement | Finding) -> tuple[int, str]:
    return -SEVERITY_ORDER[item.severity], item.certificate_type


def _best_certificate(candidates: list[Certificate], today: date
                      ) -> tuple[str, Certificate | None]:
    """The most favourable certificate of a type: valid and verified beats pending, etc."""
    ranked = []
    for certificate in candidates:
        if certificate.status == VerificationStatus.REJECTED:
            status = REJECTED
        elif certificate.valid_until is not None and certificate.valid_until < today:
            status = EXPIRED
        elif certificate.status == VerificationStatus.PENDING:
            status = PENDING
        else:
            status = SATISFIED
        ranked.append(((SATISFIED, PENDING, EXPIRED, REJECTED).index(status), status,
                       certificate))
    if not ranked:
        return MISSING, None
    _, status, certificate = min(ranked, key=lambda item: item[0])
    return status, certificate


def _message(status: str, type_name: str, certificate: Certificate | None) -> str:
    if status == EXPIRED:
        return _("Your %(type)s no. %(number)s expired on %(date)s; upload a current one.") % {
            "type": type_name, "number": certificate.number,
            "date": certificate.valid_until.isoformat()}
    if status == PENDING:
        return _("Your %(type)s no. %(number)s is waiting for verification by our team.") % {
            "type": type_name, "number": certificate.number}
    if status == REJECTED:
        return _("Your %(type)s no. %(number)s was rejected: %(reason)s") % {
            "type": type_name, "number": certificate.number,
            "reason": certificate.rejection_reason}
    return _("A %(type)s is required to sell this product here; none is on record.") % {
        "type": type_name}
