"""requirements.lock is what `make install` and CI install: every dependency of pyproject.toml
(the dev extra included) pinned with hashes, the running environment on exactly those pins,
and the CLDR values the tests assume taken from the pinned Babel."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import babel
import babel.core
from babel.numbers import get_currency_precision
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.cldr_pins import BABEL_VERSION, CLDR_VERSION, CURRENCY_DIGITS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
# "name==version \" at the start of a line, then its "--hash=sha256:..." lines.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)", re.MULTILINE)


def locked() -> dict[str, str]:
    pins = PIN.findall(LOCK_FILE.read_text())
    return {canonicalize_name(name): version for name, version in pins}


def declared() -> list[Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(spec) for spec in
            [*project["dependencies"], *project["optional-dependencies"]["dev"]]]


def test_lock_pins_every_declared_dependency_within_its_range() -> None:
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {requirement}"
        )


def test_every_pin_carries_a_hash() -> None:
    # pip's --require-hashes refuses the whole file if one requirement lacks a hash.
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK_FILE.read_text().split("\n\n")[-1])
    pinned = [block for block in blocks if PIN.match(block)]
    assert len(pinned) == len(locked())
    for block in pinned:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_this_environment_runs_the_locked_versions() -> None:
    drift = {}
    for name, version in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            drift[name] = (version, installed)
    assert drift == {}, f"locked vs installed (run `make install`): {drift}"


def test_cldr_values_come_from_the_pinned_babel() -> None:
    # The one loud failure on a Babel upgrade: tests/cldr_pins.py says what to re-check.
    assert babel.__version__ == BABEL_VERSION == locked()["babel"]
    assert babel.core.get_cldr_version() == CLDR_VERSION
    assert {code: get_currency_precision(code) for code in CURRENCY_DIGITS} == CURRENCY_DIGITS
