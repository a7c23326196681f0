"""Benchmark of the batch commands at catalog scale: `translate_listings --dry-run` and
`check_compliance --dry-run` over 10,000 listings (and 100,000 with SCALE_BENCH_100K=1).

Run with `make bench`, or alone: `python bench/batch_commands.py`. A throwaway SQLite
database in a temporary folder: migrated, every installed pack loaded, the listings made by
`generate_listings`. Each command then runs in a process of its own, so its wall time and
peak RSS are its own. Targets: under 60 s at 100k, and a peak RSS that does not grow with the
catalog (the commands read the listings a chunk at a time).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000) if os.environ.get("SCALE_BENCH_100K") == "1" else (10_000,)
TARGET_SECONDS = 60
# Runs a command in this process and prints its peak RSS (KiB on Linux) last.
RUN_COMMAND = """
import io, resource, sys
import django
django.setup()
from django.core.management import call_command
call_command(*sys.argv[1:], stdout=io.StringIO())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
COMMANDS = {
    "translate_listings --dry-run": ["translate_listings", "--region", "eu", "--dry-run"],
    "check_compliance --dry-run": ["check_compliance", "--region", "eu", "--dry-run"],
}


def manage(env: dict[str, str], *args: str) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one management command in a fresh process."""
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 (our interpreter, our arguments)
        [sys.executable, "-c", RUN_COMMAND, *args], cwd=ROOT, env=env,
        capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return seconds, int(result.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="bench-batch-")
    env = {**os.environ, "MARKETPLACE_DATA_DIR": data_dir, "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "marketplace.settings"}
    env.pop("DATABASE_URL", None)
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_region", "--all", "--verbosity", "0")
        made = 0
        for size in SIZES:
            seconds, _ = manage(env, "generate_listings", "--count", str(size - made))
            made = size
            print(f"{size:,} listings (generated in {seconds:.0f} s)")
            for label, args in COMMANDS.items():
                seconds, rss = manage(env, *args)
                verdict = "OK" if seconds < TARGET_SECONDS else "ABOVE TARGET"
                print(f"  {label:<30} {seconds:6.1f} s  peak RSS {rss:5.0f} MB  "
                      f"({size / seconds:,.0f} listings/s; target < {TARGET_SECONDS} s: "
                      f"{verdict})")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
