"""python manage.py startpack <code> [--name "..."] [--country CC] [--directory DIR]

Scaffolds a region pack kept outside this repository, as a pip-installable project that the
marketplace finds through its entry point (regions.core.pack_discovery).
"""

import datetime
import importlib.util
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.core import scaffold
from regions.core.packs import PackError, installed_packs
from regions.core.validators import REGION_CODE_RE


class Command(BaseCommand):
    help = (
        "Scaffold a region pack as a pip-installable project (pyproject.toml with the "
        "marketplace_regions.packs entry point, apps.py, pack.toml with every section, locale/, "
        "tests/). Install it into the marketplace's environment with `pip install -e DIR`."
    )
    # Writes files only; runs before migrate on a fresh checkout.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the region code, 2 to 8 lowercase letters, such as nz")
        parser.add_argument("--name", default="",
                            help="the market's name (default: the country's English name)")
        parser.add_argument("--country", default="",
                            help="the market's first country, ISO 3166-1 alpha-2 (default: the "
                                 "code, when it is a country code)")
        parser.add_argument("--directory", default="",
                            help="where to create the project (default: ./marketplace-region-"
                                 "<code>); must not exist")

    def handle(self, *args, code: str, name: str, country: str, directory: str,
               **options) -> None:
        if not REGION_CODE_RE.fullmatch(code):
            raise CommandError(f"“{code}” is not a region code: use 2 to 8 lowercase letters, "
                               "such as “nz”.")
        packs = installed_packs()
        if code in packs:
            raise CommandError(f"A region pack for “{code}” is installed already "
                               f"({packs[code].name}); choose another code.")
        names = scaffold.ProjectNames.for_code(code)
        if importlib.util.find_spec(names.package) is not None:
            raise CommandError(f"A module named “{names.package}” is installed already; "
                               "choose another code.")
        country = self.country(code, country.strip().upper())
        target = Path(directory or names.distribution)
        if target.exists():
            raise CommandError(f"{target} exists already; give a new --directory (nothing was "
                               "written).")
        try:
            market = scaffold.Market.for_country(country, name=name.strip())
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        written = scaffold.write_project(target, names, market, as_of=datetime.date.today())
        self.stdout.write(self.style.SUCCESS(
            f"Created the region pack “{code}” ({market.name}) in {target}:"))
        for path in written:
            self.stdout.write(f"  {path.relative_to(target)}")
        self.stdout.write(
            f"Next: fill in {names.package}/pack.toml, then `pip install -e {target}` into this "
            f"environment and `python manage.py load_region {code}`.")

    def country(self, code: str, given: str) -> str:
        from django_countries import countries

        country = given or (code.upper() if len(code) == 2 else "")
        if not country:
            raise CommandError("Name the market's country with --country, such as "
                               "--country NZ (ISO 3166-1 alpha-2).")
        if not re.fullmatch(r"[A-Z]{2}", country) or country not in dict(countries):
            hint = "" if given else " (the code is not one; give --country)"
            raise CommandError(f"“{country}” is not an ISO 3166-1 alpha-2 country code"
                               f"{hint}.")
        owner = _pack_of_country(country)
        if owner:
            raise CommandError(f"Country {country} belongs to the installed pack “{owner}”; a "
                               "country belongs to one region. Give another --country.")
        return country


def _pack_of_country(country: str) -> str:
    for code, pack in installed_packs().items():
        try:
            data = pack.read_data()
        except PackError:
            continue  # manage.py check reports a broken pack; it claims nothing here
        if any(record.get("code") == country for record in data.get("countries", [])):
            return code
    return ""
