"""Keeping reports current: which listings the daily task re-checks, and the e-mail that tells
a supplier what changed.

Due in a region:
- listings of suppliers with a certificate of the region ending within the warning window (or
  that ended yesterday: its report still says valid), or starting yesterday or today (its
  report still says not yet valid);
- listings whose latest report is older than the last change to the region's rules or
  certificate types (ops edits and pack loads both write history rows);
- published listings never checked there;
- listings saved since their latest report (category, properties, text, status);
- listings of suppliers whose certificates of the region or responsible person there were
  added, edited, verified, rejected or deleted since their latest report (their history);
- listings whose AI findings ops confirmed or dismissed since their latest report.

The sales gate does not wait for this (gate.py answers from the current rows); the re-check
brings the stored history and the suppliers' e-mails up to date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.catalog.languages import supplier_language
from marketplace.catalog.models import Listing, ListingStatus, Supplier
from marketplace.compliance import findings_sources
from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from marketplace.compliance.services import record_reports
from regions.compliance.checks import Finding
from regions.compliance.models import CertificateType, ComplianceRule
from regions.core.models import Region
from regions.core.pack_names import pack_name

CHUNK = 2000


def rules_changed_at(region: Region) -> datetime | None:
    """When the region's rules or certificate types last changed (their history)."""
    changes = [
        model.history.filter(region=region).aggregate(at=Max("history_date"))["at"]
        for model in (ComplianceRule, CertificateType)]
    changes = [change for change in changes if change is not None]
    return max(changes) if changes else None


def due_listing_ids(region: Region, today: date) -> set[int]:
    horizon = today + timedelta(days=settings.COMPLIANCE_EXPIRY_WARNING_DAYS)
    suppliers = Certificate.objects.filter(
        Q(valid_until__gte=today - timedelta(days=1), valid_until__lte=horizon)
        | Q(valid_from__gte=today - timedelta(days=1), valid_from__lte=today),
        certificate_type__region=region).values("supplier_id")
    due = set(Listing.objects.filter(supplier_id__in=suppliers).values_list("pk", flat=True))
    changed = rules_changed_at(region)
    reports = ComplianceReport.objects.filter(region=region, is_latest=True)
    if changed is not None:
        due |= set(reports.filter(checked_at__lt=changed).values_list("listing_id", flat=True))
    due |= set(Listing.objects.filter(status=ListingStatus.PUBLISHED)
               .exclude(pk__in=reports.values("listing_id")).values_list("pk", flat=True))
    due |= _changed_since_report(region, reports)
    due |= _decisions_since_report(region, reports)
    return due


def _changed_since_report(region: Region, reports) -> set[int]:
    """Listings whose own row, or whose supplier's certificates or responsible person in the
    region, changed after their latest report (saves and deletes both leave a trace)."""
    listing_saved = Listing.objects.filter(pk=OuterRef("listing_id")).values("updated_at")[:1]
    certificate_changed = (
        Certificate.history.model.objects
        .filter(supplier_id=OuterRef("listing__supplier_id"), certificate_type__region=region)
        .order_by("-history_date").values("history_date")[:1])
    person_changed = (
        ResponsiblePerson.history.model.objects
        .filter(supplier_id=OuterRef("listing__supplier_id"), region=region)
        .order_by("-history_date").values("history_date")[:1])
    return set(reports.annotate(
        saved=Subquery(listing_saved), certificate=Subquery(certificate_changed),
        person=Subquery(person_changed),
    ).filter(Q(saved__gt=F("checked_at")) | Q(certificate__gt=F("checked_at"))
             | Q(person__gt=F("checked_at"))).values_list("listing_id", flat=True))


def _decisions_since_report(region: Region, reports) -> set[int]:
    """Listings whose findings (the AI review's) ops confirmed or dismissed after their latest
    report."""
    return {listing_id for source in findings_sources.registered()
            for listing_id in source.decided_since(region, reports)}


def recheck_and_notify(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    totals: Counter[str] = Counter()
    for region in Region.objects.filter(active=True):
        started = timezone.now()
        ids = sorted(due_listing_ids(region, today))
        news: dict[int, list[tuple[Listing, ComplianceReport]]] = defaultdict(list)
        for start in range(0, len(ids), CHUNK):
            listings = list(Listing.objects.filter(pk__in=ids[start:start + CHUNK])
                            .only("pk", "supplier_id", "category", "title", "contains_battery",
                                  "radio", "for_children", "voltage", "source_language"))
            by_id = {listing.pk: listing for listing in listings}
            for report in record_reports(listings, region, trigger="beat", today=today):
                listing = by_id[report.listing_id]
                if report.created_at >= started or _mentions_expiry(report):
                    news[listing.supplier_id].append((listing, report))
        totals["listings"] += len(ids)
        totals["emails"] += notify_suppliers(news, region)
        totals["regions"] += 1
    return dict(totals)


def _mentions_expiry(report: ComplianceReport) -> bool:
    return any(f["code"] in ("certificate_expiring", "certificate_expired")
               for f in report.findings)


def notify_suppliers(news: dict[int, list[tuple[Listing, ComplianceReport]]],
                     region: Region) -> int:
    """One e-mail per supplier to its members, in the language it reads (its stored
    preference, else its listings' language: catalog.languages); returns how many
    were sent. Plain text: supplier- and AI-written parts need no HTML escaping there."""
    sent = 0
    suppliers = Supplier.objects.filter(pk__in=list(news)).prefetch_related("members")
    for supplier in suppliers:
        recipients = sorted({m.email for m in supplier.members.all() if m.email and m.is_active})
        if not recipients:
            continue
        items = news[supplier.pk]
        with translation.override(supplier_language(supplier)):
            subject = ngettext(
                "Compliance in %(region)s: %(count)d listing needs your attention",
                "Compliance in %(region)s: %(count)d listings need your attention",
                len(items)) % {"region": pack_name(region.name), "count": len(items)}
            body = _email_body(supplier, region, items)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        sent += 1
    return sent


def _email_body(supplier: Supplier, region: Region,
                items: list[tuple[Listing, ComplianceReport]]) -> str:
    lines = [_("Hello %(supplier)s,") % {"supplier": supplier.name}, "",
             _("We re-checked your listings for %(region)s. What needs doing:")
             % {"region": pack_name(region.name)}, ""]
    for listing, report in items:
        state = _("can be sold") if report.blockers == 0 else _("cannot be sold")
        lines.append(f"- {listing.title} (#{listing.pk}): {state}")
        for finding in report.findings:
            if finding["severity"] == "info":
                continue
            lines.append(f"    [{finding['severity']}] {Finding.from_json(finding).message}")
    lines += ["", _("This is an automatic message from the marketplace's daily compliance "
                    "check.")]
    return "\n".join(lines)

