"""A stand-in worker process for the crash test: run with the project root as the working
directory and MARKETPLACE_DATA_DIR pointing at a throwaway folder (its SQLite file is the
database), as

    python -m tests.marketplace.translation.crash_worker setup
    python -m tests.marketplace.translation.crash_worker run JOB_ID BASE_URL [CONCURRENCY]
    python -m tests.marketplace.translation.crash_worker report JOB_ID
    python -m tests.marketplace.translation.crash_worker sweep

`setup` prints the job's id, `run` prints one line per finished batch, `report` prints JSON.
`sweep` runs beat's sweep once and prints how many jobs it re-sent; with
CELERY_TASK_ALWAYS_EAGER=true (and the AI_* settings in the environment) a re-sent job runs
in this process, as a worker would run its message.
"""

import json
import os
import sys
from decimal import Decimal

import django

LANGUAGES = ["de", "fr"]
LISTINGS = 8
REVIEWED_TITLE = "Bluetooth-Lautsprecher BT100 (geprüft)"
# Short enough that the test need not wait long for a dead run's lease to expire.
LEASE_SECONDS = 2.0


def setup() -> None:
    from django.core.management import call_command

    from marketplace.catalog.models import Supplier, TranslationOrigin, TranslationState
    from marketplace.catalog.services import write_translation
    from marketplace.translation.jobs import create_job
    from tests.marketplace.translation.pipeline_fixtures import DESCRIPTION, make_speaker

    call_command("migrate", verbosity=0)
    supplier = Supplier.objects.create(name="Shenzhen Audio Works", slug="sz-audio",
                                       country="CN")
    listings = [make_speaker(supplier, 100 + n) for n in range(LISTINGS)]
    write_translation(listings[0], "de", title=REVIEWED_TITLE, description=DESCRIPTION,
                      origin=TranslationOrigin.HUMAN, state=TranslationState.REVIEWED,
                      made_from_hash=listings[0].source_hash)
    print(create_job([listing.pk for listing in listings], LANGUAGES).pk)


def run(job_id: int, base_url: str, concurrency: int = 1) -> None:
    from marketplace.ai.client import ModelClient
    from marketplace.translation.pipeline import run_job

    client = ModelClient(api_key="sk-crash", base_url=base_url, model="fake-model-1",
                         timeout=10, max_retries=0, max_concurrency=max(concurrency, 1),
                         price_input_per_1k=Decimal(0), price_output_per_1k=Decimal(0))
    job = run_job(job_id, client=client, batch_chars=1, lease_seconds=LEASE_SECONDS,
                  progress=lambda job: print(job.items_done, flush=True),
                  concurrency=concurrency)
    print(job.status, flush=True)


def report(job_id: int) -> None:
    from marketplace.ai.models import UsageRecord
    from marketplace.catalog.models import ListingTranslation
    from marketplace.translation.models import TranslationJob

    job = TranslationJob.objects.get(pk=job_id)
    print(json.dumps({
        "status": job.status,
        "items": sorted(job.items.values_list("status", "code")),
        "translations": sorted(ListingTranslation.objects.values_list(
            "listing__title", "language", "title", "state")),
        "ledger": UsageRecord.objects.filter(job=job.ledger_key).count(),
        "requests": job.requests,
        "lease_expires_at": job.lease_expires_at and job.lease_expires_at.isoformat(),
    }))


def sweep() -> None:
    from marketplace.celery import app
    from marketplace.ops.dispatch import resend_queued_jobs

    app.loader.import_default_modules()  # each tasks module registers its kind of job
    print(resend_queued_jobs(), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()
    command, *args = sys.argv[1:]
    if command == "setup":
        setup()
    elif command == "run":
        run(int(args[0]), args[1], *map(int, args[2:]))
    elif command == "sweep":
        sweep()
    else:
        report(int(args[0]))
