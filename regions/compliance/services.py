"""The regional side of the compliance checks: a region's rules in force, reduced to the plain
data the rule check (checks.py) works on, in one query. The suppliers' records and the stored
reports are read and written by marketplace/compliance/services.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from regions.compliance.checks import RegionRules, RuleView, TypeView
from regions.compliance.models import CertificateType, ComplianceRule
from regions.core import declarations
from regions.core.models import Region
from regions.core.pack_names import pack_name


def responsible_person_types() -> frozenset[str]:
    """Certificate type codes a ResponsiblePerson on record satisfies (GPSR's EU RP), as the
    installed packs declare them (`[pack] representative_types`)."""
    return declarations.representative_types()


def region_rules(region: Region, today: date | None = None) -> RegionRules:
    """The region's active rules in force on `today`, with their certificate types: 1 query."""
    return rules_in_force(rule_rows(region), region.pk, today or timezone.localdate())


def rule_rows(region: Region) -> QuerySet[ComplianceRule]:
    """The region's active rules with what `rules_in_force` reads: 2 queries."""
    return (ComplianceRule.objects.filter(region=region, active=True)
            .select_related("certificate_type__country", "country")
            .prefetch_related(ALTERNATIVES))


# The alternatives of a rule, with the columns a TypeView reads.
ALTERNATIVES = Prefetch("alternative_types",
                        queryset=CertificateType.objects.select_related("country"))


def rules_in_force(rows: Iterable[ComplianceRule], region_id: int, today: date) -> RegionRules:
    """The rules of `rows` (a region's active rules, with their certificate types, both
    countries and the alternative types loaded: `rule_rows`) in force on `today`,
    region-wide: a stored report and the sales gate reduce the same rows the same way, so
    their outcomes compare."""
    rp_types = responsible_person_types()
    rules, types = [], {}
    for rule in rows:
        if not rule.active or (rule.effective_from and rule.effective_from > today) or (
                rule.effective_until and rule.effective_until < today):
            continue
        accepted = rule.accepted_types()
        for kind in accepted:
            types[kind.pk] = TypeView(
                kind.pk, kind.code, kind.name, kind.identifier_example, kind.code in rp_types,
                tuple(sorted(kind.acts.items())) if isinstance(kind.acts, dict) else (),
                _includes(kind), kind.sells_while_pending)
        kind = rule.certificate_type
        # A national certificate type (WEEE DE) binds its rules to that country.
        country = rule.country or kind.country
        rules.append(RuleView(
            rule.code, frozenset(rule.categories or ()), frozenset(rule.product_properties or ()),
            (kind.pk, *sorted(k.pk for k in accepted[1:])),
            str(country.code) if country else None, rule.buyers, rule.severity,
            frozenset(rule.covers or ())))
    return RegionRules(region_id, today, settings.COMPLIANCE_EXPIRY_WARNING_DAYS, rules, types)


def _includes(kind: CertificateType) -> tuple[tuple[str, tuple[str, ...]], ...]:
    taken = kind.act_includes if isinstance(kind.act_includes, dict) else {}
    return tuple(sorted((code, tuple(sorted(t for t in codes if isinstance(t, str))))
                        for code, codes in taken.items() if isinstance(codes, list)))


def act_choices() -> list[tuple[str, str]]:
    """Every act a certificate type declares, as (code, name) choices for certificate forms
    (Certificate.clean checks a choice against the certificate's own type). Names are the
    packs' English ones, translated by their catalogs where they have them."""
    acts: dict[str, str] = {}
    for declared in CertificateType.objects.exclude(acts={}).order_by("region", "code") \
            .values_list("acts", flat=True):
        if isinstance(declared, dict):
            for code, name in declared.items():
                acts.setdefault(code, name)
    return sorted(((code, pack_name(name)) for code, name in acts.items()),
                  key=lambda item: item[1])


def certificate_types_in(region: Region) -> dict[str, CertificateType]:
    return {kind.code: kind for kind in CertificateType.objects.filter(region=region)}
