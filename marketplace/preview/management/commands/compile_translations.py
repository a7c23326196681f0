"""Compile the project's gettext catalogs (.po → .mo) with Babel: LOCALE_PATHS and every
installed app's locale/ folder, so a region pack's own languages are compiled with the rest.

Django's `compilemessages` needs GNU gettext's `msgfmt`, which the machines may lack; Babel is
a dependency already. Fuzzy entries are left out, as msgfmt does: a guessed translation must
not reach merchants before someone confirms it. Like `msgfmt --check-format`, a translation
whose placeholders do not fit its message stops the build.
"""

import os
import site
import sysconfig
import tempfile
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.core.packs import RegionPackConfig


class Command(BaseCommand):
    help = ("Compile every locale/*/LC_MESSAGES/*.po of the project (LOCALE_PATHS and the "
            "locale/ folders of the installed apps, region packs included, or the folders "
            "given) to .mo with Babel, skipping fuzzy entries.")
    # Like compilemessages: runs before migrate on a fresh checkout, needs no database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "locale_dirs", nargs="*", metavar="LOCALE_DIR",
            help=("Folders holding <language>/LC_MESSAGES/*.po (default: LOCALE_PATHS and "
                  "the installed apps' locale/ folders)."))

    def handle(self, *args: object, locale_dirs: list[str], **options: object) -> None:
        roots = [Path(folder) for folder in locale_dirs or _project_locale_dirs()]
        catalogs = sorted(po for root in roots for po in root.glob("*/LC_MESSAGES/*.po"))
        if not catalogs:
            self.stdout.write(f"No .po files under {', '.join(map(str, roots))}.")
            return
        for po_path in catalogs:
            self.stdout.write(self._compile(po_path))

    def _compile(self, po_path: Path) -> str:
        language = po_path.parent.parent.name
        try:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=_babel_locale(language), abort_invalid=True)
        except (PoFileError, ValueError) as exc:
            raise CommandError(f"{po_path}: {exc}") from exc
        # msgfmt --check-format's job: a translation naming a placeholder the code does not
        # pass would turn `_("...") % values` into a KeyError on the page.
        # Babel takes any "% d" for a placeholder ("30 % deposit"): `#, no-python-format`
        # says the text is never %-formatted, as it does for msgfmt.
        problems = [f"{po_path}:{message.lineno}: {message.id!r}: {error}"
                    for message, errors in catalog.check()
                    if not message.fuzzy and "no-python-format" not in message.flags
                    for error in errors]
        if problems:
            raise CommandError("\n".join(problems))
        messages = [message for message in catalog if message.id]
        fuzzy = sum(1 for message in messages if message.fuzzy)
        translated = sum(1 for message in messages if message.string and not message.fuzzy)
        untranslated = len(messages) - fuzzy - translated
        mo_path = po_path.with_suffix(".mo")
        _write_atomically(mo_path, catalog)
        return (f"Compiled {_shown(po_path)} → {mo_path.name}: {translated} translated, "
                f"{fuzzy} fuzzy skipped, {untranslated} untranslated.")


def _project_locale_dirs() -> list[Path]:
    # Where Django looks up catalogs: LOCALE_PATHS, then each installed app's locale/ folder,
    # which is where a region pack brings its languages. Apps of installed distributions
    # (Django's own, DRF...) ship compiled catalogs in a folder that is not ours to write, so
    # they are left alone, except a region pack's: its catalogs are part of the project's UI.
    app_dirs = [Path(app.path) / "locale" for app in apps.get_app_configs()
                if isinstance(app, RegionPackConfig) or not _in_installed_distribution(app.path)]
    return [Path(folder) for folder in settings.LOCALE_PATHS] + app_dirs


def _in_installed_distribution(path: str) -> bool:
    """Whether `path` is inside site-packages (the virtualenv may live inside BASE_DIR)."""
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(root) for root in _site_packages())


def _site_packages() -> set[Path]:
    paths = sysconfig.get_paths()
    return {Path(paths[key]).resolve() for key in ("purelib", "platlib")} | {
        Path(folder).resolve() for folder in (*site.getsitepackages(), site.getusersitepackages())}


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def _babel_locale(language: str) -> str | None:
    # Folder names are gettext locales (zh_Hans, pt_BR); Babel only needs one to know the
    # plural rule when the catalog's header lacks it.
    try:
        return str(Locale.parse(language))
    except (UnknownLocaleError, ValueError):
        return None


def _write_atomically(mo_path: Path, catalog: Catalog) -> None:
    """A running server may be reading the old .mo: replace it whole, never half-written."""
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, prefix=".", suffix=".mo")
    try:
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        # mkstemp makes the file private; the web server may run as another user.
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
