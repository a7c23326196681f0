"""The AI review's findings as compliance findings (the review itself lives in
marketplace.compliance_review): open → warning, confirmed → blocker, dismissed → left out; a
review that was skipped (no API key) or failed is said so in the report.

Imported lazily and tolerated when absent, so the rule checks never depend on the AI app."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from regions.compliance import codes
from regions.compliance.checks import Finding

COMPLETED, SKIPPED, FAILED, NOT_RUN = "completed", "skipped", "failed", "not_run"
SEVERITY = {"open": "warning", "confirmed": "blocker"}  # dismissed: not a finding
# Evidence and explanations are model output: kept as plain text (escaped wherever shown as
# HTML) and cut, so a runaway reply cannot bloat every report.
MAX_TEXT = 500


def not_configured() -> tuple[tuple[Finding, ...], str, str]:
    """What a report says about a listing never reviewed while no AI service is configured."""
    return ((Finding(codes.AI_REVIEW_SKIPPED, "info", params=(("reason_code", "no_api_key"),)),),
            SKIPPED, "AI review is off: no AI_API_KEY configured.")


def _review_services():
    try:
        return importlib.import_module("marketplace.compliance_review.services")
    except ImportError:
        return None


def for_listings(listing_ids: Iterable[int], region_id: int
                 ) -> dict[int, tuple[tuple[Finding, ...], str, str]]:
    """listing id → (findings, review status, review message); 2 queries for any number of
    listings. Listings never reviewed are absent (status `not_run`)."""
    services = _review_services()
    if services is None:
        return {}
    listing_ids = list(listing_ids)
    reviews = services.latest_reviews(listing_ids, region_id)
    findings = services.findings_for(listing_ids, region_id)
    result = {}
    for listing_id in set(reviews) | set(findings):
        review = reviews.get(listing_id)
        status = str(review.status) if review is not None else NOT_RUN
        message = review.message if review is not None else ""
        found = [_finding(f) for f in findings.get(listing_id, ())
                 if str(f.status) in SEVERITY]
        if status == SKIPPED:
            found.append(Finding(codes.AI_REVIEW_SKIPPED, "info",
                                 params=(("reason", _cut(message)),)))
        elif status == FAILED:
            found.append(Finding(codes.AI_REVIEW_FAILED, "warning",
                                 params=(("reason", _cut(message)),)))
        result[listing_id] = (tuple(found), status, message)
    return result


def _finding(claim) -> Finding:
    kind = claim.get_kind_display() if hasattr(claim, "get_kind_display") else claim.kind
    return Finding(str(claim.code), SEVERITY[str(claim.status)], params=tuple(sorted({
        "kind": str(kind), "evidence": _cut(claim.evidence),
        "explanation": _cut(claim.explanation), "status": str(claim.status),
        "finding_id": claim.pk}.items())))


def _cut(text: str) -> str:
    text = text or ""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def review_configured() -> bool:
    """Whether an AI review can run (an API key is set); without one the task skips it."""
    from django.conf import settings

    return bool(getattr(settings, "AI_API_KEY", ""))
