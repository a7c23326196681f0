import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.ai.client import ModelClient
from marketplace.catalog.models import Listing, ListingStatus
from marketplace.translation.jobs import (
    create_catalog_job,
    create_job,
    refuse_missing_listings,
    validate_languages,
)
from marketplace.translation.models import JobStatus, TranslationJob
from marketplace.translation.pipeline import estimate, run_job
from regions.core.models import Region
from regions.languages.services import offered_languages

PROGRESS_EVERY_SECONDS = 1.0


class Command(BaseCommand):
    help = (
        "Translate listings into a region's languages in this process (no broker): memory "
        "first, then the model. --dry-run counts and estimates without any request."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="region code, such as eu")
        parser.add_argument("--lang", default="",
                            help="comma-separated languages (default: the region's offered)")
        parser.add_argument("--listing", type=int, nargs="+", action="extend", default=[],
                            metavar="ID", help="only these listings (default: all published)")
        parser.add_argument("--dry-run", action="store_true",
                            help="count items, memory hits, tokens and cost; send nothing")

    def handle(self, *args, region: str, lang: str, listing: list[int], dry_run: bool,
               **options) -> None:
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise CommandError(f"No region “{region}”; load it with `load_region {region}`.")
        languages = [tag.strip() for tag in lang.split(",") if tag.strip()] or (
            offered_languages(found))
        try:
            languages = validate_languages(languages)
            if dry_run:
                self._dry_run(listing, languages)
                return
            # The whole catalog is made into items a chunk at a time (no list of every id).
            job = (create_job(listing, languages) if listing else
                   create_catalog_job(Listing.objects.filter(status=ListingStatus.PUBLISHED),
                                      languages))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Job {job.pk}: {job.items_total} items, languages "
                          f"{', '.join(languages)}.")
        # Progress at most once a second: recounting reads every item of the job, so a line
        # per batch would make a catalog-wide run grow with the square of its size.
        job = run_job(job.pk, progress=self._progress, progress_every=PROGRESS_EVERY_SECONDS)
        if self.stdout.isatty():
            self.stdout.write("")
        self._summary(job)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.message)

    def _dry_run(self, ids: list[int], languages: list[str]) -> None:
        # Streamed by the estimate, a chunk of listings at a time: flat memory at any size.
        if ids:
            refuse_missing_listings(ids)
            listings = Listing.objects.filter(pk__in=ids)
        else:
            listings = Listing.objects.filter(status=ListingStatus.PUBLISHED)
        client = ModelClient()
        guess = estimate(listings, languages, client)
        self.stdout.write(
            f"Dry run: {guess.items} items ({guess.skipped} already translated), "
            f"{guess.memory_hits} memory hits, {guess.texts} texts for the model.\n"
            f"Estimated tokens: {guess.prompt_tokens} prompt + {guess.completion_tokens} "
            f"completion; estimated cost {guess.cost:.4f} (model {client.model}). "
            "No request was made.")

    def _progress(self, job: TranslationJob) -> None:
        line = (f"{job.items_done}/{job.items_total} items, {job.requests} requests, "
                f"{job.memory_hits} memory hits")
        if self.stdout.isatty():
            # One line that redraws itself; a log file gets plain lines instead.
            self.stdout.write(f"\r{line}", ending="")
            sys.stdout.flush()
        else:
            self.stdout.write(line)

    def _summary(self, job: TranslationJob) -> None:
        failures = ", ".join(f"{code} {n}" for code, n in job.failures.items()) or "none"
        self.stdout.write(
            f"Job {job.pk} {job.status}: {job.items_done}/{job.items_total} items; "
            f"{job.machine_written} machine, {job.needs_review} need review, "
            f"{job.skipped_reviewed} kept as reviewed, {job.skipped_current} already current, "
            f"{job.failed} failed.\n"
            f"Requests: {job.requests}; memory hits: {job.memory_hits}; tokens: "
            f"{job.prompt_tokens} prompt + {job.completion_tokens} completion; "
            f"estimated cost: {job.cost:.4f}.\n"
            f"Failures by reason: {failures}.")
        if job.message:
            self.stdout.write(job.message)
