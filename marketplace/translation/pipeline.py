"""Run a translation job: memory first, then batched model requests, then verify and write.

Decisions worth knowing:

- A field found in the translation memory is text a person approved. An item whose fields
  all come from memory is written as origin human, state reviewed; if the model wrote any
  field, the whole text is machine work (machine, or needs_review when QA objects).
- One request carries the pending texts of every item that shares a source language, whatever
  their target languages (each input item names its own), up to `BATCH_CHAR_BUDGET`
  characters; the reply must hold exactly one output per input key.
- A reply whose tokens differ from the ones sent, or that adds markup, commentary or is empty,
  is held on the job item for a person and never written where buyers see it
  (`needs_review` translations are shown). Softer QA failures (length, glossary, identical)
  are written as needs_review with the notes.
- Failures are classified: truncated → split the batch in halves; bad output → each text of a
  multi-text batch once on its own, then failed; transient (after the client's retries) →
  the job stops as failed but resumable; configuration → the job stops at once; no API key →
  memory hits are still written and the rest is skipped with the message.
- One run at a time per job: a run holds a lease on the job (`claimed_by`,
  `lease_expires_at`) and renews it before every request. A second run (acks_late
  redelivery while the first still works) finds the lease live and returns at once; a lease
  whose worker died expires and the next run takes it over. As a second guard an item is
  only ever finished from pending, in the same transaction as the translation it writes, so
  even a run that lost its lease mid-request cannot write an item twice.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from itertools import chain

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.ai.client import ModelClient
from marketplace.ai.errors import (
    NOT_CONFIGURED_MESSAGE,
    AIBadOutput,
    AIConfigurationError,
    AINotConfigured,
    AITransientError,
    AITruncated,
    run_stop,
)
from marketplace.catalog.models import (
    Listing,
    ListingTranslation,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import (
    TranslationRefused,
    TranslationWrite,
    write_translation,
    write_translations,
)
from marketplace.chunks import by_pk
from marketplace.ops.job_timing import lease_duration
from marketplace.ops.leases import Lease, LeaseLost, worker_name
from marketplace.translation.jobs import refresh_counters
from marketplace.translation.memory import Glossaries, Recall, memory_digest
from marketplace.translation.models import (
    GlossaryTerm,
    ItemStatus,
    JobStatus,
    TermKind,
    TranslationJob,
    TranslationJobItem,
    TranslationMemory,
)
from marketplace.translation.protect import Protected, TokenMismatch, protect, restore
from marketplace.translation.qa import run_checks
from marketplace.translation.terms import occurrences

PURPOSE = "translation"
FIELDS = ("title", "description")
# Protected characters per request: small enough that a reply stays well inside common
# output limits, large enough that a catalog of short listings takes few requests.
BATCH_CHAR_BUDGET = 6000
# QA failures that make a reply unfit to show at all (the rest only need a person's look).
BLOCKING_CHECKS = frozenset({"tokens", "markup", "empty", "commentary"})
# Rough size of the JSON wrapping around each text, for estimates.
PER_TEXT_OVERHEAD_CHARS = 80
# Items read, checked against current translations and looked up in memory per query.
PREPARE_CHUNK = 200
# How stale a running job's counters may get for a poller (the API) when no progress
# callback watches; the end of a run always recounts.
COUNTERS_EVERY_SECONDS = 1.0
# A recount reads every item of the job (0.4 s at 100k items on SQLite): when the caller
# allows spacing them, they are at least this many times their own cost apart, so they take
# at most a twentieth of a run of any size instead of a share that grows with the job.
RECOUNT_SPACING = 20

SYSTEM_PROMPT = """\
You translate product listings of a B2B marketplace.
The user message is a JSON object. Translate the "text" of every entry of "items" from its
"source_language" into its "target_language" (BCP 47 tags).
Rules:
- Tokens such as ⟦T1⟧, ⟦N2⟧ or ⟦M1⟧ stand for markup, numbers, model numbers and brand names:
  copy each token exactly once, unchanged, to the right place in the translation.
- Where "glossary" gives a translation for a term in that target language, use it.
- Translate only: add no notes, quotes, markup or explanations.
Reply with {"items": [{"key": ..., "text": ...}]}: exactly one entry per input item, with the
input's key."""

REPLY_SCHEMA = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"key": {"type": "string"}, "text": {"type": "string"}},
                "required": ["key", "text"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["items"],
    "additionalProperties": False,
}

Progress = Callable[[TranslationJob], None]


class _Stop(Exception):
    """End the run now with this outcome; finished items stay as they are."""

    def __init__(self, status: str, message: str, *, resumable: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.resumable = status, message, resumable
        self.retry_after = retry_after



class _ItemTaken(Exception):
    """The item was no longer pending when this run came to finish it."""


@dataclass
class Work:
    """One item in flight: the source as read when it started and what came back so far."""

    item: TranslationJobItem
    listing: Listing
    made_from_hash: str
    source: dict[str, str]
    terms: list[GlossaryTerm]
    done: dict[str, str] = field(default_factory=dict)  # final text (memory or empty source)
    from_memory: set[str] = field(default_factory=set)
    protected: dict[str, Protected] = field(default_factory=dict)
    replies: dict[str, str] = field(default_factory=dict)  # raw reply text, tokens and all
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (code, reason)
    model: str = ""

    @property
    def language(self) -> str:
        return self.item.language

    def segments(self) -> list[Segment]:
        return [Segment(self, name) for name in self.protected]

    @property
    def size(self) -> int:
        return sum(len(p.text) for p in self.protected.values())


@dataclass(frozen=True)
class Segment:
    work: Work
    field: str

    @property
    def key(self) -> str:
        return f"L{self.work.listing.pk}.{self.work.language}.{self.field}"


def run_job(job_id: int, *, client: ModelClient | None = None, progress: Progress | None = None,
            batch_chars: int = BATCH_CHAR_BUDGET, lease_seconds: float | None = None,
            worker: str | None = None, concurrency: int = 1,
            progress_every: float = 0.0) -> TranslationJob:
    """Work through the job's pending items. Safe to call again: done and cancelled jobs are
    left alone, and a job that stopped (crash, transient failure) continues where it was.

    A job another live run holds is returned as it is (status running, `lease_expires_at`
    in the future): the caller may try again after the lease expires.

    `concurrency` > 1 keeps that many batches in flight on threads (the client's own limit
    still caps them); results are checked and written on this thread. The threads write the
    usage ledger on connections of their own, so the database must take concurrent writers
    (PostgreSQL, or a SQLite file with a busy timeout: not the in-memory test database).

    `progress` is called with fresh counters after every batch, or, with `progress_every`
    seconds, at most that often and at least RECOUNT_SPACING times a recount's cost apart:
    recounting reads every item of the job, so a caller that only shows progress (a command
    over the whole catalog) sets it to keep the run linear. Without `progress` the counters
    (for pollers) are spaced the same way, COUNTERS_EVERY_SECONDS at least.

    The pending items are read PREPARE_CHUNK at a time: memory holds a chunk and the batches
    in flight, whatever the size of the job."""
    job = TranslationJob.objects.get(pk=job_id)
    if job.status in (JobStatus.DONE, JobStatus.CANCELLED):
        return job
    # Renewed before every request, so it outlasts one `complete_json` call (ops.W001); a dead
    # worker's job waits this long before a takeover.
    duration = (lease_duration("translation") if lease_seconds is None
                else timedelta(seconds=lease_seconds))
    lease = Lease(TranslationJob, job.pk, worker or worker_name(), duration, heartbeat=True)
    if not lease.claim(~Q(status__in=(JobStatus.DONE, JobStatus.CANCELLED))):
        job.refresh_from_db()
        return job
    try:
        now = timezone.now()
        # An update, not a save: a cancellation that arrived since the read must stand.
        TranslationJob.objects.filter(pk=job.pk).exclude(status=JobStatus.CANCELLED).update(
            status=JobStatus.RUNNING, started_at=job.started_at or now, message="",
            resumable=False, retry_after=None)
        job.refresh_from_db()
        runner = _Runner(job, client or ModelClient(), progress, batch_chars, lease,
                         concurrency, progress_every)
        retry_after: float | None = None
        try:
            runner.run()
            status, message, resumable = JobStatus.DONE, runner.message, False
        except _Stop as stop:
            status, message, resumable = stop.status, stop.message, stop.resumable
            retry_after = stop.retry_after
        except LeaseLost:
            job.refresh_from_db()
            return job
        # A cancellation that arrived meanwhile wins, and so does a run that took over.
        TranslationJob.objects.filter(pk=job.pk, claimed_by=lease.worker).exclude(
            status=JobStatus.CANCELLED).update(
            status=status, message=message, resumable=resumable, finished_at=timezone.now(),
            retry_after=math.ceil(retry_after) if retry_after is not None else None)
    finally:
        # Also on a crash this process survives (BaseException): the next run need not wait
        # for the lease to expire. A killed process never gets here; expiry covers that.
        lease.release()
    job.refresh_from_db()
    return refresh_counters(job)


class _Runner:
    def __init__(self, job: TranslationJob, client: ModelClient, progress: Progress | None,
                 batch_chars: int, lease: Lease, concurrency: int = 1,
                 progress_every: float = 0.0) -> None:
        self.job, self.client, self.progress = job, client, progress
        self.batch_chars, self.lease = batch_chars, lease
        self.concurrency = max(1, concurrency)
        self.progress_every = progress_every
        self.message = ""
        self.counted_at = 0.0  # time.monotonic() of the last refresh_counters after a batch
        self.recount_seconds = 0.0  # what the last one cost

    def run(self) -> None:
        pending = TranslationJobItem.objects.filter(job=self.job, status=ItemStatus.PENDING)
        # One request carries one source language: the items are worked through a source
        # language at a time, each read a chunk at a time (keyset on the item's id).
        source_languages = sorted(set(pending.order_by().values_list(
            "listing__source_language", flat=True).distinct()))
        glossary = Glossaries()
        for source_language in source_languages:
            if self._cancelled():
                return
            chunks = by_pk(pending.filter(listing__source_language=source_language)
                           .select_related("listing"), PREPARE_CHUNK)
            # Prepared a chunk at a time as batches are needed: the first requests leave
            # while later items are still read.
            works = self._prepared(chunks, glossary)
            # The first chunk is read before the first report, so it counts the items that
            # chunk finished without the model; a source edited from here on is mid-job.
            first = next(works, None)
            self._report()
            works = chain([] if first is None else [first], works)
            if not self.client.is_configured():
                self._not_configured(works)
                continue
            if self.concurrency > 1:
                if not self._in_parallel(self._batches(works)):
                    return
                continue
            for batch in self._batches(works):
                if self._cancelled():
                    return
                try:
                    self._send([s for w in batch for s in w.segments()])
                except AINotConfigured:
                    self._not_configured(batch)
                    continue
                self._complete_batch(batch)

    def _in_parallel(self, batches: Iterator[list[Work]]) -> bool:
        """Up to `concurrency` batches in flight; False when the job was cancelled.

        A failure that ends the run (_Stop, LeaseLost) is raised only once the batches
        already in flight came back and were written: their replies are paid for."""
        halt: _Stop | LeaseLost | None = None
        cancelled = False
        in_flight: dict[Future[None], list[Work]] = {}
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="translate") as pool:

            def fill() -> bool:
                """Send batches until `concurrency` are in flight; False when cancelled."""
                while len(in_flight) < self.concurrency:
                    batch = next(batches, None)
                    if batch is None:
                        break
                    if self._cancelled():
                        return False
                    in_flight[pool.submit(self._send_on_thread, batch)] = batch
                return True

            cancelled = not fill()
            while in_flight:
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                replied = []
                for future in finished:
                    batch = in_flight.pop(future)
                    try:
                        future.result()
                    except AINotConfigured:
                        self._not_configured(batch)
                        continue
                    except (_Stop, LeaseLost) as error:
                        halt = halt or error
                        continue
                    replied.append(batch)
                # The freed slots are filled before the replies are checked and written, so
                # the model works while this thread does: the run's own work per item hides
                # behind the model's latency instead of adding to it.
                if halt is None and not cancelled:
                    cancelled = not fill()
                for batch in replied:
                    self._complete_batch(batch)
        if halt is not None:
            raise halt
        return not cancelled

    def _send_on_thread(self, batch: list[Work]) -> None:
        try:
            self._send([s for w in batch for s in w.segments()])
        finally:
            # The thread's own connection (ledger rows, lease renewals) dies with the thread.
            connection.close()

    # -- before any request -------------------------------------------------------------

    def _prepared(self, chunks: Iterable[list[TranslationJobItem]],
                  glossary: Glossaries) -> Iterator[Work]:
        """The items that need the model, as Work; the others are finished on the way
        (kept, up to date, or written from memory). A fixed number of queries per chunk:
        the items with nothing to do are finished by one UPDATE per outcome, so a run over
        an unchanged catalog costs a few queries per chunk, not one per item."""
        for chunk in chunks:
            current = _current_translations(chunk)
            memory = Recall(((text, item.listing.source_language, item.language)
                             for item in chunk
                             for text in (item.listing.title, item.listing.description)
                             if text.strip()), glossary)
            works: list[Work] = []
            skipped: dict[tuple[str, str], list[TranslationJobItem]] = {}
            for item in chunk:
                outcome = self._prepare(item, current.get((item.listing_id, item.language)),
                                        memory, glossary)
                if isinstance(outcome, Work):
                    works.append(outcome)
                elif outcome is not None:
                    skipped.setdefault(outcome, []).append(item)
            memory.count_uses()
            for (code, reason), items in skipped.items():
                if not _finish_all(items, ItemStatus.SKIPPED, code, reason, written_state="",
                                   memory_fields=0):
                    for item in items:  # another run finished some: the rest one by one
                        _finish(item, ItemStatus.SKIPPED, code, reason)
            yield from works

    def _prepare(self, item: TranslationJobItem, current: ListingTranslation | None,
                 memory: Recall, glossary: Glossaries) -> Work | tuple[str, str] | None:
        """Work for the model; (code, reason) for an item to skip; None when it was
        finished here (written from memory)."""
        listing = item.listing
        if current is not None and current.state == TranslationState.REVIEWED:
            return ("reviewed",
                    "A person reviewed the translation of the current text; it is kept.")
        if current is not None:
            return ("up_to_date",
                    f"Already translated from the current text (state {current.state}).")
        source = {"title": listing.title, "description": listing.description}
        work = Work(item=item, listing=listing, made_from_hash=listing.source_hash,
                    source=source,
                    terms=glossary.terms_in("\n".join(source.values()), item.language))
        for name, text in source.items():
            if not text.strip():
                work.done[name] = text
                continue
            hit = memory.recall(text, source_language=listing.source_language,
                                target_language=item.language)
            if hit is not None:
                work.done[name] = hit
                work.from_memory.add(name)
            else:
                work.protected[name] = protect(text, keep=_keep(work.terms, text))
        if work.protected:
            return work
        self._write(work, work.done, origin=TranslationOrigin.HUMAN,
                    state=TranslationState.REVIEWED, code="memory",
                    reason="Taken from the translation memory.")
        return None

    def _not_configured(self, works: Iterable[Work]) -> None:
        self.message = NOT_CONFIGURED_MESSAGE
        for work in works:
            _finish(work.item, ItemStatus.SKIPPED, "not_configured", NOT_CONFIGURED_MESSAGE)
        self._report()

    def _batches(self, works: list[Work]) -> Iterator[list[Work]]:
        batch: list[Work] = []
        size = 0
        for work in works:
            if batch and size + work.size > self.batch_chars:
                yield batch
                batch, size = [], 0
            batch.append(work)
            size += work.size
        if batch:
            yield batch

    # -- the request --------------------------------------------------------------------

    def _send(self, segments: list[Segment]) -> None:
        # Before every request, split halves and lone retries included: a run that lost its
        # job must not pay for a request the new owner makes too.
        self.lease.renew()
        try:
            reply = self.client.complete_json(
                system=SYSTEM_PROMPT, user=_payload(segments), schema=REPLY_SCHEMA,
                schema_name="translations", purpose=PURPOSE, job=self.job.ledger_key)
        except AITruncated as error:
            if len(segments) == 1:
                _fail(segments, "truncated", f"The reply was cut off even for this text alone: "
                                             f"{error}")
                return
            # Never resend what was cut off: each half asks for half the output.
            half = len(segments) // 2
            self._send(segments[:half])
            self._send(segments[half:])
            return
        except AIBadOutput as error:
            self._alone(segments, len(segments), "bad_output", str(error))
            return
        except (AIConfigurationError, AITransientError) as error:
            stop = run_stop(error)  # the rule review_claims follows too
            raise _Stop(JobStatus.FAILED,
                        "Machine translation stopped after a temporary failure; run the job "
                        f"again to continue where it stopped. {error}" if stop.resumable
                        else f"Machine translation stopped: {error}",
                        resumable=stop.resumable, retry_after=stop.retry_after) from error
        entries = reply.data["items"]
        counts = Counter(entry["key"] for entry in entries)
        texts = {entry["key"]: entry["text"] for entry in entries}
        wrong = []
        for segment in segments:
            segment.work.model = reply.model
            if counts[segment.key] == 1:
                segment.work.replies[segment.field] = texts[segment.key]
            else:
                wrong.append(segment)
        if wrong:
            # The good part of the reply is kept: it was paid for and is checked like any other.
            self._alone(wrong, len(segments), "bad_output",
                        f"The reply had {len(entries)} items for {len(segments)} texts; "
                        f"“{wrong[0].key}” came back {counts[wrong[0].key]} times.")

    def _alone(self, segments: list[Segment], sent: int, code: str, reason: str) -> None:
        """Retry each text on its own (a different input) unless the failed request, of
        `sent` texts, was already that one text alone."""
        if sent == 1:
            _fail(segments, code, reason)
            return
        for segment in segments:
            self._send([segment])

    # -- after the reply ----------------------------------------------------------------

    def _complete_batch(self, batch: list[Work]) -> None:
        """Check the batch's replies and write what passed, then report progress: one
        transaction (the job's counters included) and one bulk translation write per batch,
        instead of a transaction and ten queries per item. The lease is not renewed here: the
        next request renews it first, and a run that lost it stops there."""
        with transaction.atomic():
            writes = [write for write in map(self._complete, batch) if write is not None]
            # Each item moves from pending first, so a text is written only for an item this
            # run finished (in this transaction); one another run finished is left alone.
            writes = _finish_written(writes)
            outcomes = write_translations([TranslationWrite(
                write.work.listing.pk, write.work.language, title=write.texts["title"],
                description=write.texts["description"], origin=TranslationOrigin.MACHINE,
                state=write.state, made_from_hash=write.work.made_from_hash,
                model=write.work.model, qa_notes=write.qa_notes) for write in writes])
            for write, outcome in zip(writes, outcomes, strict=True):
                if isinstance(outcome, TranslationRefused):
                    _refused(write.work, outcome, finished=True)
            # In the same commit: each commit waits for the database's write lock, which the
            # threads' requests (lease, usage ledger) take too. Recounting reads every item
            # of the job, so with nobody watching each batch it is done once a second.
            recount = self._recount_due()
            if recount:
                self._recount()
        if recount:
            self._tell()

    def _recount_due(self) -> bool:
        if self.progress is not None and not self.progress_every:
            return True  # the caller asked for fresh counters after every batch
        every = self.progress_every or COUNTERS_EVERY_SECONDS
        return (time.monotonic() - self.counted_at
                >= max(every, RECOUNT_SPACING * self.recount_seconds))

    def _recount(self) -> None:
        started = time.monotonic()
        refresh_counters(self.job)
        self.counted_at = time.monotonic()
        self.recount_seconds = self.counted_at - started

    def _complete(self, work: Work) -> _MachineText | None:
        """The machine text to write for `work`, or None when its item is finished here
        (failed, or held for a person)."""
        if work.errors:
            codes = [code for code, _ in work.errors.values()]
            reasons = [f"{name}: {reason}" for name, (_, reason) in work.errors.items()]
            _finish(work.item, ItemStatus.FAILED, codes[0], "\n".join(reasons))
            return None
        final = dict(work.done)
        blocked: list[tuple[str, str]] = []
        notes: list[tuple[str, str]] = []
        rejected: dict[str, str] = {}
        for name, reply in work.replies.items():
            try:
                text = restore(reply, work.protected[name])
            except TokenMismatch as mismatch:
                blocked.append(("tokens", f"{name}: {mismatch}"))
                rejected[name] = reply
                continue
            for failure in run_checks(work.source[name], text,
                                      source_language=work.listing.source_language,
                                      target_language=work.language,
                                      glossary_terms=work.terms):
                bucket = blocked if failure.check in BLOCKING_CHECKS else notes
                bucket.append((failure.check, f"{name}: {failure.message}"))
                if failure.check in BLOCKING_CHECKS:
                    rejected[name] = text
            final[name] = text
        if blocked:
            _finish(work.item, ItemStatus.HELD, blocked[0][0],
                    "\n".join(message for _, message in blocked), rejected=rejected)
            return None
        return _MachineText(
            work, final, TranslationState.NEEDS_REVIEW if notes else TranslationState.MACHINE,
            code=f"qa:{notes[0][0]}" if notes else "machine",
            reason="\n".join(message for _, message in notes),
            qa_notes=[message for _, message in notes])

    def _write(self, work: Work, texts: dict[str, str], *, origin: str, state: str, code: str,
               reason: str, qa_notes: list[str] | None = None) -> None:
        try:
            with transaction.atomic():
                # The item first: if it is no longer pending the translation is not written.
                _finish(work.item, ItemStatus.DONE, code, reason, written_state=state,
                        memory_fields=len(work.from_memory), strict=True)
                write_translation(work.listing, work.language, title=texts["title"],
                                  description=texts["description"], origin=origin, state=state,
                                  made_from_hash=work.made_from_hash, model=work.model,
                                  qa_notes=qa_notes)
        except _ItemTaken:
            return
        except TranslationRefused as refused:
            _refused(work, refused, finished=False)

    def _cancelled(self) -> bool:
        return TranslationJob.objects.filter(pk=self.job.pk, status=JobStatus.CANCELLED).exists()

    def _report(self) -> None:
        self.lease.renew()
        self._recount()
        self._tell()

    def _tell(self) -> None:
        if self.progress is not None:
            self.progress(self.job)


@dataclass(frozen=True)
class _MachineText:
    """A reply that passed the blocking checks: what to write and how to finish its item."""

    work: Work
    texts: dict[str, str]
    state: str
    code: str
    reason: str
    qa_notes: list[str]


def _refused(work: Work, refused: TranslationRefused, *, finished: bool) -> None:
    """Skip the item whose text was refused, saying why. `finished`: this run already moved
    it to done in the current transaction (a batch write), so it moves from there."""
    now = Listing.objects.filter(pk=work.listing.pk).values_list("source_hash",
                                                                  flat=True).first()
    if now != work.made_from_hash:
        code, reason = "source_changed", (
            f"The source changed while the job ran; nothing written. {refused}")
    else:
        code, reason = "reviewed", str(refused)
    if finished:
        TranslationJobItem.objects.filter(pk=work.item.pk).update(
            status=ItemStatus.SKIPPED, code=code, reason=reason, written_state="",
            memory_fields=0, updated_at=timezone.now())
        work.item.status, work.item.code, work.item.reason = ItemStatus.SKIPPED, code, reason
        work.item.written_state, work.item.memory_fields = "", 0
    else:
        _finish(work.item, ItemStatus.SKIPPED, code, reason)


def _finish(item: TranslationJobItem, status: str, code: str, reason: str, *,
            written_state: str = "", memory_fields: int = 0,
            rejected: dict[str, str] | None = None, strict: bool = False) -> bool:
    """Move a pending item to its outcome; False (or _ItemTaken when `strict`) when it was no
    longer pending, i.e. another run finished it first."""
    values = {"status": status, "code": code, "reason": reason, "written_state": written_state,
              "memory_fields": memory_fields, "rejected": rejected or {},
              "updated_at": timezone.now()}
    moved = TranslationJobItem.objects.filter(pk=item.pk, status=ItemStatus.PENDING).update(
        **values) == 1
    if not moved:
        if strict:
            raise _ItemTaken
        return False
    for name, value in values.items():
        setattr(item, name, value)
    return True


def _finish_written(writes: list[_MachineText]) -> list[_MachineText]:
    """`_finish` (to done) of the items of `writes`, the ones that moved. One UPDATE per
    distinct outcome (a whole batch, usually) instead of one per item; should any item of an
    outcome no longer be pending, that outcome's items are moved one by one after all."""
    groups: dict[tuple[str, str, str, int], list[_MachineText]] = {}
    for write in writes:
        groups.setdefault((write.code, write.reason, write.state, len(write.work.from_memory)),
                          []).append(write)
    moved: set[int] = set()
    for (code, reason, state, memory_fields), group in groups.items():
        items = [write.work.item for write in group]
        if _finish_all(items, ItemStatus.DONE, code, reason, written_state=state,
                       memory_fields=memory_fields):
            moved.update(id(item) for item in items)
            continue
        moved.update(id(item) for item in items
                     if _finish(item, ItemStatus.DONE, code, reason, written_state=state,
                                memory_fields=memory_fields))
    return [write for write in writes if id(write.work.item) in moved]


def _finish_all(items: list[TranslationJobItem], status: str, code: str, reason: str, *,
                written_state: str, memory_fields: int) -> bool:
    """Move pending items to one outcome with one UPDATE; False, with nothing changed, unless
    every one of them was still pending."""
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a partial move is undone
            moved = TranslationJobItem.objects.filter(
                pk__in=[item.pk for item in items], status=ItemStatus.PENDING).update(
                status=status, code=code, reason=reason, written_state=written_state,
                memory_fields=memory_fields, rejected={}, updated_at=now)
            if moved != len(items):
                raise _ItemTaken
    except _ItemTaken:
        return False
    for item in items:
        item.status, item.code, item.reason, item.updated_at = status, code, reason, now
        item.written_state, item.memory_fields, item.rejected = written_state, memory_fields, {}
    return True


def _current_translations(
        items: list[TranslationJobItem]) -> dict[tuple[int, str], ListingTranslation]:
    """(listing id, language) → its translation made from the listing's current text and not
    outdated, for these items, in one query."""
    hashes = {item.listing_id: item.listing.source_hash for item in items}
    languages = {item.language for item in items}
    return {(t.listing_id, t.language): t for t in
            ListingTranslation.objects.filter(listing_id__in=hashes, language__in=languages)
            .exclude(state=TranslationState.OUTDATED).only("listing_id", "language", "state",
                                                           "source_hash")
            if t.source_hash == hashes[t.listing_id]}


def _fail(segments: list[Segment], code: str, reason: str) -> None:
    for segment in segments:
        segment.work.errors[segment.field] = (code, reason)


def _keep(terms: list[GlossaryTerm], text: str) -> list[str]:
    """Do-not-translate terms as the text writes them, to become tokens."""
    return [written for term in terms if term.kind == TermKind.DO_NOT_TRANSLATE
            for written in occurrences(term.source_term, text,
                                       case_sensitive=term.case_sensitive)]


def _payload(segments: list[Segment]) -> str:
    glossary = {}
    for segment in segments:
        for term in segment.work.terms:
            if term.kind == TermKind.PREFERRED:
                glossary[(term.language, term.source_term)] = term.preferred_translation
    return json.dumps({
        "items": [{"key": s.key, "source_language": s.work.listing.source_language,
                   "target_language": s.work.language,
                   "text": s.work.protected[s.field].text} for s in segments],
        "glossary": [{"target_language": language, "term": term, "translation": translation}
                     for (language, term), translation in sorted(glossary.items())],
    }, ensure_ascii=False)


# -- estimates (no request) -----------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    items: int
    skipped: int
    memory_hits: int
    texts: int  # fields the model would be asked for
    prompt_tokens: int
    completion_tokens: int
    cost: Decimal


# Listings read per query by `estimate`, and digests per memory lookup (SQLite takes at
# most 32,766 parameters in one statement).
ESTIMATE_CHUNK = 1000
DIGESTS_PER_QUERY = 5000


def estimate(listings: QuerySet[Listing], languages: Sequence[str], client: ModelClient,
             batch_chars: int = BATCH_CHAR_BUDGET) -> Estimate:
    """What translating `listings` into `languages` would cost, at about 4 characters a
    token. Nothing is written (memory uses are not counted). The listings are read
    ESTIMATE_CHUNK at a time by primary key, with a fixed number of queries per chunk, so
    memory stays flat and time grows linearly with the catalog."""
    glossaries = Glossaries()
    # Languages the memory holds nothing for need no digest and no lookup (a new deployment:
    # every language).
    remembering = {language for language in languages
                   if TranslationMemory.objects.filter(target_language=language).exists()}
    items = skipped = memory_hits = texts = chars = 0
    rows = listings.values_list("pk", "source_language", "source_hash", "title", "description")
    for chunk in by_pk(rows, ESTIMATE_CHUNK):
        current = set(ListingTranslation.objects
                      .filter(listing_id__in=[row[0] for row in chunk], language__in=languages)
                      .exclude(state=TranslationState.OUTDATED)
                      .values_list("listing_id", "language", "source_hash"))
        asked: list[tuple[str, str]] = []  # (memory digest or "", text)
        for pk, source_language, hash_, title, description in chunk:
            sources = [text for text in (title, description) if text.strip()]
            for language in languages:
                if language == source_language:
                    continue
                items += 1
                if (pk, language, hash_) in current:
                    skipped += 1
                elif language in remembering:
                    version = glossaries.version(language)
                    asked += [(memory_digest(text, source_language=source_language,
                                             target_language=language, version=version), text)
                              for text in sources]
                else:
                    asked += [("", text) for text in sources]
        remembered = _remembered({digest for digest, _ in asked if digest})
        protected_sizes: dict[str, int] = {}  # a text is protected once, whatever the language
        for digest, text in asked:
            if digest in remembered:
                memory_hits += 1
                continue
            texts += 1
            if text not in protected_sizes:
                protected_sizes[text] = len(protect(text).text)
            chars += protected_sizes[text] + PER_TEXT_OVERHEAD_CHARS
    batches = math.ceil(chars / batch_chars) if chars else 0
    prompt_tokens = math.ceil((chars + batches * len(SYSTEM_PROMPT)) / 4)
    completion_tokens = math.ceil(chars / 4)
    return Estimate(items=items, skipped=skipped, memory_hits=memory_hits, texts=texts,
                    prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                    cost=client.cost(prompt_tokens, completion_tokens))


def _remembered(digests: set[str]) -> set[str]:
    """Which of these source digests the translation memory holds."""
    ordered = sorted(digests)
    found: set[str] = set()
    for start in range(0, len(ordered), DIGESTS_PER_QUERY):
        found.update(TranslationMemory.objects.filter(
            source_digest__in=ordered[start:start + DIGESTS_PER_QUERY])
            .values_list("source_digest", flat=True))
    return found
