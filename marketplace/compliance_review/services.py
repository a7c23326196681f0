"""AI review of listing claims: run a review, read the latest findings, record decisions.

Decisions worth knowing:

- One request per (listing, region): the listing's source text and its usable translations
  into the region's languages, its category and properties, and the supplier's certificates
  of that region that cover it.
- The reply is checked finding by finding (`checks.check_findings`); what is dropped is
  counted in the review's message. A reply that is not the JSON asked for, or a model error,
  fails the review as a whole: no finding is stored and nothing else changes.
- A finding a person already confirmed or dismissed (same kind, same evidence) keeps that
  decision in the new review: a re-run never reopens what a human decided.
- A review runs once: a run claims it with a conditional update (and holds a lease, so a
  redelivered task leaves a live run alone and a dead worker's review can be taken over).
- A compliance check has one review (`run_check_review`): a check run again after its worker
  died resumes the review that run started instead of making a second one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_noop
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from marketplace.ai.client import ModelClient
from marketplace.ai.errors import (
    AIBadOutput,
    AIConfigurationError,
    AIError,
    AINotConfigured,
    AITransientError,
    AITruncated,
    RunStop,
    run_stop,
)
from marketplace.ai.models import UsageRecord
from marketplace.catalog.languages import supplier_language
from marketplace.catalog.models import Listing, ListingTranslation
from marketplace.compliance.models import Certificate, ComplianceCheckJob
from marketplace.compliance.services import record_reports
from marketplace.compliance_review.checks import (
    CheckedFinding,
    check_findings,
    finding_key,
    plain_text,
)
from marketplace.compliance_review.models import (
    PURPOSE,
    ClaimFinding,
    ClaimReview,
    FindingStatus,
    ReviewStatus,
    code_for,
)
from marketplace.compliance_review.prompts import (
    REPLY_SCHEMA,
    SCHEMA_NAME,
    SYSTEM_PROMPT,
    CertificateOnRecord,
    ReviewText,
    build_payload,
)
from marketplace.ops.job_timing import lease_duration
from marketplace.ops.leases import Lease, worker_name
from regions.core.models import Region
from regions.core.scoping import regions_for
from regions.languages.models import RegionLanguage
from regions.languages.services import parent_tags

# Stored on reviews in English; the admin shows it through gettext.
NOT_CONFIGURED_MESSAGE = gettext_noop(
    "AI review is off: no AI_API_KEY configured (set AI_API_KEY, and AI_BASE_URL for a "
    "self-hosted server)."
)
DECISIONS = (FindingStatus.CONFIRMED, FindingStatus.DISMISSED)


class _Failed(Exception):
    def __init__(self, message: str, *, resumable: bool = False,
                 retry_after: float | None = None, stop: RunStop | None = None) -> None:
        super().__init__(message)
        self.message, self.resumable, self.retry_after = message, resumable, retry_after
        self.stop = stop


class RunStopped(Exception):
    """Raised by `run_review(..., stop_run=True)` after it failed the review for a reason that
    would fail every further review the same way (see marketplace.ai.errors.run_stop): a
    run over many listings stops here. `review` is the failed review."""

    def __init__(self, review: ClaimReview, stop: RunStop) -> None:
        super().__init__(review.message)
        self.review, self.resumable, self.retry_after = review, stop.resumable, stop.retry_after


# -- running a review ---------------------------------------------------------------------


def create_review(listing: Listing, region: Region) -> ClaimReview:
    """A queued review; nothing is sent until `run_review` (or the task) runs it."""
    return ClaimReview.objects.create(listing=listing, region=region)


def review_of_check(listing: Listing, region: Region, check: ComplianceCheckJob) -> ClaimReview:
    """The review of compliance check `check`: the one an earlier run of the check made
    (whatever became of it), else a new queued one. One per check (`check_job` is unique)."""
    review = ClaimReview.objects.filter(check_job=check).first()
    if review is not None:
        return review
    try:
        with transaction.atomic():
            return ClaimReview.objects.create(listing=listing, region=region, check_job=check)
    except IntegrityError:  # a stalled run of the same check made it a moment ago
        return ClaimReview.objects.get(check_job=check)


def run_check_review(listing: Listing, region: Region, check: ComplianceCheckJob, *,
                     client: ModelClient | None = None) -> ClaimReview:
    """Run the AI review that is part of compliance check `check`, once per check.

    A check run again after its worker died (the sweeper re-sends it once its lease expired)
    finds the review that run left: queued or half way (`running`), it is taken over and
    resumed, even under a lease that has not expired yet, because the caller holds the
    check's lease, so the review's holder can only be a dead run of the same check (a stalled
    one is refused its writes); failed on a temporary error, it is run again; finished, it is
    returned as it is, with no new request. So a check ends with one review, never with a
    second one beside a half-written first."""
    review = review_of_check(listing, region, check)
    return run_review(listing, region, review=review, client=client, take_over=True)


def run_review(listing: Listing, region: Region, *, review: ClaimReview | None = None,
               client: ModelClient | None = None, worker: str | None = None,
               stop_run: bool = False, take_over: bool = False) -> ClaimReview:
    """Review the listing's claims for the region and return the review; the listing's stored
    compliance report in the region is refreshed at once (its AI findings and status).

    Runs `review` when given (it must be of this listing and region), else a new one. A review
    that is finished, or held by another live run, is returned as it is. Never raises for a
    model failure: the review says `failed` and why; with `stop_run` (a run over many
    listings), a failure that would repeat for every listing (configuration, or transient
    after the client's retries) raises RunStopped after the review is written. `take_over`:
    see `run_check_review`, the only caller that may."""
    if review is None:
        review = create_review(listing, region)
    elif (review.listing_id, review.region_id) != (listing.pk, region.pk):
        raise ValueError(f"Review {review.pk} is not of listing {listing.pk} in {region.code}.")
    worker = worker or worker_name()
    if not _claim(review, worker, take_over=take_over):
        review.refresh_from_db()
        return review
    client = client or ModelClient()
    stop = None
    try:
        if not client.is_configured():
            _finish(review, worker, ReviewStatus.SKIPPED, NOT_CONFIGURED_MESSAGE)
        else:
            _review(review, listing, region, client, worker)
    except _Failed as failure:
        _finish(review, worker, ReviewStatus.FAILED, failure.message,
                resumable=failure.resumable, retry_after=failure.retry_after)
        stop = failure.stop
    except BaseException:
        # A bug or a lost database: say so on the review rather than leave it "running" until
        # the lease expires, then let the caller see the error.
        _finish(review, worker, ReviewStatus.FAILED,
                "AI review stopped by an internal error; see the worker log.", resumable=True)
        raise
    review.refresh_from_db()
    # New findings (or a failed or skipped review) reach the stored report now, not at the
    # next unrelated check.
    record_reports([listing], region, trigger="ai_review")
    if stop is not None and stop_run:
        raise RunStopped(review, stop)
    return review


def _review(review: ClaimReview, listing: Listing, region: Region, client: ModelClient,
            worker: str) -> None:
    listing = Listing.objects.select_related("supplier").get(pk=listing.pk)
    texts = review_texts(listing, region)
    explain_in = explanation_language(listing)
    payload = build_payload(
        region_code=region.code, region_name=region.name, category=listing.category,
        properties=sorted(listing.properties), texts=texts,
        certificates=certificates_on_record(listing, region),
        explanation_language=(explain_in, language_name(explain_in)))
    ClaimReview.objects.filter(pk=review.pk).update(
        source_hash=listing.source_hash, languages=[text.language for text in texts])
    try:
        reply = client.complete_json(system=SYSTEM_PROMPT, user=payload, schema=REPLY_SCHEMA,
                                     schema_name=SCHEMA_NAME, purpose=PURPOSE,
                                     job=review.ledger_key)
    except AINotConfigured as error:
        raise _Failed(NOT_CONFIGURED_MESSAGE, stop=run_stop(error)) from None
    except AITransientError as error:
        raise _Failed(f"AI review failed after a temporary error (it can be run again): "
                      f"{error}", resumable=True, retry_after=error.retry_after,
                      stop=run_stop(error)) from error
    except (AIBadOutput, AITruncated) as error:
        raise _Failed(f"AI review failed: the model's reply was unusable, nothing was "
                      f"stored. {error}") from error
    except AIConfigurationError as error:
        raise _Failed(f"AI review failed: the AI settings need fixing. {error}",
                      stop=run_stop(error)) from error
    except AIError as error:  # any other class the client may add: fail closed
        raise _Failed(f"AI review failed: {error}") from error

    result = check_findings(reply.data["findings"], texts)
    _finish(review, worker, ReviewStatus.COMPLETED, "", kept=result.kept, model=reply.model,
            dropped=dict(result.dropped), explanation_language=explain_in)


def explanation_language(listing: Listing) -> str:
    """The language the model explains its findings in: the one the supplier reads, as its
    compliance e-mails are written (catalog.languages.supplier_language)."""
    return supplier_language(listing.supplier)


def language_name(tag: str) -> str:
    """The language's name in English (for the prompt)."""
    try:
        return str(get_language_info(tag)["name"])
    except KeyError:
        return tag


def review_texts(listing: Listing, region: Region) -> list[ReviewText]:
    """The source text, then each usable translation into a language the region offers."""
    attributes = "\n".join(str(a) for a in listing.attributes.all())
    texts = [_text(listing.source_language, "source", listing.title, listing.description,
                   attributes)]
    wanted = {parent for tag in _region_languages(region) for parent in parent_tags(tag)}
    translations = ListingTranslation.objects.filter(
        listing=listing, language__in=wanted - {listing.source_language},
        source_hash=listing.source_hash).order_by("language")
    texts.extend(_text(t.language, "translation", t.title, t.description)
                 for t in translations if t.usable)
    return texts


def _text(language: str, origin: str, title: str, description: str,
          attributes: str = "") -> ReviewText:
    def joined(body: str) -> str:
        return "\n\n".join(part for part in (title, body, attributes) if part)

    return ReviewText(language=language, origin=origin, text=joined(plain_text(description)),
                      raw=joined(description))


def _region_languages(region: Region) -> list[str]:
    return list(RegionLanguage.objects.filter(region=region).order_by()
                .values_list("language", flat=True).distinct())


def certificates_on_record(listing: Listing, region: Region) -> list[CertificateOnRecord]:
    """The supplier's certificates of the region's types whose scope covers this listing
    (`Certificate.covers`: the compliance engine's own rule), whatever their status: the model
    is told the status, and an expired or rejected one backs no claim."""
    certificates = (Certificate.objects
                    .filter(supplier_id=listing.supplier_id, certificate_type__region=region)
                    .select_related("certificate_type").prefetch_related("listings")
                    .order_by("certificate_type__code", "pk"))
    on_record = []
    for certificate in certificates:
        certificate.scope_listing_ids = {item.pk for item in certificate.listings.all()}
        if not certificate.covers(listing):
            continue
        on_record.append(CertificateOnRecord(
            type_code=certificate.certificate_type.code,
            type_name=certificate.certificate_type.name, number=certificate.number,
            status=certificate.status,
            valid_until=certificate.valid_until.isoformat() if certificate.valid_until else None,
            scope=_scope(certificate, listing)))
    return on_record


def _scope(certificate: Certificate, listing: Listing) -> str:
    if listing.pk in certificate.scope_listing_ids:
        return "this listing"
    if certificate.categories:
        return f"the supplier's {listing.category} listings"
    return "all of the supplier's listings"


def _with_decisions(review: ClaimReview, kept: list[CheckedFinding],
                    explanation_language: str = "") -> list[ClaimFinding]:
    """Unsaved findings; each one a person already decided keeps the latest decision."""
    listing_id, region_id = review.listing_id, review.region_id
    decided: dict[tuple[str, str], ClaimFinding] = {}
    earlier = (ClaimFinding.objects.filter(listing_id=listing_id, region_id=region_id,
                                           status__in=DECISIONS)
               .order_by("-decided_at", "-pk"))
    for finding in earlier:
        decided.setdefault(finding_key(finding.kind, finding.evidence), finding)
    findings = []
    for checked in kept:
        finding = ClaimFinding(review=review, listing_id=listing_id, region_id=region_id,
                               kind=checked.kind,
                               code=code_for(checked.kind), language=checked.language,
                               evidence=checked.evidence, explanation=checked.explanation,
                               explanation_language=explanation_language)
        previous = decided.get(checked.key)
        if previous is not None:
            finding.status = previous.status
            finding.decision_reason = previous.decision_reason
            finding.decided_by_id = previous.decided_by_id
            finding.decided_at = previous.decided_at
            finding.carried_from = previous
        findings.append(finding)
    return findings


def _summary(found: int, carried: int, dropped: dict[str, int]) -> str:
    message = f"{found} finding(s)"
    if carried:
        message += f", {carried} keeping an earlier decision"
    if dropped:
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(dropped.items()))
        message += f"; {sum(dropped.values())} dropped ({reasons})"
    return message + "."


# -- claiming and finishing ---------------------------------------------------------------


def _claim(review: ClaimReview, worker: str, *, take_over: bool = False) -> bool:
    """Take the review if it is queued, failed on a temporary error, or held by a run whose
    lease expired (the shared lease: one conditional UPDATE, so two runs cannot both win);
    with `take_over`, also from a live lease (see `run_check_review`)."""
    # CLAIM_REVIEW_LEASE_SECONDS: longer than one `complete_json` call (ops.W001), so a live
    # run is never taken over.
    lease = Lease(ClaimReview, review.pk, worker, lease_duration("claim_review"))
    claimed = lease.claim(
        Q(status__in=(ReviewStatus.QUEUED, ReviewStatus.RUNNING))
        | Q(status=ReviewStatus.FAILED, resumable=True), take_over=take_over,
        status=ReviewStatus.RUNNING, started_at=timezone.now(), finished_at=None, message="",
        resumable=False, retry_after=None)
    if claimed:
        _record_history(review)
    return claimed


def _finish(review: ClaimReview, worker: str, status: str, message: str, *,
            kept: list[CheckedFinding] | None = None, model: str = "",
            dropped: dict[str, int] | None = None, resumable: bool = False,
            retry_after: float | None = None, explanation_language: str = "") -> None:
    """Write the outcome, and for a completed review its findings, in one transaction; only
    the run that holds the review may (a run that was taken over writes nothing)."""
    usage = UsageRecord.objects.filter(job=review.ledger_key).aggregate(
        requests=Count("pk"), prompt=Sum("prompt_tokens"), completion=Sum("completion_tokens"),
        cost=Sum("cost"))
    with transaction.atomic():
        findings: list[ClaimFinding] = []
        if status == ReviewStatus.COMPLETED:
            # Read the decisions here, not before the request: one taken while the model was
            # thinking is carried over too.
            findings = _with_decisions(review, kept or [], explanation_language)
            carried = sum(1 for finding in findings if finding.carried_from_id is not None)
            message = _summary(len(findings), carried, dropped or {})
        moved = ClaimReview.objects.filter(
            pk=review.pk, status=ReviewStatus.RUNNING, claimed_by=worker).update(
            status=status, message=message, model=model, dropped=dropped or {},
            resumable=resumable, finished_at=timezone.now(), lease_expires_at=None,
            retry_after=None if retry_after is None else math.ceil(retry_after),
            requests=usage["requests"], prompt_tokens=usage["prompt"] or 0,
            completion_tokens=usage["completion"] or 0,
            # SQLite sums decimals as floats: back to the column's eight places.
            cost=Decimal(str(usage["cost"] or 0)).quantize(Decimal("0.00000001")))
        if moved != 1:
            return
        _record_history(review)
        if findings:
            bulk_create_with_history(findings, ClaimFinding)


def _record_history(review: ClaimReview) -> None:
    # The conditional updates above bypass save(), so the history row is written here.
    ClaimReview.history.bulk_history_create(
        [ClaimReview.objects.get(pk=review.pk)], update=True)


# -- reading ------------------------------------------------------------------------------


def latest_reviews(listing_ids: Iterable[int], region_id: int) -> dict[int, ClaimReview]:
    """Each listing's most recent review in the region, whatever its status (one query)."""
    newest = (ClaimReview.objects.filter(listing=OuterRef("listing"), region_id=region_id)
              .order_by("-created_at", "-pk").values("pk")[:1])
    reviews = ClaimReview.objects.filter(listing_id__in=list(listing_ids), region_id=region_id,
                                         pk=Subquery(newest))
    return {review.listing_id: review for review in reviews}


def latest_completed_review(listing: Any = None, region: Any = None) -> Subquery:
    """The id of the latest completed review of a listing in a region, as a subquery; by
    default of the outer row's `listing` and `region` (a finding's)."""
    return Subquery(
        ClaimReview.objects.filter(listing=OuterRef("listing") if listing is None else listing,
                                   region=OuterRef("region") if region is None else region,
                                   status=ReviewStatus.COMPLETED)
        .order_by("-finished_at", "-pk").values("pk")[:1])


def findings_for(listing_ids: Iterable[int], region_id: int) -> dict[int, list[ClaimFinding]]:
    """The findings (all statuses) of each listing's latest completed review in the region
    (one query). Listings without a completed review are left out."""
    found: dict[int, list[ClaimFinding]] = {}
    rows = ClaimFinding.objects.filter(
        listing_id__in=list(listing_ids), region_id=region_id,
        review_id=latest_completed_review(region=region_id)).order_by("listing_id", "pk")
    for finding in rows:
        found.setdefault(finding.listing_id, []).append(finding)
    return found


# -- deciding -----------------------------------------------------------------------------


def decide(finding: ClaimFinding, decision: str, reason: str, user) -> ClaimFinding:
    """Confirm (the engine then blocks) or dismiss (a reason is required) a finding, recording
    who and when. Refused (PermissionDenied) for a user who does not operate its region."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": f"Choose confirmed or dismissed, not {decision!r}."})
    reason = reason.strip()
    if decision == FindingStatus.DISMISSED and not reason:
        raise ValidationError({"decision_reason": _("Say why the finding is dismissed.")},
                              code="reason_required")
    if not regions_for(user).filter(pk=finding.region_id).exists():
        raise PermissionDenied("This finding belongs to a region you do not operate.")
    with transaction.atomic():
        finding = ClaimFinding.objects.select_for_update().get(pk=finding.pk)
        finding.status = decision
        finding.decision_reason = reason
        finding.decided_by = user
        finding.decided_at = timezone.now()
        finding._history_user = user  # the history says who, also outside a request
        finding.save()
    # The sales gate reads the stored report: a confirmed finding must block now, a dismissed
    # one stop warning now, not at the next daily re-check.
    record_reports([finding.listing], finding.region, trigger="ai_decision")
    return finding
