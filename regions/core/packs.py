"""Region packs: installable apps that each contribute one market's data and code.

A pack is a Django app whose AppConfig subclasses `RegionPackConfig`. Listing it in
INSTALLED_APPS registers it; `load_region <code>` loads its `pack.toml`.
"""

import datetime
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import AppConfig, apps


class PackError(Exception):
    """A pack file that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class PackSection:
    """A section of pack.toml that a concern's app loads into one of its models.

    Each concern's AppConfig lists its sections in `pack_sections`; the loader walks the app
    registry in INSTALLED_APPS order, so nothing central names the models."""

    name: str  # the TOML section, such as "tax_rates"
    model: str  # "app_label.ModelName"
    key: tuple[str, ...]  # the fields that identify a record (its natural key)
    # Fields that name another record by its code: field → the section it comes from
    # ("countries" for the region's countries).
    references: Mapping[str, str] = field(default_factory=dict)
    # Many-to-many fields given as lists of country codes or "*"; or, for one named in
    # `references`, as a list of codes of that section's records.
    m2m: tuple[str, ...] = ()
    children: "PackSection | None" = None  # [[section.children]] tables
    parent_field: str = ""  # on a child: the field that points at its parent
    scoped: bool = True  # the model has a `region` field the loader fills in
    single: bool = False  # one [table] per pack, not a list of [[tables]]
    # A record the pack loaded before and no longer has is deleted on the next load, unless
    # ops edited it since (or something still points at it): for records whose mere presence
    # has an effect, such as a compliance rule a pack replaced.
    prune: bool = False


def pack_sections() -> Iterator[PackSection]:
    """Every installed concern's pack sections, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        yield from getattr(config, "pack_sections", ())


def market_config_models() -> Iterator[type]:
    """The models whose rows make up a market's configuration (the configuration version
    watches them): each app's `market_config_models`, as "app_label.ModelName"."""
    for config in apps.get_app_configs():
        for label in getattr(config, "market_config_models", ()):
            yield apps.get_model(label)


class RegionPackConfig(AppConfig):
    """Base AppConfig of a region pack. Subclasses set `region_code`.

    Market-specific code plugs in through these attributes (each documented in
    regions/packs/FORMAT.md):
    - `tax_calculator`: a regions.taxes.interface.TaxCalculator; None means StandardTax,
      which the pack's data drives alone.
    - `invoice_requirements`: a regions.taxes.invoices.InvoiceRequirements; None means the
      default (the seller's tax registration, tax per rate).
    - `registration_schemes()`: the tax and company registration numbers of its countries.
    """

    region_code: str = ""
    data_filename = "pack.toml"
    tax_calculator: Any = None
    invoice_requirements: Any = None
    # Optional demo data beside pack.toml, in the format of fixtures/demo_catalog.toml;
    # `load_demo` loads it after the global file.
    demo_filename = "demo.toml"
    # The markets the merchant preview shows first when none is picked, such as
    # ("DE-consumer", "FR-business"); empty: the region's first country, consumers.
    preview_markets: tuple[str, ...] = ()

    @property
    def data_file(self) -> Path:
        return Path(self.path) / self.data_filename

    @property
    def demo_file(self) -> Path:
        return Path(self.path) / self.demo_filename

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

    # -> Sequence[regions.core.registration.RegistrationScheme]; not imported here, since
    # registration.py asks the installed packs (this module) for them.
    def registration_schemes(self) -> Sequence[Any]:
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
