"""Which region packs to install: the built-in ones, those named in settings, and those that
pip-installed distributions announce through an entry point.

Imported by settings.py before Django is set up, so it uses nothing but the standard library.
A third-party pack declares itself in its pyproject.toml:

    [project.entry-points."marketplace_regions.packs"]
    nz = "marketplace_region_nz"      # value: the pack's Django app module

`python manage.py startpack <code>` writes such a project.
"""

from collections.abc import Iterable
from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "marketplace_regions.packs"

BUILTIN_REGION_PACKS = (
    "regions.packs.eu",
    "regions.packs.uk",
    "regions.packs.us",
    "regions.packs.jp",
    "regions.packs.ca",
    "regions.packs.au",
    "regions.packs.ae",
)


def entry_point_packs() -> list[str]:
    """App modules of the packs that installed distributions announce, sorted by entry-point
    name so that the order does not depend on the order of sys.path."""
    found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda point: point.name)
    return [point.value.strip() for point in found]


def region_pack_apps(builtin: Iterable[str], extra: Iterable[str],
                     discovered: Iterable[str] = ()) -> list[str]:
    """The pack modules for INSTALLED_APPS: built-ins, then REGION_PACKS, then entry points;
    each once, in that order (a pack named twice is installed once)."""
    modules = [module.strip() for group in (builtin, extra, discovered) for module in group]
    return list(dict.fromkeys(module for module in modules if module))
