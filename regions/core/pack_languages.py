"""The languages installed region packs bring, for settings.LANGUAGES and PORTAL_UI_LANGUAGES.

Settings are read before the app registry exists, so this module imports no Django app: it
finds each installed app's folder with importlib.util.find_spec (which imports at most the
parent packages) and reads the `[pack] languages` of the pack.toml it finds there. At run
time, regions.core.declarations reads the same key through the app registry and
`manage.py check` warns when a pack language is missing from LANGUAGES.
"""

import importlib.util
import tomllib
from collections.abc import Iterable
from pathlib import Path

from django.conf.locale import LANG_INFO

PACK_FILE = "pack.toml"


def app_folder(entry: str) -> Path | None:
    """The package folder of an INSTALLED_APPS entry: a module path, or the dotted path of an
    AppConfig class inside it (`regions.packs.jp.apps.JPPackConfig`). Walks down from the top
    package and stops at the first part that is not a package, so no apps.py is imported."""
    folder = None
    parts = entry.split(".")
    for end in range(1, len(parts) + 1):
        try:
            spec = importlib.util.find_spec(".".join(parts[:end]))
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            break
        folder = Path(next(iter(spec.submodule_search_locations)))
    return folder


def declared_languages(installed_apps: Iterable[str]) -> list[str]:
    """The `[pack] languages` of every installed app that ships a pack.toml, in order, each
    once. A pack.toml that cannot be read is skipped here; `manage.py check` reports it."""
    found: list[str] = []
    for entry in installed_apps:
        folder = app_folder(entry)
        if folder is None or not (folder / PACK_FILE).is_file():
            continue
        try:
            with (folder / PACK_FILE).open("rb") as handle:
                header = tomllib.load(handle).get("pack", {})
        except (OSError, tomllib.TOMLDecodeError):
            continue
        tags = header.get("languages", []) if isinstance(header, dict) else []
        for tag in tags if isinstance(tags, list) else []:
            if isinstance(tag, str) and tag not in found:
                found.append(tag)
    return found


def with_pack_languages(languages: list[tuple[str, str]], tags: Iterable[str]
                        ) -> list[tuple[str, str]]:
    """`languages` (settings.LANGUAGES pairs) plus each of `tags` it lacks, named in its own
    language as Django's locale data names it (日本語, العربية)."""
    merged = list(languages)
    known = {code for code, _name in merged}
    for tag in tags:
        if tag not in known:
            merged.append((tag, LANG_INFO.get(tag, {}).get("name_local", tag)))
            known.add(tag)
    return merged
