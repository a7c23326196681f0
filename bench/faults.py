"""Fault figures of the background jobs (issue 14): a worker SIGKILLed mid-job and Redis
restarted mid-run, and every job completes once.

Run with `make bench`, or alone: `python bench/faults.py`. Needs PostgreSQL
(BENCH_FAULTS_DATABASE_URL, default postgres://marketplace:marketplace@127.0.0.1:5432/
bench_faults, recreated each run: the role needs CREATEDB) and the `redis-server` binary: the
script starts a Redis of its own on a free loopback port (database 6, no persistence), so that
restarting it touches nobody else. Without them it says so and skips.

It loads the EU pack and generated listings, starts a local fake model (every request answered
after LATENCY seconds: translations echoed, claim reviews with no findings), WORKERS Celery
workers (prefork, 2 processes each, each worker in a process group of its own) and one beat,
with short clocks: leases of LEASE seconds, a sweep every SWEEP seconds. Then it queues
translation jobs, claim reviews and compliance checks (with their AI review), and:

1. once a translation job is half way, SIGKILLs the whole process group of the worker running
   it (a machine lost: no cleanup, its messages unacknowledged);
2. a moment later stops its Redis and starts it again on the same port, empty (every queued
   message, unacknowledged message and cache key is gone);
3. waits (at most DEADLINE seconds) for every job to finish, then prints per kind: jobs
   finished, runs that finished each job (target: one), and the work per job (model requests;
   items written) against what one run needs, with OK/MISS. A job the killed worker held may
   repeat the work it had in flight (a request whose reply was never written); any other
   repeat is a MISS. Last, one more sweep must re-send nothing, and no review is left
   unfinished. A check killed during its AI review is re-sent by the sweep, and its new run
   resumes that review (one completed review per check, never a second beside a half-written
   one).

Figures are advisory on a shared machine; BENCH_FAULTS_KEEP=1 keeps the worker logs.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Skip, free_port, reachable, recreate_database  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_FAULTS_DATABASE_URL",
    "postgres://marketplace:marketplace@127.0.0.1:5432/bench_faults")
REDIS_DB = 6
WORKERS = 2  # plus the one killed
POOL = 2  # processes per worker
LATENCY = 0.8  # seconds per model request
LEASE = 6  # seconds, every kind
SWEEP = 2  # seconds between sweeps
RESEND_AFTER = 8  # seconds a job stays queued before the sweep re-sends it
VISIBILITY = 30  # above every lease (ops.W002)
DEADLINE = 150  # seconds for every job to finish after the jobs are sent
TARGET = 180  # the fault section's bound
# Seconds to wait for a worker that also holds a compliance check half way through its AI
# review, then as long again for one holding jobs of two kinds, before killing any.
PATIENCE = 6
TRANSLATION_JOBS, LISTINGS_PER_JOB, LANGUAGES = 6, 4, ["de", "fr"]
REVIEWS = CHECKS = 6
BIN = Path(sys.executable).parent
REDIS_SERVER = shutil.which("redis-server") or "redis-server"
TITLE = re.compile(r"Fault bench item (\d+)\b")


class Redis:
    """A redis-server of this script's own on a loopback port, without persistence."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/{REDIS_DB}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_timeout=1).ping():
                    return
            except redis.RedisError:
                time.sleep(0.1)
        raise SystemExit("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def environment(data_dir: Path, redis_url: str, model_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("MARKETPLACE_ENV", "DEBUG", "SECRET_KEY", "CACHE_URL")}
    leases = {name: str(LEASE) for name in ("TRANSLATION_JOB_LEASE_SECONDS",
                                            "CLAIM_REVIEW_LEASE_SECONDS",
                                            "COMPLIANCE_CHECK_LEASE_SECONDS")}
    return {**env, **leases, "MARKETPLACE_DATA_DIR": str(data_dir), "DATABASE_URL": DATABASE_URL,
            "CELERY_BROKER_URL": redis_url, "CACHE_URL": redis_url,
            "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY),
            "JOBS_SWEEP_SECONDS": str(SWEEP), "JOBS_RESEND_AFTER_SECONDS": str(RESEND_AFTER),
            "AI_API_KEY": "sk-bench", "AI_BASE_URL": model_url, "AI_MODEL": "bench-model",
            "AI_TIMEOUT_SECONDS": "5", "AI_MAX_RETRIES": "0", "AI_MAX_CONCURRENCY": "1",
            "DJANGO_SETTINGS_MODULE": "marketplace.settings", "LOG_FORMAT": "text"}


def fake_model():
    """The echo server of the translation tests, which also answers claim reviews (no
    findings): each request is recorded with the listing (pk) it was about."""
    from tests.marketplace.ai.fake_openai import Reply, completion
    from tests.marketplace.translation.echo_server import EchoOpenAI

    class BenchModel(EchoOpenAI):
        def _next(self, request):
            content = request.body["messages"][1]["content"]
            if '"items"' in content:
                return super()._next(request)
            with self._lock:
                self.requests.append(request)
            return Reply(body=completion(json.dumps({"findings": []})), delay=self.delay)

    return BenchModel(delay=LATENCY).start()


def prepare() -> dict[str, list[int]]:
    """The EU pack, a supplier and its listings; queued jobs of each kind (not sent yet)."""
    from django.core.management import call_command

    from marketplace.catalog.models import Listing, Supplier, source_hash
    from marketplace.compliance.models import ComplianceCheckJob
    from marketplace.compliance_review.services import create_review
    from marketplace.translation.jobs import create_job
    from regions.core.models import Region

    call_command("migrate", verbosity=0)
    call_command("load_region", "eu", stdout=io.StringIO())
    supplier = Supplier.objects.create(name="Fault Bench Tools", slug="fault-bench", country="DE")
    count = TRANSLATION_JOBS * LISTINGS_PER_JOB + REVIEWS + CHECKS
    listings = []
    for number in range(count):
        title = f"Fault bench item {number} cordless drill"
        # Long enough that a job takes several requests: it can be killed half way.
        description = " ".join(f"<p>Cordless drill {number}, part {part}: 18 V, two "
                               f"batteries, 13 mm chuck, {part * 7} Nm torque.</p>"
                               for part in range(12))
        listings.append(Listing(
            supplier=supplier, status="published", source_language="en", source_currency="EUR",
            title=title, description=description, category="tools", hs_code="846721",
            moq=10, lead_time_min_days=5, lead_time_max_days=10,
            source_hash=source_hash(title, description)))
    ids = [listing.pk for listing in Listing.objects.bulk_create(listings)]
    eu = Region.objects.get(code="eu")
    per_job = [ids[n * LISTINGS_PER_JOB:(n + 1) * LISTINGS_PER_JOB]
               for n in range(TRANSLATION_JOBS)]
    rest = ids[TRANSLATION_JOBS * LISTINGS_PER_JOB:]
    return {
        "translation": [create_job(chunk, LANGUAGES).pk for chunk in per_job],
        "claim_review": [create_review(Listing.objects.get(pk=pk), eu).pk
                         for pk in rest[:REVIEWS]],
        "compliance_check": [ComplianceCheckJob.objects.create(
            listing_id=pk, region=eu, with_ai=True).pk for pk in rest[REVIEWS:]],
    }


def send_all(jobs: dict[str, list[int]]) -> None:
    """The messages, as the API's front doors send them, the kinds interleaved so that each
    worker gets some of each."""
    from itertools import zip_longest

    from marketplace.compliance.tasks import run_check
    from marketplace.compliance_review.models import ClaimReview
    from marketplace.compliance_review.tasks import review_listing
    from marketplace.translation.tasks import translate_job

    reviews = ClaimReview.objects.in_bulk(jobs["claim_review"])
    for translation, review, check in zip_longest(
            jobs["translation"], jobs["claim_review"], jobs["compliance_check"]):
        if translation is not None:
            translate_job.delay(translation)
        if review is not None:
            review_listing.delay(reviews[review].listing_id, "eu", review_id=review)
        if check is not None:
            run_check.delay(check)


def start_worker(env: dict[str, str], log: Path, name: str) -> subprocess.Popen:
    # A session of its own: killing its process group is losing the machine.
    return subprocess.Popen(  # noqa: S603
        [str(BIN / "celery"), "-A", "marketplace", "worker", "--concurrency", str(POOL),
         "--loglevel", "INFO", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True)


def start_beat(env: dict[str, str], data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [str(BIN / "celery"), "-A", "marketplace", "beat", "--loglevel", "INFO",
         "--schedule", str(data_dir / "beat-schedule")],
        cwd=ROOT, env=env, stdout=(data_dir / "beat.log").open("ab"),
        stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def held_by(group: int) -> dict[str, set[int]]:
    """Jobs of each kind whose lease a process of `group` holds (its pid is in claimed_by).
    Claim reviews include those a compliance check runs inside its own job."""
    from marketplace.compliance.models import ComplianceCheckJob
    from marketplace.compliance_review.models import ClaimReview
    from marketplace.translation.models import TranslationJob

    held: dict[str, set[int]] = {}
    for kind, model in (("translation", TranslationJob), ("claim_review", ClaimReview),
                        ("compliance_check", ComplianceCheckJob)):
        for pk, worker in model.objects.filter(status="running").values_list("pk", "claimed_by"):
            try:
                if os.getpgid(int(worker.split(":")[1])) == group:
                    held.setdefault(kind, set()).add(pk)
            except (IndexError, ValueError, ProcessLookupError):
                continue
    return held


def describe(held: dict[str, set[int]], jobs: dict[str, list[int]]) -> str:
    said = [f"{kind} {sorted(ids & set(jobs[kind]))}" for kind, ids in held.items()
            if ids & set(jobs[kind])]
    inner = held.get("claim_review", set()) - set(jobs["claim_review"])
    if inner:
        said.append(f"the AI review {sorted(inner)} of a compliance check")
    return ", ".join(said)


def half_way_translation(workers: list[subprocess.Popen], timeout: float) -> int | None:
    """The index of a worker running a translation job that has made at least one request
    and has more to do; for up to PATIENCE seconds, one that also holds a compliance check
    whose AI review is running (the check's next run must resume that review), then for as
    long again one that holds a job of another kind (a review or check takes a request or
    two, so it is rarely caught mid-run)."""
    from marketplace.translation.models import ItemStatus, TranslationJob

    deadline = time.monotonic() + timeout
    groups = {worker.pid: index for index, worker in enumerate(workers)}
    first_seen: float | None = None
    while time.monotonic() < deadline:
        for job in TranslationJob.objects.filter(status="running"):
            done = job.items.exclude(status=ItemStatus.PENDING).count()
            if not 0 < done < job.items_total:
                continue
            try:
                group = os.getpgid(int(job.claimed_by.split(":")[1]))
            except (IndexError, ValueError, ProcessLookupError):
                continue
            if group not in groups:
                continue
            first_seen = first_seen or time.monotonic()
            held, waited = held_by(group), time.monotonic() - first_seen
            if (check_mid_review(held) or (len(held) > 1 and waited > PATIENCE)
                    or waited > 2 * PATIENCE):
                return groups[group]
        time.sleep(0.05)
    return None


def check_mid_review(held: dict[str, set[int]]) -> bool:
    """Whether `held` has a compliance check together with the running AI review it made."""
    from marketplace.compliance_review.models import ClaimReview

    return ClaimReview.objects.filter(pk__in=held.get("claim_review", ()),
                                      check_job_id__in=held.get("compliance_check", ())).exists()


def wait_for_all(jobs: dict[str, list[int]], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if all(finished(kind, ids) == len(ids) for kind, ids in jobs.items()):
            return True
        time.sleep(0.5)
    return False


FINISHED = {"translation": ("done",), "claim_review": ("completed",),
            "compliance_check": ("done",)}


def finished(kind: str, ids: list[int]) -> int:
    return model_of(kind).objects.filter(pk__in=ids, status__in=FINISHED[kind]).count()


def model_of(kind: str):
    from marketplace.compliance.models import ComplianceCheckJob
    from marketplace.compliance_review.models import ClaimReview
    from marketplace.translation.models import TranslationJob

    return {"translation": TranslationJob, "claim_review": ClaimReview,
            "compliance_check": ComplianceCheckJob}[kind]


def requests_per_listing(server) -> Counter:
    """Claim review requests by the listing they reviewed (its title names it)."""
    counts: Counter = Counter()
    for request in server.requests:
        content = request.body["messages"][1]["content"]
        if '"items"' not in content and (match := TITLE.search(content)):
            counts[int(match.group(1))] += 1
    return counts


def work_done(jobs: dict[str, list[int]], server) -> dict[str, dict[int, tuple[int, int]]]:
    """Per kind and job: (model requests, writes of the result), each counted the way one run
    would make exactly `EXPECTED[kind]` of them. Translations: texts sent to the model, and
    translation rows written (history rows: an item written twice shows). Reviews: requests
    about the listing, and times the review was completed (its history). Checks: requests of
    their AI review, and completed reviews of the listing."""
    from marketplace.catalog.models import Listing, ListingTranslation
    from marketplace.compliance.models import ComplianceCheckJob
    from marketplace.compliance_review.models import ClaimReview
    from marketplace.translation.models import TranslationJobItem

    sent = Counter(item["key"] for request in server.requests
                   for item in json.loads(request.body["messages"][1]["content"])
                   .get("items", []))
    reviews = requests_per_listing(server)
    number_of = {pk: int(TITLE.search(title).group(1))
                 for pk, title in Listing.objects.values_list("pk", "title")}
    writes = Counter(ListingTranslation.history.values_list("listing_id", "language"))
    work: dict[str, dict[int, tuple[int, int]]] = {kind: {} for kind in jobs}
    for job_id in jobs["translation"]:
        pairs = list(TranslationJobItem.objects.filter(job_id=job_id)
                     .values_list("listing_id", "language"))
        texts = sum(sent[f"L{listing}.{language}.{field}"] for listing, language in pairs
                    for field in ("title", "description"))
        work["translation"][job_id] = (texts, sum(writes[pair] for pair in pairs))
    for review in ClaimReview.objects.filter(pk__in=jobs["claim_review"]):
        work["claim_review"][review.pk] = (reviews[number_of[review.listing_id]],
                                           review.history.filter(status="completed").count())
    for job in ComplianceCheckJob.objects.filter(pk__in=jobs["compliance_check"]):
        work["compliance_check"][job.pk] = (
            reviews[number_of[job.listing_id]],
            ClaimReview.objects.filter(listing_id=job.listing_id, status="completed").count())
    return work


def reviews_in_database() -> str:
    """Every claim review by status, and how many of them compliance checks made."""
    from marketplace.compliance_review.models import ClaimReview

    statuses = Counter(ClaimReview.objects.values_list("status", flat=True))
    of_checks = ClaimReview.objects.filter(check_job__isnull=False).count()
    return f"{dict(sorted(statuses.items()))}, {of_checks} of them made by compliance checks"


def unfinished_reviews() -> int:
    """Claim reviews of any job still queued or running: half-written work left behind."""
    from marketplace.compliance_review.models import ClaimReview

    return ClaimReview.objects.filter(status__in=("queued", "running")).count()


def expected(kind: str) -> tuple[int, int]:
    """What one run of a job makes: (model requests, writes)."""
    if kind == "translation":
        items = LISTINGS_PER_JOB * len(LANGUAGES)
        return 2 * items, items
    return 1, 1


def sweep_once() -> int:
    from marketplace.celery import app
    from marketplace.ops.dispatch import resend_queued_jobs

    app.loader.import_default_modules()  # each tasks module registers its kind
    return resend_queued_jobs()


def resent_in_logs(data_dir: Path) -> int:
    """Jobs the sweeps re-sent, as their log lines say."""
    found = re.compile(rb"re-sent (\d+) queued or orphaned job")
    return sum(int(match.group(1)) for log in data_dir.glob("worker-*.log")
               for match in found.finditer(log.read_bytes()))


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISS"


def main() -> None:
    if not Path(REDIS_SERVER).is_absolute() or not reachable(DATABASE_URL):
        print(f"skipped: PostgreSQL ({DATABASE_URL}) is not reachable or redis-server is not "
              "installed")
        return
    try:
        recreate_database(DATABASE_URL)
    except Skip as exc:
        print(f"skipped: {exc}")
        return
    data_dir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    redis = Redis(data_dir)
    redis.start()
    server = fake_model()
    env = environment(data_dir, redis.url, server.base_url)
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone
    started = time.perf_counter()
    jobs = prepare()
    print(f"data: EU pack, {sum(len(ids) for ids in jobs.values())} jobs "
          f"({', '.join(f'{len(ids)} {kind}' for kind, ids in jobs.items())}) in "
          f"{time.perf_counter() - started:.0f} s; model latency {LATENCY} s, leases {LEASE} s, "
          f"sweep every {SWEEP} s, visibility timeout {VISIBILITY} s")
    workers: list[subprocess.Popen] = []
    beat = None
    held: dict[str, set[int]] = {}
    try:
        fault_started = time.monotonic()
        workers = [start_worker(env, data_dir / f"worker-{n}.log", f"w{n}")
                   for n in range(WORKERS + 1)]
        beat = start_beat(env, data_dir)
        send_all(jobs)
        victim = half_way_translation(workers, timeout=60)
        if victim is None:
            raise SystemExit("no translation job got half way within 60 s; see " + str(data_dir))
        group = workers[victim].pid
        held = held_by(group)
        killed_wall = timezone.now()
        os.killpg(group, signal.SIGKILL)
        workers[victim].wait()
        killed_at = time.monotonic() - fault_started
        print(f"\nSIGKILLed worker w{victim} (process group {group}) at {killed_at:.1f} s, "
              f"holding {describe(held, jobs)}")
        time.sleep(1.0)
        waiting = {kind: len(ids) - finished(kind, ids) for kind, ids in jobs.items()}
        redis.stop()
        time.sleep(1.0)
        redis.start()
        print(f"restarted Redis at {time.monotonic() - fault_started:.1f} s (empty: no "
              f"persistence), {sum(waiting.values())} jobs not finished then")
        complete = wait_for_all(jobs, fault_started + DEADLINE)
        seconds = time.monotonic() - fault_started
        again = sweep_once()
        work = work_done(jobs, server)
        unfinished = unfinished_reviews()
        reviews_by_status = reviews_in_database()
        ended = [model_of(kind).objects.get(pk=pk).finished_at
                 for kind, ids in held.items() for pk in ids if pk in jobs[kind]]
        taken_over = [f"{(end - killed_wall).total_seconds():.1f}" if end else "never"
                      for end in ended]
    finally:
        for process in [*workers, *([beat] if beat else [])]:
            stop(process)
        server.stop()
        redis.stop()
    print(f"all jobs finished: {complete}, {seconds:.1f} s after they were sent "
          f"(sweeps re-sent {resent_in_logs(data_dir)} job(s); a last sweep re-sent {again})")
    print(f"the killed worker's jobs finished {', '.join(taken_over)} s "
          f"after the kill (lease {LEASE} s + sweep every {SWEEP} s + the rest of the job)")
    print(f"claim reviews in the database: {reviews_by_status}")
    print(f"\n{'kind':<18}{'finished':>9}{'requests':>10}{'writes':>8}  per job: requests/"
          "writes (one run: the expected)")
    summary = []
    for kind, ids in jobs.items():
        requests_one, writes_one = expected(kind)
        done = finished(kind, ids)
        per_job = work[kind]
        print(f"{kind:<18}{done:>6}/{len(ids):<2}{sum(r for r, _ in per_job.values()):>10}"
              f"{sum(w for _, w in per_job.values()):>8}  "
              + " ".join(f"{pk}:{r}/{w}{'*' if pk in held.get(kind, ()) else ''}"
                         for pk, (r, w) in sorted(per_job.items()))
              + f"  (expected {requests_one}/{writes_one}; * held by the killed worker)")
        summary.append((f"{kind}: jobs finished", f"{done}/{len(ids)}", "all",
                        verdict(done == len(ids))))
        others = {pk: rw for pk, rw in per_job.items() if pk not in held.get(kind, ())}
        exact = sum(1 for rw in others.values() if rw == (requests_one, writes_one))
        summary.append((f"{kind}: others' work exactly once", f"{exact}/{len(others)}",
                        "all", verdict(exact == len(others))))
        # A write is the result made visible (a check's: its completed review): never twice,
        # even for the killed one.
        twice = sum(1 for _, w in per_job.values() if w > writes_one)
        summary.append((f"{kind}: results written twice", str(twice), "0",
                        verdict(twice == 0)))
    summary.append(("jobs re-sent by a last sweep", str(again), "0", verdict(again == 0)))
    summary.append(("reviews left unfinished (queued, running)", str(unfinished), "0",
                    verdict(unfinished == 0)))
    summary.append(("fault section", f"{seconds:.0f} s", f"< {TARGET} s",
                    verdict(complete and seconds < TARGET)))
    print(f"\n{'figure':<46}{'got':>10}  {'target':<10}verdict")
    for figure, got, target, outcome in summary:
        print(f"{figure:<46}{got:>10}  {target:<10}{outcome}")
    if os.environ.get("BENCH_FAULTS_KEEP") == "1":
        print(f"kept {data_dir} (worker and beat logs)")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
