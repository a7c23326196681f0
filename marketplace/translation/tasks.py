"""The Celery front door of `pipeline.run_job`: thin, takes an id, safe to run twice."""

from celery import shared_task
from django.db import transaction

from marketplace.translation.models import TranslationJob
from marketplace.translation.pipeline import run_job


@shared_task(name="translation.translate_job", acks_late=True)
def translate_job(job_id: int) -> str:
    """Run the job's pending items; a done or cancelled job is left alone, and a job whose
    worker died continues with the items still pending (acks_late redelivers it)."""
    return run_job(job_id).status


def enqueue_job(job: TranslationJob) -> None:
    """Send the job to a worker once the transaction that created it has committed, so the
    worker can see its rows."""
    transaction.on_commit(lambda: translate_job.delay(job.pk))
