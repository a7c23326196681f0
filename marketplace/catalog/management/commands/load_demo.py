from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.catalog.demo import (
    CREATED,
    DEMO_CATALOG,
    KINDS,
    UPDATED,
    DemoDataError,
    DemoError,
    DemoReport,
    load_demo,
)


class Command(BaseCommand):
    help = (
        "Load the demo catalog: suppliers, their merchant logins and certificates, listings "
        "with prices and human translations; then each loaded region pack's demo.toml. "
        "Running it again changes nothing. Needs the region packs (load_region --all). Not "
        "in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(DEMO_CATALOG),
                            help="the catalog file (default: fixtures/demo_catalog.toml)")
        parser.add_argument("--no-packs", action="store_true",
                            help="leave out the region packs' demo.toml files")

    def handle(self, *args, file: str, no_packs: bool, **options) -> None:
        try:
            report = load_demo(file, packs=not no_packs)
        except DemoDataError as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(
                f"The demo catalog has {len(exc.errors)} problem(s); nothing was changed:\n"
                f"{lines}"
            ) from None
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(summary(report)))
        if report.outdated_translations:
            self.stdout.write(f"  {report.outdated_translations} translation(s) marked outdated: "
                              "their source text changed.")
        for title in report.not_in_file:
            self.stdout.write(f"  kept, no longer in the file: {title}")
        if report.logins:
            width = max(len(login.username) for login in report.logins)
            pad = max(len(login.password) for login in report.logins)
            self.stdout.write("Merchant logins:")
            for login in report.logins:
                self.stdout.write(f"  {login.username.ljust(width)}  password "
                                  f"{login.password.ljust(pad)}  {login.supplier}")
        for line in report.skipped:
            self.stdout.write(f"Skipped {line}")


def summary(report: DemoReport) -> str:
    """“Demo catalog: 9 suppliers (9 created), ...” or “... nothing changed (...)”."""
    if not report.changed:
        totals = ", ".join(f"{report.count(kind)} {kind}" for kind in KINDS)
        return f"Demo catalog ({report.file}) is up to date: nothing changed ({totals})."
    parts = []
    for kind in KINDS:
        done = ", ".join(f"{report.count(kind, action)} {action}"
                         for action in (CREATED, UPDATED) if report.count(kind, action))
        parts.append(f"{report.count(kind)} {kind}" + (f" ({done})" if done else ""))
    return f"Demo catalog ({report.file}): {', '.join(parts)}."
