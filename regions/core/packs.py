"""Region packs: installable apps that each contribute one market's data and code.

A pack is a Django app whose AppConfig subclasses `RegionPackConfig`. Listing it in
INSTALLED_APPS registers it; `load_region <code>` loads its `pack.toml`.
"""

import datetime
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps

if TYPE_CHECKING:
    from regions.core.registration import RegistrationScheme


class PackError(Exception):
    """A pack file that cannot be read; the message names the file and the problem."""


class RegionPackConfig(AppConfig):
    """Base AppConfig of a region pack. Subclasses set `region_code`."""

    region_code: str = ""
    data_filename = "pack.toml"

    @property
    def data_file(self) -> Path:
        return Path(self.path) / self.data_filename

    def read_data(self) -> dict[str, Any]:
        try:
            with self.data_file.open("rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise PackError(f"{self.data_file}: file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise PackError(f"{self.data_file}: not valid TOML: {exc}") from None
        header = data.get("pack")
        if not isinstance(header, dict):
            raise PackError(f"{self.data_file}: the [pack] table is missing")
        if header.get("region") != self.region_code:
            raise PackError(
                f"{self.data_file}: [pack] region is {header.get('region')!r}, but the pack "
                f"{self.label!r} is for {self.region_code!r}"
            )
        if not isinstance(header.get("as_of"), datetime.date):
            raise PackError(f"{self.data_file}: [pack] as_of must be a date such as 2026-11-24")
        return data

    # --- Code hooks: what the market's own code answers (documented in packs/FORMAT.md) ------

    def registration_schemes(self) -> Sequence["RegistrationScheme"]:
        """The tax registrations and company registers of the pack's countries (VAT, GST, JCT
        T-number, ABN...), as `regions.core.registration.RegistrationScheme`s; per country and
        kind the main one first. Checkout, the portal and the admin validate numbers with them.
        Default: none (numbers of the pack's countries are then not checked)."""
        return ()


def installed_packs() -> dict[str, RegionPackConfig]:
    """The installed packs, by region code."""
    return {
        config.region_code: config
        for config in apps.get_app_configs()
        if isinstance(config, RegionPackConfig)
    }


def get_pack(region_code: str) -> RegionPackConfig:
    packs = installed_packs()
    try:
        return packs[region_code]
    except KeyError:
        known = ", ".join(sorted(packs)) or "none"
        raise PackError(
            f"No region pack for {region_code!r} is installed (installed: {known})."
        ) from None
