from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.core.loading import (
    CREATED,
    KEPT,
    KEPT_DELETED,
    RESET,
    UPDATED,
    PackDataError,
    describe,
    load_pack,
)
from regions.core.packs import PackError, get_pack, installed_packs


class Command(BaseCommand):
    help = (
        "Load a region pack's data (countries, languages, taxes, payment methods, compliance "
        "rules, warehouses). Running it again changes nothing; rows that ops edited are kept "
        "and their differences reported unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("regions", nargs="*", metavar="REGION", help="such as eu uk us")
        parser.add_argument("--all", action="store_true", help="load every installed pack")
        parser.add_argument(
            "--force", action="store_true", help="reset rows that ops edited or deleted"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )

    def handle(self, *args, regions: list[str], **options) -> None:
        codes = sorted(installed_packs()) if options["all"] else regions
        if not codes:
            raise CommandError("Name a region (such as “eu”) or pass --all.")
        for code in codes:
            self.load(code, force=options["force"], dry_run=options["dry_run"],
                      verbose=options["verbosity"] > 1)

    def load(self, code: str, *, force: bool, dry_run: bool, verbose: bool) -> None:
        try:
            report = load_pack(get_pack(code), force=force, dry_run=dry_run)
        except PackError as exc:
            raise CommandError(str(exc)) from None
        except PackDataError as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(
                f"Region pack “{code}” has {len(exc.errors)} problem(s); nothing was "
                f"changed:\n{lines}"
            ) from None

        for line in describe(report.changes, verbose=verbose):
            self.stdout.write(f"  {line}")
        prefix = "[dry run] " if dry_run else ""
        counts = ", ".join(
            f"{report.count(action)} {action}"
            for action in (CREATED, UPDATED, RESET, KEPT, KEPT_DELETED)
            if report.count(action)
        )
        if not report.wrote:
            message = (
                f"{prefix}Region “{code}” is up to date with its pack (data as of "
                f"{report.as_of}): nothing changed."
            )
            if counts:
                message += f" ({counts}; use --force to reset them to the pack.)"
            self.stdout.write(self.style.SUCCESS(message))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}Loaded region “{code}” (data as of {report.as_of}): {counts}."
                )
            )
