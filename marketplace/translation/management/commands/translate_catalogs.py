from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.ai.client import ModelClient
from marketplace.ai.errors import NOT_CONFIGURED_MESSAGE, AIConfigurationError
from marketplace.translation.catalogs import translate_catalog


class Command(BaseCommand):
    help = ("Draft the untranslated entries of locale/<lang>/LC_MESSAGES/django.po with the "
            "model, marked fuzzy for a person to review; existing translations are kept.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", required=True, help="comma-separated, such as de,fr")
        parser.add_argument("--locale-dir", default="",
                            help="the locale folder (default: the first of LOCALE_PATHS)")
        parser.add_argument("--dry-run", action="store_true",
                            help="count what would be sent; send and write nothing")

    def handle(self, *args, lang: str, locale_dir: str, dry_run: bool, **options) -> None:
        languages = [tag.strip() for tag in lang.split(",") if tag.strip()]
        root = Path(locale_dir or settings.LOCALE_PATHS[0])
        client = ModelClient()
        if not dry_run and not client.is_configured():
            raise CommandError(f"{NOT_CONFIGURED_MESSAGE} Nothing was written.")
        for language in languages:
            try:
                report = translate_catalog(root, language, client, dry_run=dry_run)
            except AIConfigurationError as error:
                raise CommandError(f"{language}: machine translation stopped: {error}") from None
            if dry_run:
                self.stdout.write(f"{language}: {report.pending} untranslated entries would be "
                                  f"sent{' (new catalog)' if report.created else ''}. "
                                  "Dry run: nothing sent or written.")
                continue
            self.stdout.write(f"{language}: {len(report.translated)} drafted as fuzzy, "
                              f"{len(report.untranslated)} left untranslated → {report.path}")
            for msgid, reason in report.untranslated.items():
                self.stdout.write(f"  {msgid!r}: {reason}")
