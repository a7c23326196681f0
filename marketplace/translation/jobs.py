"""Translation jobs: creating them, cancelling them and counting what they did.

The work itself is in `pipeline.run_job`; the Celery task and the management command call it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from marketplace.ai.models import UsageRecord
from marketplace.catalog.models import Listing, TranslationState
from marketplace.chunks import by_pk
from marketplace.translation.models import (
    ItemStatus,
    JobScope,
    JobStatus,
    TranslationJob,
    TranslationJobItem,
)
from regions.core.validators import validate_language_tag

# Item codes that are not a problem: they stay out of `failures`.
QUIET_CODES = frozenset({"memory", "machine", "reviewed", "up_to_date"})


def validate_languages(languages: Sequence[str]) -> list[str]:
    """The languages without duplicates, or ValidationError naming the `languages` field."""
    if isinstance(languages, str) or not languages:
        raise ValidationError({"languages": ["Give at least one language, such as “de”."]})
    errors = []
    for tag in languages:
        try:
            validate_language_tag(tag)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"languages": errors})
    return list(dict.fromkeys(languages))


# Listings read, and items inserted, per query when a job is made: memory holds one chunk
# whatever the number of listings (SQLite takes at most 32,766 parameters in one statement).
CREATE_CHUNK = 2000


def refuse_missing_listings(listing_ids: Iterable[int]) -> None:
    """ValidationError naming the ids that are no listing, CREATE_CHUNK ids per query."""
    ids = list(dict.fromkeys(int(pk) for pk in listing_ids))
    missing = []
    for start in range(0, len(ids), CREATE_CHUNK):
        chunk = ids[start:start + CREATE_CHUNK]
        found = set(Listing.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        missing += [pk for pk in chunk if pk not in found]
    if missing:
        raise ValidationError(
            {"listing_ids": [f"No listing with id {', '.join(map(str, missing))}."]})


@transaction.atomic
def create_job(listing_ids: Iterable[int], languages: Sequence[str],
               user=None) -> TranslationJob:
    """A queued job with one pending item per (listing, language), in the order given; a
    listing's own source language is not one. Nothing is sent yet."""
    languages = validate_languages(languages)
    ids = list(dict.fromkeys(int(pk) for pk in listing_ids))
    refuse_missing_listings(ids)
    job = TranslationJob.objects.create(created_by=_creator(user), languages=languages)

    def rows() -> Iterator[list[tuple[int, str]]]:
        for start in range(0, len(ids), CREATE_CHUNK):
            chunk = ids[start:start + CREATE_CHUNK]
            source = dict(Listing.objects.filter(pk__in=chunk)
                          .values_list("pk", "source_language"))
            yield [(pk, source[pk]) for pk in chunk]

    asked = _add_items(job, rows(), languages)
    job.listing_ids = sorted(asked)
    job.save(update_fields=["listing_ids", "items_total"])
    return job


@transaction.atomic
def create_catalog_job(listings: QuerySet[Listing], languages: Sequence[str], *,
                       scope: str = JobScope.PUBLISHED, user=None) -> TranslationJob:
    """A queued job over every listing of `listings` (the whole published catalog, say),
    made CREATE_CHUNK listings at a time: no listing and no list of their ids is held
    beyond a chunk, so a catalog of any size costs the same memory. The job names its
    `scope` instead of listing the ids."""
    languages = validate_languages(languages)
    job = TranslationJob.objects.create(created_by=_creator(user), languages=languages,
                                        scope=scope)
    _add_items(job, by_pk(listings.values_list("pk", "source_language"), CREATE_CHUNK),
               languages, collect=False)
    job.save(update_fields=["items_total"])
    return job


def _add_items(job: TranslationJob, chunks: Iterable[list[tuple[int, str]]],
               languages: Sequence[str], *, collect: bool = True) -> set[int]:
    """Insert the pending items of (listing id, source language) rows, a chunk per query;
    sets `job.items_total`. Returns the ids of listings that got an item when `collect`."""
    asked: set[int] = set()
    job.items_total = 0
    for chunk in chunks:
        items = [TranslationJobItem(job=job, listing_id=pk, language=language)
                 for pk, source_language in chunk for language in languages
                 if language != source_language]
        TranslationJobItem.objects.bulk_create(items)
        job.items_total += len(items)
        if collect:
            asked.update(item.listing_id for item in items)
    return asked


def _creator(user):
    return user if user is not None and user.is_authenticated else None


def cancel_job(job_id: int) -> TranslationJob:
    """Stop a job that has not finished; `run_job` notices between batches."""
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().get(pk=job_id)
        if job.status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED):
            job.status = JobStatus.CANCELLED
            job.resumable = False
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "resumable", "finished_at"])
    return job


def refresh_counters(job: TranslationJob) -> TranslationJob:
    """Recount from the items and the ledger, and save only the counters (not the status,
    which a concurrent `cancel_job` may have changed)."""
    # One grouped query over the items instead of one per counter: a running job recounts
    # after every batch.
    by_status: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    by_state: Counter[str] = Counter()
    memory_hits = 0
    for status, code, state, n, memory in (
            TranslationJobItem.objects.filter(job=job)
            .values_list("status", "code", "written_state")
            .annotate(n=Count("pk"), memory=Sum("memory_fields")).order_by()):
        by_status[status] += n
        if status != ItemStatus.PENDING:
            by_code[code] += n
        by_state[state] += n
        memory_hits += memory or 0
    job.items_total = sum(by_status.values())
    job.items_done = job.items_total - by_status[ItemStatus.PENDING]
    job.memory_hits = memory_hits
    job.machine_written = by_state[TranslationState.MACHINE]
    job.needs_review = by_state[TranslationState.NEEDS_REVIEW] + by_status[ItemStatus.HELD]
    job.skipped_reviewed = by_code["reviewed"]
    job.skipped_current = by_code["up_to_date"]
    job.failed = by_status[ItemStatus.FAILED]
    job.failures = {code: n for code, n in sorted(by_code.items())
                    if code and code not in QUIET_CODES}
    usage = UsageRecord.objects.filter(job=job.ledger_key).aggregate(
        requests=Count("pk"), prompt=Sum("prompt_tokens"), completion=Sum("completion_tokens"),
        cost=Sum("cost"))
    job.requests = usage["requests"]
    job.prompt_tokens = usage["prompt"] or 0
    job.completion_tokens = usage["completion"] or 0
    # SQLite sums decimals as floats: back to the column's eight places.
    job.cost = Decimal(str(usage["cost"] or 0)).quantize(Decimal("0.00000001"))
    fields = ["items_total", "items_done", "memory_hits", "machine_written", "needs_review",
              "skipped_reviewed", "skipped_current", "failed", "failures", "requests",
              "prompt_tokens", "completion_tokens", "cost"]
    TranslationJob.objects.filter(pk=job.pk).update(**{f: getattr(job, f) for f in fields})
    return job
