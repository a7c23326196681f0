"""Load and fault figures of the production profile (issue 14): gunicorn with 2 workers and
MARKETPLACE_ENV=production on PostgreSQL and Redis, driven over the loopback.

Run with `make bench`, or alone: `python bench/load.py`. Needs PostgreSQL (BENCH_DATABASE_URL,
default postgres://marketplace:marketplace@127.0.0.1:5432/bench_load, recreated each run: the
role needs CREATEDB) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/7, flushed each
run); without them it says so and skips. It prints:

1. requests/s and p50/p95/p99 of the localized list (DE/de business, FR/fr consumer,
   US/en-US), a listing's detail and quote creation at concurrency 10 and 50, each beside
   /api/v1/regions/ on the same server as a ratio (target for the lists: at least 0.5);
2. 20 concurrent orders with one Idempotency-Key: orders created (target 1) and the statuses
   (target: 201 only, no 409);
3. PostgreSQL unreachable for 10 s under load: 503s against 500s (target: no 500) and the time
   to recovery once it is back. The cluster is shared, so the server reaches PostgreSQL through
   a TCP proxy of this script (bench/loadkit/proxy.py) and the proxy is what stops;
4. a summary table: figure, target, OK/MISS.

Figures are advisory: on a shared machine other processes take CPU from both sides. Timings are
printed, never asserted. BENCH_LOAD_SECONDS (default 3) sets each load run's length.
"""

from __future__ import annotations

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.client import Request, Run, hammer, send  # noqa: E402
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


def flush_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as exc:
        raise Skip(f"Redis at {url}: {exc}") from exc


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our interpreter, our arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_data(env: dict[str, str]) -> None:
    """What `make run` loads (bin/run), plus generated listings: demo commands refuse to run in
    production, so this runs with the development settings on the same database."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_region", "--all", "--verbosity", "0")
    manage(env, "load_rates")
    manage(env, "compile_translations")
    manage(env, "load_demo_users")
    manage(env, "load_demo")
    manage(env, "generate_listings", "--count", str(GENERATED_LISTINGS))
    for region in manage(env, "list_packs").split():
        manage(env, "check_compliance", "--region", region)


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


def post(path: str, body: dict) -> Request:
    return ("POST", path, json.dumps(body).encode())


def find_orderable(server: Server) -> tuple[int, dict]:
    """A listing of the German business list that can be quoted, and a body that quotes it."""
    status, page = server.get(LISTS["list DE/de business"] + "&page_size=100")
    if status != 200:
        raise SystemExit(f"the DE list answered {status}: {page}")
    for item in page["results"]:
        for quantity in (10, 100, 1000):
            body = {**GERMAN_BUSINESS, "lines": [{"listing": item["id"], "quantity": quantity}]}
            status, quoted = server.call(post("/api/v1/checkout/quotes/", body))
            if status == 201 and quoted["shipping_options"][0]["payment_methods"]:
                return item["id"], body
    raise SystemExit("no listing of the DE business list could be quoted")


def measure(server: Server, requests: dict[str, object]) -> dict[tuple[str, int], dict]:
    """Each endpoint at each concurrency; /api/v1/regions/ runs right before the others at the
    same concurrency, so their ratio shares the machine's load of that moment."""
    figures: dict[tuple[str, int], dict] = {}
    for concurrency in CONCURRENCIES:
        for label, next_request in requests.items():
            run = hammer(server.port, next_request, concurrency, SECONDS)
            figure = latency_summary(run.ok_latencies(), run.seconds)
            figure["errors"] = sum(n for status, n in run.statuses().items()
                                   if not 200 <= status < 300)
            figures[label, concurrency] = figure
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
    option = quoted["shipping_options"][0]
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


def database_outage(server: Server, proxy: Proxy, path: str) -> dict:
    """Load at concurrency 10 while the proxy to PostgreSQL is down for OUTAGE_SECONDS."""
    before, total = 4.0, 4.0 + OUTAGE_SECONDS + 10.0
    stopped_at = restarted_at = 0.0  # perf_counter() instants

    def outage() -> None:
        nonlocal stopped_at, restarted_at
        time.sleep(before)
        proxy.stop()
        stopped_at = time.perf_counter()
        time.sleep(OUTAGE_SECONDS)
        proxy.start()
        restarted_at = time.perf_counter()

    fault = threading.Thread(target=outage)
    fault.start()
    run: Run = hammer(server.port, lambda: ("GET", path, None), 10, total)
    fault.join()
    samples = [(run.began + offset, status, ms) for offset, status, ms in run.samples]
    return {"statuses": Counter(status for sent, status, _ in samples if sent >= stopped_at),
            "recovery": recovery_seconds(samples, restarted_at)}


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
    prepare_data(base)
    print(f"data: demo catalog + {GENERATED_LISTINGS:,} generated listings "
          f"({time.perf_counter() - started:.0f} s)")

    production = {**base, "MARKETPLACE_ENV": "production", "SECRET_KEY": "bench-" + "x" * 50,
                  "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false",
                  "LOG_FORMAT": "json"}
    proxy = Proxy(urllib.parse.urlsplit(DATABASE_URL).port or 5432)
    proxied = urllib.parse.urlsplit(DATABASE_URL)
    proxied = proxied._replace(netloc=proxied.netloc.replace(
        f":{proxy.target_port}", f":{proxy.port}")).geturl()
    server = Server(production, data_dir / "gunicorn.log")
    faulty = Server({**production, "DATABASE_URL": proxied}, data_dir / "gunicorn-proxied.log")
    summary: list[tuple[str, str, str, str]] = []
    try:
        server.start()
        print(f"gunicorn: {WORKERS} workers x {THREADS} threads, MARKETPLACE_ENV=production, "
              f"{SECONDS:g} s per run")
        listing, quote_body = find_orderable(server)
        detail = (f"/api/v1/listings/{listing}/?region=eu&country=DE&lang=de&buyer=business")
        requests = {TRIVIAL: lambda: ("GET", TRIVIAL, None)}
        requests |= {label: (lambda p=path: ("GET", p, None)) for label, path in LISTS.items()}
        requests["listing detail DE"] = lambda: ("GET", detail, None)
        requests["quote creation DE"] = lambda: post("/api/v1/checkout/quotes/", quote_body)
        figures = measure(server, requests)
        print(f"\n{'endpoint':<24}{'conc':>5}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
              f"{'p99 ms':>9}{'errors':>8}  ratio to {TRIVIAL}")
        for concurrency in CONCURRENCIES:
            trivial = figures[TRIVIAL, concurrency]["rps"] or 1.0
            for label in requests:
                figure = figures[label, concurrency]
                ratio = figure["rps"] / trivial
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

        proxy.start()
        faulty.start()
        log_start = faulty.log_path.stat().st_size
        outage = database_outage(faulty, proxy, LISTS["list DE/de business"])
        errors, tracebacks = error_lines(faulty.log_path, log_start)
        statuses = outage["statuses"]
        others = {s: n for s, n in statuses.items() if s not in (200, 500, 503)}
        recovery = outage["recovery"]
        print(f"\nPostgreSQL unreachable {OUTAGE_SECONDS} s under load (concurrency 10): "
              f"{statuses.get(503, 0)} x 503, {statuses.get(500, 0)} x 500, "
              f"{statuses.get(200, 0)} x 200, other {others or 'none'}; recovered "
              + (f"{recovery:.2f} s after PostgreSQL came back" if recovery is not None
                 else "NOT by the end of the run"))
        failed = sum(n for status, n in statuses.items() if status != 200)
        per_failure = errors / failed if failed else 0.0
        print(f"server log: {errors} error lines ({per_failure:.2f} per failed request), "
              f"{tracebacks} traceback lines")
        summary.append(("PostgreSQL down: 500s", str(statuses.get(500, 0)), "0",
                        verdict(statuses.get(500, 0) == 0)))
        summary.append(("PostgreSQL down: 503s", str(statuses.get(503, 0)), "> 0",
                        verdict(statuses.get(503, 0) > 0)))
        summary.append(("PostgreSQL down: error log lines per failure",
                        f"{per_failure:.2f}", "<= 1, no traceback",
                        verdict(per_failure <= 1 and tracebacks == 0)))
        summary.append(("recovery after PostgreSQL is back",
                        f"{recovery:.2f} s" if recovery is not None else "none",
                        "by itself, < 10 s", verdict(recovery is not None and recovery < 10)))
    finally:
        server.stop()
        faulty.stop()
        proxy.stop()
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
