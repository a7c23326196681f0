"""The AI review as a source of compliance findings (registered in apps.py, read by
marketplace/compliance through its findings_sources registry): open → warning, confirmed →
blocker, dismissed → left out; a review that was skipped (no API key) or failed is said so in
the report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery

from marketplace.compliance.findings_sources import NOT_RUN, Outcome, RunResult
from marketplace.compliance_review import services
from marketplace.compliance_review.models import (
    ClaimFinding,
    ClaimReview,
    FindingKind,
    ReviewStatus,
)
from marketplace.localization.rows import Read
from regions.compliance import codes
from regions.compliance.checks import Finding
from regions.core.models import Region

COMPLETED, SKIPPED, FAILED = "completed", "skipped", "failed"
SEVERITY = {"open": "warning", "confirmed": "blocker"}  # dismissed: not a finding
# Evidence and explanations are model output: kept as plain text (escaped wherever shown as
# HTML) and cut, so a runaway reply cannot bloat every report.
MAX_TEXT = 500
# Findings made before the model was asked for the merchant's language explain in English.
ENGLISH = "en"


def not_configured() -> Outcome:
    """What a report says about a listing never reviewed while no AI service is configured."""
    return Outcome(
        (Finding(codes.AI_REVIEW_SKIPPED, "info", params=(("reason_code", "no_api_key"),)),),
        SKIPPED, "AI review is off: no AI_API_KEY configured.")


def review_configured() -> bool:
    """Whether an AI review can run (an API key is set); without one the task skips it."""
    return bool(getattr(settings, "AI_API_KEY", ""))


class AIReviewFindings:
    """The findings of each listing's latest AI review in a region."""

    name = "ai_review"
    label = "AI review"

    def reads(self, listing_ids: Sequence[int], region_id: int) -> list[Read]:
        """Each listing's reviews in the region, and their findings: plain single-table rows
        (marketplace/localization/rows.py), not the ORM's latest-row subqueries: the sales
        gate asks this for every page of the localized list, in the page's one statement,
        where building those querysets cost more than the rest of the compliance part of a
        page. (The findings of earlier reviews come too, a few rows, and are left out.)"""
        ids = list(listing_ids)
        return [Read(ClaimReview, (*_ReviewRow._fields, "created_at"), "listing_id", ids,
                     where=(("region_id", region_id),),
                     order_by=("listing_id", "created_at", "id")),
                Read(ClaimFinding, ("review_id", *_ClaimRow._fields), "listing_id", ids,
                     where=(("region_id", region_id),), order_by=("listing_id", "id"))]

    def outcomes_from(self, listing_ids: Sequence[int], rows: Sequence[list[tuple]]
                      ) -> dict[int, Outcome]:
        """The latest review's status per listing, with the findings of its latest completed
        review (a review running again keeps the last one's findings)."""
        review_rows, finding_rows = rows
        latest: dict[int, _ReviewRow] = {}
        completed: dict[int, int] = {}  # listing id → its latest completed review's id
        for row in review_rows:  # oldest first: the last one stays
            review = latest[row[1]] = _ReviewRow(*row[:-1])  # (created_at orders them)
            if review.status == ReviewStatus.COMPLETED:
                completed[review.listing_id] = review.id
        shown = set(completed.values())
        findings: dict[int, list[_ClaimRow]] = {}
        for review_id, *row in finding_rows:
            if review_id in shown:
                findings.setdefault(row[1], []).append(_ClaimRow(*row))
        return {listing_id: _outcome(latest.get(listing_id), findings.get(listing_id, ()))
                for listing_id in set(latest) | set(findings)}

    def unreviewed(self) -> Outcome:
        # With no AI service configured the report says the review was skipped; with one,
        # that it has not run yet (the API's check runs it).
        return Outcome((), NOT_RUN, "") if review_configured() else not_configured()

    def can_run(self) -> bool:
        return review_configured()

    def run(self, listing, region: Region, *, check=None) -> RunResult:
        # Inside a check: that check's one review, resumed if a dead run of it left one.
        review = (services.run_review(listing, region) if check is None
                  else services.run_check_review(listing, region, check))
        return RunResult(str(review.status), review.message)

    def decided_since(self, region: Region, latest_reports: QuerySet) -> set[int]:
        latest = latest_reports.filter(listing_id=OuterRef("listing_id")).values(
            "checked_at")[:1]
        return set(ClaimFinding.objects.filter(region=region, decided_at__isnull=False)
                   .annotate(reported=Subquery(latest))
                   .filter(decided_at__gt=F("reported")).values_list("listing_id", flat=True))


class _ReviewRow(NamedTuple):
    id: int
    listing_id: int
    status: str
    message: str


class _ClaimRow(NamedTuple):
    id: int
    listing_id: int
    kind: str
    code: str
    status: str
    evidence: str
    explanation: str
    explanation_language: str

    @property
    def pk(self) -> int:
        return self.id

    def get_kind_display(self):
        return FindingKind(self.kind).label if self.kind in FindingKind.values else self.kind


def _outcome(review: ClaimReview | _ReviewRow | None, findings) -> Outcome:
    status = str(review.status) if review is not None else NOT_RUN
    message = review.message if review is not None else ""
    found = [_finding(f) for f in findings if str(f.status) in SEVERITY]
    if status == SKIPPED:
        found.append(Finding(codes.AI_REVIEW_SKIPPED, "info",
                             params=(("reason", _cut(message)),)))
    elif status == FAILED:
        found.append(Finding(codes.AI_REVIEW_FAILED, "warning",
                             params=(("reason", _cut(message)),)))
    return Outcome(tuple(found), status, message)


def _finding(claim) -> Finding:
    kind = claim.get_kind_display() if hasattr(claim, "get_kind_display") else claim.kind
    return Finding(str(claim.code), SEVERITY[str(claim.status)], params=tuple(sorted({
        "kind": str(kind), "evidence": _cut(claim.evidence),
        "explanation": _cut(claim.explanation), "status": str(claim.status),
        "explanation_language": claim.explanation_language or ENGLISH,
        "finding_id": claim.pk}.items())))


def _cut(text: str) -> str:
    text = text or ""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
