"""Load and fault figures of the production profile (issue 14): gunicorn with 2 workers and
MARKETPLACE_ENV=production on PostgreSQL and Redis, driven over the loopback.

Run with `make bench`, or alone: `python bench/load.py`. Needs PostgreSQL (BENCH_DATABASE_URL,
default postgres://marketplace:marketplace@127.0.0.1:5432/bench_load, recreated each run: the
role needs CREATEDB) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/7, flushed each
run); without them it says so and skips. It prints:

1. requests/s and p50/p95/p99 of the localized list (DE/de business, FR/fr consumer,
   US/en-US), a listing's detail and quote creation at concurrency 10 and 50, each beside
   /api/v1/regions/ on the same server as a ratio, to the regions runs right before and
   after it (`measure`; target for the lists: at least 0.5). The
   listing is found as a client finds it (bench/loadkit/orderable.py): the DE list walked by
   cursor, a summary that says it sells, its `url`, a quote of the detail's least order;
2. 20 concurrent orders with one Idempotency-Key: orders created (target 1) and the statuses
   (target: 201 only, no 409);
3. PostgreSQL unreachable for 10 s under load (the list and quote creation): 503s against 500s
   (target: no 500), error log lines per failure (target: one, no traceback) and the time to
   recovery once it is back. The cluster is shared, so the server reaches PostgreSQL through a
   TCP proxy of this script (bench/loadkit/proxy.py) and the proxy is what stops;
4. Redis (broker and cache) unreachable for 10 s the same way, while 5 compliance checks are
   asked for: each accepted (202) in under 2 s, then done once a worker runs and the sweeper
   (marketplace.ops.dispatch) re-sends them, and nothing re-sent by a second sweep;
5. a summary table: figure, target, OK/MISS.

Figures are advisory: on a shared machine other processes take CPU from both sides. Timings are
printed, never asserted. BENCH_LOAD_SECONDS (default 3) sets each load run's length,
BENCH_LOAD_LISTINGS (default 2000) the generated listings, BENCH_LOAD_KEEP=1 keeps the logs.
A worker SIGKILLed mid-job and a Redis restart are bench/faults.py's (short leases, its own
redis-server).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.client import Request, Run, hammer, send  # noqa: E402
from loadkit.orderable import NothingOrderable, Orderable  # noqa: E402
from loadkit.orderable import find_orderable as walk_to_orderable  # noqa: E402
from loadkit.stats import latency_summary, recovery_seconds  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://marketplace:marketplace@127.0.0.1:5432/bench_load")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "3"))
GENERATED_LISTINGS = int(os.environ.get("BENCH_LOAD_LISTINGS", "2000"))
CONCURRENCIES = (10, 50)
WORKERS = 2
THREADS = 4
OUTAGE_SECONDS = 10
BIN = Path(sys.executable).parent
PROXY = Path(__file__).resolve().parent / "loadkit" / "proxy.py"

LISTS = {
    "list DE/de business": "/api/v1/listings/?region=eu&country=DE&lang=de&buyer=business",
    "list FR/fr consumer": "/api/v1/listings/?region=eu&country=FR&lang=fr&buyer=consumer",
    "list US/en-US": "/api/v1/listings/?region=us&country=US&lang=en-US",
}
TRIVIAL = "/api/v1/regions/"
GERMAN_BUYER = {
    "company_name": "Berliner Großküchen GmbH", "name": "Anna Schmidt",
    "email": "anna@example.com", "phone": "030 901820", "vat_id": "DE136695976",
    "street_address": "Unter den Linden 1", "postal_code": "10117", "city": "Berlin",
}
GERMAN_BUSINESS = {"region": "eu", "country": "DE", "lang": "de", "buyer": "business",
                   "vat_id": "DE136695976"}


class Skip(Exception):
    """A service the benchmark needs is not there."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reachable(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=2).close()
    except OSError:
        return False
    return True


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    # Any other database of the cluster serves to drop and create ours.
    admin = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise Skip(f"cannot create the database {name}: {exc}".strip()) from exc


def settle_database(url: str) -> None:
    """VACUUM ANALYZE after the bulk load: otherwise autovacuum starts on the fresh rows
    during the first timed runs, and the endpoint that happens to run then is measured
    against it (list DE once read 0.30x that way, 0.57x a minute later)."""
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        connection.execute("VACUUM ANALYZE")


def flush_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as exc:
        raise Skip(f"Redis at {url}: {exc}") from exc


# What `make run` loads (bin/run), plus generated listings, in one process (one Django start
# instead of one per command). Prints each step's seconds.
PREPARE = """
import io, sys, time
import django
django.setup()
from django.core.management import call_command
from regions.core.packs import installed_packs

def run(*args):
    started = time.perf_counter()
    call_command(*args, stdout=io.StringIO())
    return f"{args[0]} {time.perf_counter() - started:.0f} s"

steps = [run("migrate", "--noinput"), run("load_region", "--all"), run("load_rates"),
         run("compile_translations"), run("load_demo_users"), run("load_demo"),
         run("generate_listings", "--count", sys.argv[1])]
started = time.perf_counter()
for region in sorted(installed_packs()):
    call_command("check_compliance", "--region", region, stdout=io.StringIO())
steps.append(f"check_compliance {time.perf_counter() - started:.0f} s")
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
print(Token.objects.get_or_create(user=admin)[0].key)  # for the compliance-check API
print(", ".join(steps))
"""


def prepare_data(env: dict[str, str]) -> tuple[str, str]:
    """The demo data and generated listings, with the development settings: demo commands
    refuse to run in production. Returns each step's time and an API token of the admin."""
    result = subprocess.run(  # noqa: S603 (our interpreter, our arguments)
        [sys.executable, "-c", PREPARE, str(GENERATED_LISTINGS)], cwd=ROOT, env=env,
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"preparing the data failed:\n{result.stderr[-3000:]}")
    token, steps = result.stdout.strip().splitlines()[-2:]
    return steps, token


class Proxy:
    """bench/loadkit/proxy.py in a process of its own, so that forwarding costs this process's
    load client no CPU, and stopping it drops every connection at once."""

    def __init__(self, target_port: int) -> None:
        self.port = free_port()
        self.target_port = target_port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(PROXY), str(self.port), str(self.target_port)],
            stdout=subprocess.PIPE, text=True)
        self.process.stdout.readline()  # "ready"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Server:
    """gunicorn as bin/serve starts it (production settings, --preload, 2 workers), with
    threads: keep-alive for the load client, and true concurrency for the order race."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "marketplace.wsgi:application",
             "--config", "python:marketplace.gunicorn_conf", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(WORKERS), "--threads", str(THREADS), "--preload",
             "--timeout", "30", "--graceful-timeout", "5", "--no-control-socket",
             "--error-logfile", "-"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}:\n"
                                 f"{self.log_path.read_text()[-3000:]}")
            if self.get("/health/ready")[0] == 200:
                return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn never became ready; see {self.log_path}")

    def get(self, path: str) -> tuple[int, dict]:
        return self.call(("GET", path, None))

    def call(self, request: Request, headers: dict[str, str] | None = None) -> tuple[int, dict]:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            status, payload = send(connection, request, headers)
        finally:
            connection.close()
        try:
            return status, json.loads(payload or b"null")
        except ValueError:
            return status, {"raw": payload[:200].decode(errors="replace")}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def through_proxy(url: str, default_port: int) -> tuple[Proxy, str]:
    """A proxy to the service of `url`, and the URL that reaches the service through it."""
    parts = urllib.parse.urlsplit(url)
    proxy = Proxy(parts.port or default_port)
    return proxy, parts._replace(netloc=f"{parts.netloc.rsplit('@', 1)[0]}@127.0.0.1:{proxy.port}"
                                 if "@" in parts.netloc else f"127.0.0.1:{proxy.port}").geturl()


def post(path: str, body: dict) -> Request:
    return ("POST", path, json.dumps(body).encode())


def listings_of(server: Server, count: int) -> list[int]:
    _, page = server.get(LISTS["list DE/de business"] + f"&page_size={count}")
    return [item["id"] for item in page["results"]]


def find_orderable(server: Server) -> Orderable:
    """A listing of the German business list that can be quoted, found as a client would
    (bench/loadkit/orderable.py: list by cursor, a sellable summary's `url`, then a quote)."""
    try:
        return walk_to_orderable(server.get, lambda body: server.call(
            post("/api/v1/checkout/quotes/", body)),
            LISTS["list DE/de business"] + "&page_size=100", GERMAN_BUSINESS)
    except NothingOrderable as exc:
        raise SystemExit(str(exc)) from None


def measure(server: Server, requests: dict[str, object]) -> dict[tuple[str, int], dict]:
    """Each endpoint at each concurrency, after a warm-up run of each. /api/v1/regions/ runs
    right before and right after each of the others, and an endpoint's `ratio` is to the mean
    of those two runs: on a shared machine throughput drifts by tens of percent within a
    minute, and the ratio must compare the two endpoints under the same load. The regions
    row shows the mean of all its runs at that concurrency."""
    def run(next_request, concurrency: int, seconds: float = SECONDS) -> dict:
        done = hammer(server.port, next_request, concurrency, seconds)
        figure = latency_summary(done.ok_latencies(), done.seconds)
        figure["errors"] = sum(n for status, n in done.statuses().items()
                               if not 200 <= status < 300)
        return figure

    trivial = requests[TRIVIAL]
    for next_request in requests.values():  # connections, caches and the JIT-less warm-up
        run(next_request, CONCURRENCIES[0], seconds=1)
    figures: dict[tuple[str, int], dict] = {}
    for concurrency in CONCURRENCIES:
        trivial_runs = [run(trivial, concurrency)]
        for label, next_request in requests.items():
            if label == TRIVIAL:
                continue
            figure = run(next_request, concurrency)
            trivial_runs.append(run(trivial, concurrency))
            figure["ratio"] = figure["rps"] / (
                (trivial_runs[-2]["rps"] + trivial_runs[-1]["rps"]) / 2 or 1.0)
            figures[label, concurrency] = figure
        mean = {key: sum(r[key] for r in trivial_runs) / len(trivial_runs)
                for key in ("rps", "p50", "p95", "p99")}
        figures[TRIVIAL, concurrency] = {**mean, "ratio": 1.0,
                                         "errors": sum(r["errors"] for r in trivial_runs)}
    return figures


def orders_of_quote(quote_id: str) -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL, connect_timeout=5) as connection:
        return connection.execute("SELECT count(*) FROM checkout_order WHERE quote_id = %s",
                                  (quote_id,)).fetchone()[0]


def order_race(server: Server, quote_body: dict) -> tuple[int, Counter, int]:
    """20 simultaneous POSTs of one order with one key: (orders in the database, statuses,
    distinct order ids answered)."""
    status, quoted = server.call(post("/api/v1/checkout/quotes/", quote_body))
    if status != 201:
        raise SystemExit(f"quote for the order race answered {status}: {quoted}")
    option = next(option for option in quoted["shipping_options"] if option["payment_methods"])
    body = {"quote": quoted["id"], "payment_method": option["payment_methods"][0],
            "shipping_option": option["id"], "buyer": GERMAN_BUYER}
    start = threading.Barrier(20)
    answers: list[tuple[int, dict]] = []

    def click() -> None:
        start.wait()
        answers.append(server.call(post("/api/v1/orders/", body),
                                   {"Idempotency-Key": f"bench-{quoted['id']}"}))

    threads = [threading.Thread(target=click) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = {payload.get("id") for status, payload in answers if status == 201}
    return orders_of_quote(quoted["id"]), Counter(status for status, _ in answers), len(ids)


def outage_run(server: Server, proxy: Proxy, next_request: Callable[[], Request]) -> dict:
    """Load at concurrency 10 while `proxy` (to PostgreSQL or Redis) is down for
    OUTAGE_SECONDS: the statuses seen from the moment it stopped, and the recovery time."""
    before, after = 4.0, 6.0
    stopped_at = restarted_at = 0.0  # perf_counter() instants

    def outage() -> None:
        nonlocal stopped_at, restarted_at
        time.sleep(before)
        stopped_at = time.perf_counter()  # before: a request failed by the stop ends after it
        proxy.stop()
        time.sleep(OUTAGE_SECONDS)
        proxy.start()
        restarted_at = time.perf_counter()

    fault = threading.Thread(target=outage)
    fault.start()
    run: Run = hammer(server.port, next_request, 10, before + OUTAGE_SECONDS + after)
    fault.join()
    samples = [(run.began + offset, status, ms) for offset, status, ms in run.samples]
    # Answered once it had stopped (a request in flight then fails too).
    return {"statuses": Counter(status for sent, status, ms in samples
                                if sent + ms / 1000 >= stopped_at),
            "recovery": recovery_seconds(samples, restarted_at)}


def report_outage(service: str, server: Server, proxy: Proxy, paths: list[Request],
                  summary: list, during: Callable[[], None] | None = None) -> None:
    """One outage run against `paths` in turn, printed and added to the summary; `during`
    runs in the middle of the outage."""
    turns = itertools.count()
    log_start = server.log_path.stat().st_size
    side = threading.Timer(5.0, during) if during else None
    if side is not None:
        side.start()
    outage = outage_run(server, proxy, lambda: paths[next(turns) % len(paths)])
    if side is not None:
        side.join()
    errors, tracebacks = error_lines(server.log_path, log_start)
    statuses, recovery = outage["statuses"], outage["recovery"]
    failed = sum(n for status, n in statuses.items() if not 200 <= status < 300)
    per_failure = errors / failed if failed else 0.0
    print(f"\n{service} unreachable {OUTAGE_SECONDS} s under load (concurrency 10; "
          f"{', '.join(path.split('?')[0] for _, path, _ in paths)}): statuses since it "
          f"stopped {dict(sorted(statuses.items()))}; recovered "
          + (f"{recovery:.2f} s after it came back" if recovery is not None
             else "NOT by the end of the run"))
    print(f"server log: {errors} error lines ({per_failure:.2f} per failed request), "
          f"{tracebacks} traceback lines")
    summary.append((f"{service} down: 500s", str(statuses.get(500, 0)), "0",
                    verdict(statuses.get(500, 0) == 0)))
    summary.append((f"{service} down: error log lines per failure", f"{per_failure:.2f}",
                    "<= 1, no traceback", verdict(per_failure <= 1 and tracebacks == 0)))
    summary.append((f"recovery after {service} is back",
                    f"{recovery:.2f} s" if recovery is not None else "none",
                    "by itself, < 10 s", verdict(recovery is not None and recovery < 10)))


def queue_checks(server: Server, token: str, listings: list[int],
                 seconds: list[float]) -> dict[int, int]:
    """POSTs a compliance check of each listing: {job id: status} (a negative id for a
    request that made no job); each request's time goes to `seconds`."""
    jobs = {}
    for number, listing in enumerate(listings):
        started = time.perf_counter()
        status, answer = server.call(
            post(f"/api/v1/listings/{listing}/compliance-checks/", {"region": "eu"}),
            {"Authorization": f"Token {token}"})
        seconds.append(time.perf_counter() - started)
        jobs[answer.get("job", -number - 1) if isinstance(answer, dict) else -number - 1] = status
    return jobs


def check_jobs(job_ids: list[int]) -> Counter:
    import psycopg

    with psycopg.connect(DATABASE_URL, connect_timeout=5) as connection:
        return Counter(dict(connection.execute(
            "SELECT status, count(*) FROM regions_compliance_compliancecheckjob "
            "WHERE id = ANY(%s) GROUP BY status", (job_ids,)).fetchall()))


def jobs_after_outage(env: dict[str, str], job_ids: list[int], log_path: Path) -> tuple:
    """A Celery worker on the real Redis, the sweeper run once (as beat would, with no wait),
    then up to 60 s for the jobs: (statuses, seconds, jobs the sweep re-sent, jobs a second
    sweep re-sent)."""
    env = {**env, "JOBS_RESEND_AFTER_SECONDS": "0"}
    log = log_path.open("ab")
    worker = subprocess.Popen(  # noqa: S603
        [str(BIN / "celery"), "-A", "marketplace", "worker", "--concurrency", "1",
         "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    # As beat has a worker run it: with every tasks module imported (each registers its jobs).
    sweep = [sys.executable, "-c", "import django; django.setup(); from marketplace.celery "
             "import app; app.loader.import_default_modules(); from marketplace.ops.dispatch "
             "import resend_queued_jobs; print(resend_queued_jobs())"]
    started = time.perf_counter()
    try:
        sent = subprocess.run(sweep, cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                              check=True).stdout.strip().splitlines()[-1]
        while time.perf_counter() - started < 60:
            statuses = check_jobs(job_ids)
            if statuses.get("done", 0) + statuses.get("failed", 0) == len(job_ids):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        again = subprocess.run(sweep, cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                               check=True).stdout.strip().splitlines()[-1]
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return statuses, seconds, int(sent), int(again)


def error_lines(log_path: Path, since_byte: int) -> tuple[int, int]:
    """(error lines, traceback lines) the server logged after `since_byte`."""
    errors = tracebacks = 0
    with log_path.open("rb") as log:
        log.seek(since_byte)
        for line in log:
            errors += b'"level":"ERROR"' in line or b'"level":"CRITICAL"' in line
            tracebacks += b"Traceback" in line
    return errors, tracebacks


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISS"


def main() -> None:
    if not (reachable(DATABASE_URL) and reachable(REDIS_URL)):
        print(f"skipped: PostgreSQL ({DATABASE_URL}) or Redis ({REDIS_URL}) is not reachable")
        return
    try:
        recreate_database(DATABASE_URL)
        flush_redis(REDIS_URL)
    except Skip as exc:
        print(f"skipped: {exc}")
        return
    data_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    base = {key: value for key, value in os.environ.items()
            if key not in ("MARKETPLACE_ENV", "DEBUG", "SECRET_KEY", "CACHE_URL")}
    base.update({"MARKETPLACE_DATA_DIR": str(data_dir), "DATABASE_URL": DATABASE_URL,
                 "CELERY_BROKER_URL": REDIS_URL, "CACHE_URL": REDIS_URL,
                 "DJANGO_SETTINGS_MODULE": "marketplace.settings"})
    started = time.perf_counter()
    steps, token = prepare_data(base)
    print(f"data: demo catalog + {GENERATED_LISTINGS:,} generated listings in "
          f"{time.perf_counter() - started:.0f} s ({steps})")
    settle_database(DATABASE_URL)

    production = {**base, "MARKETPLACE_ENV": "production", "SECRET_KEY": "bench-" + "x" * 50,
                  "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false",
                  "LOG_FORMAT": "json"}
    database_proxy, database_via_proxy = through_proxy(DATABASE_URL, 5432)
    redis_proxy, redis_via_proxy = through_proxy(REDIS_URL, 6379)
    server = Server(production, data_dir / "gunicorn.log")
    faulty = Server({**production, "DATABASE_URL": database_via_proxy,
                     "CELERY_BROKER_URL": redis_via_proxy, "CACHE_URL": redis_via_proxy},
                    data_dir / "gunicorn-proxied.log")
    summary: list[tuple[str, str, str, str]] = []
    try:
        server.start()
        print(f"gunicorn: {WORKERS} workers x {THREADS} threads, MARKETPLACE_ENV=production, "
              f"{SECONDS:g} s per run")
        orderable = find_orderable(server)
        quote_body, detail = orderable.quote_body, orderable.detail_path
        print(f"quoted: listing {orderable.listing} "
              f"({quote_body['lines'][0]['quantity']} units), found through the list")
        check_listings = listings_of(server, 5)
        requests = {TRIVIAL: lambda: ("GET", TRIVIAL, None)}
        requests |= {label: (lambda p=path: ("GET", p, None)) for label, path in LISTS.items()}
        requests["listing detail DE"] = lambda: ("GET", detail, None)
        requests["quote creation DE"] = lambda: post("/api/v1/checkout/quotes/", quote_body)
        figures = measure(server, requests)
        print(f"\n{'endpoint':<24}{'conc':>5}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
              f"{'p99 ms':>9}{'errors':>8}  ratio to {TRIVIAL}")
        for concurrency in CONCURRENCIES:
            for label in requests:
                figure = figures[label, concurrency]
                ratio = figure["ratio"]
                print(f"{label:<24}{concurrency:>5}{figure['rps']:>8.1f}{figure['p50']:>9.0f}"
                      f"{figure['p95']:>9.0f}{figure['p99']:>9.0f}{figure['errors']:>8}"
                      f"  {ratio:.2f}")
                if label in LISTS:
                    summary.append((f"{label} at {concurrency}: req/s vs regions",
                                    f"{ratio:.2f}x", ">= 0.50x", verdict(ratio >= 0.5)))
                if figure["errors"]:
                    summary.append((f"{label} at {concurrency}: errors", str(figure["errors"]),
                                    "0", "MISS"))

        orders, statuses, ids = order_race(server, quote_body)
        print(f"\n20 concurrent orders, one Idempotency-Key: {orders} order(s) in the database, "
              f"{ids} distinct id(s) answered; statuses {dict(sorted(statuses.items()))}")
        summary.append(("orders from 20 same-key POSTs", str(orders), "1", verdict(orders == 1)))
        summary.append(("same-key statuses", " ".join(f"{s}x{n}" for s, n in
                                                      sorted(statuses.items())),
                        "201 only (no 409)", verdict(set(statuses) == {201})))
        server.stop()

        database_proxy.start()
        redis_proxy.start()
        faulty.start()
        # The list and a quote: both read the database; the quote writes too.
        report_outage("PostgreSQL", faulty, database_proxy,
                      [("GET", LISTS["list DE/de business"], None),
                       post("/api/v1/checkout/quotes/", quote_body)], summary)
        # Redis is the broker and the cache: the list and a quote must not need it.
        # Meanwhile, compliance checks are asked for: each must be accepted (its message is
        # lost), then run exactly once by a worker after the sweeper re-sends it.
        checks: dict[int, int] = {}
        check_seconds: list[float] = []
        report_outage("Redis", faulty, redis_proxy,
                      [("GET", LISTS["list DE/de business"], None),
                       post("/api/v1/checkout/quotes/", quote_body)], summary,
                      during=lambda: checks.update(queue_checks(faulty, token, check_listings,
                                                                check_seconds)))
        job_ids = [job for job in checks if job > 0]
        print(f"compliance checks asked for while Redis was down: statuses "
              f"{dict(Counter(checks.values()))}, answered in "
              f"{', '.join(f'{value:.1f}' for value in check_seconds)} s")
        summary.append(("checks asked while Redis down: slowest answer",
                        f"{max(check_seconds, default=0):.1f} s", "< 2 s",
                        verdict(max(check_seconds, default=0) < 2)))
        summary.append(("checks asked while Redis down: accepted",
                        f"{sum(1 for s in checks.values() if s == 202)}/{len(check_listings)}",
                        "all 202", verdict(list(checks.values()) == [202] * len(check_listings))))
        if job_ids:
            done, seconds, sent, resent = jobs_after_outage(
                {**production, "CELERY_BROKER_URL": REDIS_URL, "CACHE_URL": REDIS_URL},
                job_ids, data_dir / "celery.log")
            print(f"the sweeper re-sent {sent}; with a worker: {dict(done)} in {seconds:.1f} s; "
                  f"a second sweep re-sent {resent}")
            summary.append(("those jobs done once Redis is back",
                            f"{done.get('done', 0)}/{len(job_ids)}", "all, by the sweeper",
                            verdict(done.get("done", 0) == len(job_ids))))
            summary.append(("dead jobs re-sent by a second sweep", str(resent), "0",
                            verdict(resent == 0)))
    finally:
        server.stop()
        faulty.stop()
        database_proxy.stop()
        redis_proxy.stop()
        if os.environ.get("BENCH_LOAD_KEEP") == "1":
            print(f"kept {data_dir} (server logs)")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)

    print(f"\n{'figure':<46}{'got':>14}  {'target':<20}verdict")
    for figure, got, target, outcome in summary:
        print(f"{figure:<46}{got:>14}  {target:<20}{outcome}")
    print(f"(whole run {time.perf_counter() - started:.0f} s; figures are advisory on a shared "
          "machine)")


if __name__ == "__main__":
    main()
