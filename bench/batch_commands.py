"""Benchmark of the batch commands at catalog scale, 10,000 listings (and 100,000 with
SCALE_BENCH_100K=1): does memory stay flat and time grow linearly?

Run with `make bench`, or alone: `python bench/batch_commands.py`. For each size a throwaway
SQLite database in a temporary folder (set TMPDIR=/dev/shm to keep a shared disk's fsyncs out
of the figures): migrated, every installed pack loaded, the listings made by
`generate_listings` (a share already translated into de, fr, nl and pl, a share of suppliers
certified). Then, each in a process of its own so its wall time and peak RSS are its own:

- `translate_listings --dry-run` (the region's languages) and `check_compliance --dry-run`;
- `check_compliance --region eu`: every listing checked and its report stored;
- `translate_listings --region eu --lang de`: the full run users start (memory first, then the
  model, in this process, no broker) against the tests' fake OpenAI-compatible server (each
  text echoed with its tokens intact, latency LATENCY), then the same command again over the
  unchanged catalog (target: 0 requests). German, because it is the EU's largest market
  language and neither source language of the generated catalog (en, zh-Hans), and because a
  share of the listings already has a reviewed de text, so the run also skips.

Printed per command: its own time (from call_command to its return: interpreter start-up and
Django setup, about 2 s, left out so they cannot hide a growth), peak RSS, listings (or
items) per second. After the 100k run, the growth of each: RSS(100k) / RSS(10k) and
time per listing(100k) / time per listing(10k). Target <= GROWTH_TARGET (1.3x) for both: a
process that held as little as 0.5 KB per listing would add 50 MB at 100k, about +35 % over
the ~140 MB a Django process starts with, while allocator slack and the database's page cache
stay well inside it; and a cost per listing that rose by a third from 10k to 100k would be
the first sign of a per-chunk cost growing with the catalog (a recount, a re-scan).
The dry runs keep their absolute target: under 60 s at 100k.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000) if os.environ.get("SCALE_BENCH_100K") == "1" else (10_000,)
TARGET_SECONDS = 60  # the dry runs, at 100k
GROWTH_TARGET = 1.3
LATENCY = 0.0  # seconds per model request: the command's own work is what is measured
LANGUAGE = "de"


@dataclass(frozen=True)
class Step:
    label: str
    args: tuple[str, ...]
    seconds_target: float | None = None  # at 100k
    requests_target: int | None = None  # model requests


STEPS = (
    Step("translate_listings --dry-run", ("translate_listings", "--region", "eu", "--dry-run"),
         TARGET_SECONDS),
    Step("check_compliance --dry-run", ("check_compliance", "--region", "eu", "--dry-run"),
         TARGET_SECONDS),
    Step("check_compliance (stores)", ("check_compliance", "--region", "eu")),
    Step(f"translate_listings {LANGUAGE} (full)",
         ("translate_listings", "--region", "eu", "--lang", LANGUAGE)),
    Step(f"translate_listings {LANGUAGE} (again)",
         ("translate_listings", "--region", "eu", "--lang", LANGUAGE), requests_target=0),
)


@dataclass(frozen=True)
class Figure:
    seconds: float
    cpu_seconds: float  # user + system, all threads: what the machine's other load leaves
    rss_mb: float
    listings: int
    items: int | None = None  # translation job items (listing-languages)
    requests: int | None = None  # model requests the command counted

    @property
    def per_listing(self) -> float:
        return self.seconds / self.listings

    @property
    def cpu_per_listing(self) -> float:
        return self.cpu_seconds / self.listings


@dataclass(frozen=True)
class Run:
    """What one command run measured of itself."""

    seconds: float
    cpu_seconds: float
    rss_mb: float  # peak RSS of the process so far: in its own process (`--one`), the command's
    output: str


def timed_command(*args: str) -> Run:
    """Run a management command here and measure it."""
    from django.core.management import call_command

    out = io.StringIO()
    cpu_before, started = _cpu(), time.perf_counter()
    call_command(*args, stdout=out)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu_before
    return Run(seconds, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               out.getvalue())


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def figure(run: Run, listings: int) -> Figure:
    """A command's figure; the translation job's items and requests read from its summary."""
    done = re.search(r"Job \d+ \w+: (\d+)/\d+ items", run.output)
    requests = re.search(r"^Requests: (\d+);", run.output, re.MULTILINE)
    return Figure(run.seconds, run.cpu_seconds, run.rss_mb, listings,
                  int(done.group(1)) if done else None,
                  int(requests.group(1)) if requests else None)


def figure_line(step: Step, size: int, fig: Figure) -> str:
    rate = (f"{fig.items / fig.seconds:8,.0f} items/s ({fig.items:,} items, "
            f"{fig.requests:,} requests)" if fig.items is not None
            else f"{fig.listings / fig.seconds:8,.0f} listings/s")
    line = (f"  {step.label:<34} {fig.seconds:6.1f} s (CPU {fig.cpu_seconds:5.1f} s)  "
            f"peak RSS {fig.rss_mb:4.0f} MB  {rate}")
    if step.seconds_target is not None and size >= 100_000:
        verdict = "OK" if fig.seconds < step.seconds_target else "ABOVE TARGET"
        line += f"; target < {step.seconds_target:.0f} s: {verdict}"
    if step.requests_target is not None:
        verdict = "OK" if fig.requests == step.requests_target else "ABOVE TARGET"
        line += f"; target {step.requests_target} requests: {verdict}"
    return line


def growth_line(label: str, small: Figure, large: Figure,
                target: float = GROWTH_TARGET) -> str:
    """RSS, wall time per listing and CPU time per listing of the large run over the small
    one, with verdicts (CPU: what is left of the figure when other processes share the
    machine)."""
    ratios = {"RSS": large.rss_mb / small.rss_mb,
              "time per listing": large.per_listing / small.per_listing,
              "CPU per listing": large.cpu_per_listing / small.cpu_per_listing}
    figures = "   ".join(f"{name} {ratio:4.2f}x {'OK' if ratio <= target else 'ABOVE TARGET'}"
                         for name, ratio in ratios.items())
    return f"  {label:<34} {figures}   (target <= {target}x)"


def manage(env: dict[str, str], *args: str) -> Run:
    """`timed_command` in a fresh process."""
    result = subprocess.run(  # noqa: S603 (our interpreter, our arguments)
        [sys.executable, __file__, "--one", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return Run(**json.loads(result.stdout.strip().splitlines()[-1]))


def measure(size: int, template: str, env: dict[str, str], server) -> dict[str, Figure]:
    """Every step over a fresh catalog of `size` listings, made from the migrated template."""
    data_dir = tempfile.mkdtemp(prefix=f"bench-batch-{size}-")
    try:
        shutil.copy(template, Path(data_dir) / "db.sqlite3")
        env = {**env, "MARKETPLACE_DATA_DIR": data_dir}
        made = manage(env, "generate_listings", "--count", str(size))
        print(f"{size:,} listings (generated in {made.seconds:.0f} s, peak RSS "
              f"{made.rss_mb:.0f} MB)")
        figures = {}
        for step in STEPS:
            sent = len(server.requests)
            fig = figure(manage(env, *step.args), size)
            if fig.requests is not None and fig.requests != len(server.requests) - sent:
                raise SystemExit(f"{step.label}: the command counted {fig.requests} requests, "
                                 f"the server saw {len(server.requests) - sent}")
            server.requests.clear()  # the bodies would otherwise pile up in this process
            figures[step.label] = fig
            print(figure_line(step, size, fig), flush=True)
        return figures
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import logging

    from tests.marketplace.translation.echo_server import EchoOpenAI

    logging.getLogger("httpx").setLevel(logging.WARNING)
    server = EchoOpenAI(delay=LATENCY).start()
    template_dir = tempfile.mkdtemp(prefix="bench-batch-template-")
    env = {**os.environ, "MARKETPLACE_DATA_DIR": template_dir, "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "marketplace.settings", "AI_API_KEY": "sk-bench",
           "AI_BASE_URL": server.base_url, "AI_MODEL": "bench-model", "AI_MAX_RETRIES": "0",
           "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_region", "--all", "--verbosity", "0")
        template = str(Path(template_dir) / "db.sqlite3")
        print(f"model: the fake OpenAI-compatible server, {LATENCY * 1000:.0f} ms a request; "
              "times are the command's own (start-up excluded)")
        results = {size: measure(size, template, env, server) for size in SIZES}
    finally:
        server.stop()
        shutil.rmtree(template_dir, ignore_errors=True)
    if len(SIZES) > 1:
        small, large = SIZES[0], SIZES[-1]
        print(f"growth {small:,} → {large:,} listings (flat memory, linear time):")
        for step in STEPS:
            print(growth_line(step.label, results[small][step.label],
                              results[large][step.label]))


def one(args: list[str]) -> None:
    """The child process: set Django up, run one command, print its figures as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(vars(timed_command(*args))))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2:])
    else:
        main()
