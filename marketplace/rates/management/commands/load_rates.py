from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from marketplace.rates.errors import RatesError
from marketplace.rates.loading import LoadResult, load_ecb_rates
from marketplace.rates.services import latest_rate_date, rates_are_stale


def demo_file() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "rates" / "eurofxref-hist.csv"


class Command(BaseCommand):
    help = (
        "Load the ECB's euro foreign exchange reference rates from eurofxref.csv, "
        "eurofxref-hist.csv, eurofxref-daily.xml, eurofxref-hist.xml or a .zip of one. "
        "Running it again changes nothing; a rate the file gives differently is updated."
    )
    # The checks would warn that the rates are stale, which is what this command is run to
    # fix; it reports on the rates after loading instead.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            metavar="PATH",
            help="the ECB file (default: the demo file fixtures/rates/eurofxref-hist.csv)",
        )

    def handle(self, *args, path: str | None, **options) -> None:
        try:
            result = load_ecb_rates(path or demo_file())
        except RatesError as exc:
            raise CommandError(f"{exc}; nothing was changed.") from None
        for change in result.updated:
            self.stdout.write(f"  updated {change}")
        self.stdout.write(self.style.SUCCESS(summary(result)))
        newest = latest_rate_date()
        if newest is not None and rates_are_stale(newest):
            age = (timezone.localdate() - newest).days
            self.stdout.write(
                self.style.WARNING(
                    f"The newest rates stored are {age} days old (as of {newest}), more than "
                    f"EXCHANGE_RATES_MAX_AGE_DAYS ({settings.EXCHANGE_RATES_MAX_AGE_DAYS}); "
                    "load a more recent ECB file for current prices."
                )
            )


def summary(result: LoadResult) -> str:
    days = len(result.dates)
    span = (
        f"{days} date{'s' if days != 1 else ''} ({result.first_date} to {result.last_date})"
        if days > 1
        else f"1 date ({result.first_date})"
    )
    found = f"{span}, {len(result.currencies)} currencies ({', '.join(result.currencies)})"
    counts = (
        f"{result.created} created, {len(result.updated)} updated, {result.unchanged} unchanged"
    )
    if not result.changed:
        return f"Rates in {result.path} are already loaded: {found}. Nothing changed ({counts})."
    return f"Loaded rates from {result.path}: {found}: {counts}."
