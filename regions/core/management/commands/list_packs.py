from django.core.management.base import BaseCommand

from regions.core.packs import installed_packs


class Command(BaseCommand):
    help = (
        "Print the region code of every installed region pack, one per line (built-in, "
        "REGION_PACKS and entry-point packs alike), for scripts such as bin/run. With -v 2 "
        "also the pack's app module and folder."
    )
    # Scripts call it before migrate; it reads the app registry only.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        for code, config in sorted(installed_packs().items()):
            if options["verbosity"] > 1:
                self.stdout.write(f"{code}\t{config.name}\t{config.path}")
            else:
                self.stdout.write(code)
