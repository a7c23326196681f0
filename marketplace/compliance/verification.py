"""Ops' verdicts on certificates: verify, or reject with a reason. Each verdict is recorded
(who, when; the model's history keeps every change) and the affected listings are re-checked
at once, so the sales gate follows the verdict without waiting for the daily run."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.catalog.models import Listing
from marketplace.compliance.models import Certificate
from marketplace.compliance.services import record_reports
from regions.compliance.models import VerificationStatus
from regions.core.models import Region

MAX_REASON = 300


# The admin hands over its changelist queryset, whose select_related joins nullable relations
# (who verified): PostgreSQL refuses to lock the nullable side of an outer join, so only the
# certificates themselves are locked.
@transaction.atomic
def verify(certificates: QuerySet[Certificate], user) -> tuple[int, list[Certificate]]:
    """Mark as verified; returns (how many, those refused because their identifier is not in
    the type's format: ops cannot verify a number the rules would reject)."""
    done, refused = 0, []
    for certificate in (certificates.select_related("certificate_type")
                        .select_for_update(of=("self",))):
        if not certificate.certificate_type.identifier_is_valid(certificate.number):
            refused.append(certificate)
            continue
        _set(certificate, VerificationStatus.VERIFIED, "", user)
        done += 1
    return done, refused


@transaction.atomic
def reject(certificates: QuerySet[Certificate], user, reason: str) -> int:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the certificate was rejected."),
                              code="reason_required")
    if len(reason) > MAX_REASON:
        raise ValidationError(_("Keep the reason under %(max)s characters."),
                              code="reason_too_long", params={"max": MAX_REASON})
    count = 0
    for certificate in certificates.select_for_update(of=("self",)):
        _set(certificate, VerificationStatus.REJECTED, reason, user)
        count += 1
    return count


def _set(certificate: Certificate, status: str, reason: str, user) -> None:
    certificate.status = status
    certificate.rejection_reason = reason
    certificate.verified_by = user
    certificate.verified_at = timezone.now()
    certificate._change_reason = f"{status} by {user}"
    certificate.save(update_fields=["status", "rejection_reason", "verified_by",
                                    "verified_at"])
    # simple_history records the save; update_fields saves are recorded too.


def recheck_for(certificate_ids: list[int], *, trigger: str = "admin") -> int:
    """Re-check (and store reports for) the listings the certificates' suppliers have in the
    certificates' regions; returns how many listing-region reports were written."""
    pairs = Certificate.objects.filter(pk__in=certificate_ids).values_list(
        "supplier_id", "certificate_type__region_id").distinct()
    by_region: dict[int, set[int]] = defaultdict(set)
    for supplier_id, region_id in pairs:
        by_region[region_id].add(supplier_id)
    written = 0
    for region in Region.objects.filter(pk__in=list(by_region)):
        listings = list(Listing.objects.filter(supplier_id__in=by_region[region.pk]).only(
            "pk", "supplier_id", "category", "contains_battery", "radio", "for_children",
            "voltage"))
        written += len(record_reports(listings, region, trigger=trigger))
    return written
