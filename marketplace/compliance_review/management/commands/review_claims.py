from collections import Counter
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Sum

from marketplace.ai.client import ModelClient
from marketplace.ai.models import UsageRecord
from marketplace.catalog.models import Listing, ListingStatus
from marketplace.compliance_review.models import ClaimFinding, FindingKind, ReviewStatus
from marketplace.compliance_review.services import RunStopped, run_review
from regions.core.models import Region


class Command(BaseCommand):
    help = (
        "Review listings' claims with AI for one region, in this process (no broker), and "
        "print the findings per kind and what the requests cost (from the usage ledger)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="region code, such as eu")
        parser.add_argument("--listing", type=int, nargs="+", action="extend", default=[],
                            metavar="ID", help="only these listings (default: all published)")

    def handle(self, *args, region: str, listing: list[int], **options) -> None:
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise CommandError(f"No region “{region}”; load it with `load_region {region}`.")
        listings = (Listing.objects.filter(pk__in=listing) if listing
                    else Listing.objects.filter(status=ListingStatus.PUBLISHED))
        listings = list(listings.order_by("pk"))
        missing = sorted(set(listing) - {item.pk for item in listings})
        if missing:
            raise CommandError(f"No listing with id {', '.join(map(str, missing))}.")

        client = ModelClient()  # one client: its concurrency limit covers the whole run
        reviews = []
        for number, item in enumerate(listings, 1):
            try:
                review = run_review(item, found, client=client, stop_run=True)
            except RunStopped as stopped:
                # Every further listing would fail the same way (marketplace.ai.errors.run_stop,
                # as translate_listings): stop, say so once, exit non-zero.
                reviews.append(stopped.review)
                self._summary(reviews)
                raise CommandError(self._stopped(stopped, found, listings[number - 1:])
                                   ) from None
            reviews.append(review)
            self.stdout.write(f"[{number}/{len(listings)}] listing {item.pk}: {review.status}"
                              f" – {review.message}")
        self._summary(reviews)
        if reviews and all(r.status == ReviewStatus.SKIPPED for r in reviews):
            self.stdout.write(reviews[0].message)

    @staticmethod
    def _stopped(stopped: RunStopped, region: Region, left: list[Listing]) -> str:
        ids = " ".join(str(item.pk) for item in left)
        resume = f"manage.py review_claims --region {region.code} --listing {ids}"
        if not stopped.resumable:
            return (f"Stopped at listing {left[0].pk}: {stopped.review.message} Nothing more "
                    f"was sent. Fix the settings, then run: {resume}")
        wait = (f" (the server asked to wait {stopped.retry_after:g} s)"
                if stopped.retry_after else "")
        return (f"Stopped at listing {left[0].pk} after repeated temporary failures"
                f"{wait}: {stopped.review.message} {len(left)} listing(s) were not reviewed; "
                f"to continue where it stopped, run later: {resume}")

    def _summary(self, reviews: list) -> None:
        statuses = Counter(review.status for review in reviews)
        kinds = Counter(dict(
            ClaimFinding.objects.filter(review__in=[r.pk for r in reviews])
            .values_list("kind").annotate(n=Count("pk"))))
        usage = UsageRecord.objects.filter(job__in=[r.ledger_key for r in reviews]).aggregate(
            requests=Count("pk"), prompt=Sum("prompt_tokens"),
            completion=Sum("completion_tokens"), cost=Sum("cost"))
        cost = Decimal(str(usage["cost"] or 0))
        self.stdout.write(
            "Reviews: " + (", ".join(f"{status} {n}" for status, n in sorted(statuses.items()))
                           or "none") + ".")
        self.stdout.write("Findings by kind:")
        for kind in FindingKind:
            self.stdout.write(f"  ai.{kind.value}: {kinds.get(kind.value, 0)}")
        self.stdout.write(
            f"Requests: {usage['requests']}; tokens: {usage['prompt'] or 0} prompt + "
            f"{usage['completion'] or 0} completion; cost: {cost:.4f}.")
