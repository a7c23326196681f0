"""Load a region pack's data into the database, idempotently and without losing ops edits.

For every row the pack describes, three versions are compared: the row as it is now, the
values the pack wrote last time (a PackRecord snapshot) and the pack file.

- no row yet                       → create it
- row equals the pack              → unchanged
- row equals the last snapshot     → the pack was updated and ops did not touch the row: update
- otherwise                        → ops edited the row: keep it and report the difference
                                     (`force` resets it to the pack)
- row gone but a snapshot exists   → ops deleted it: keep it deleted (`force` recreates it)

The whole load is one transaction: one bad record and nothing is written.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from regions.compliance.models import CertificateType, ComplianceRule
from regions.core import declarations
from regions.core.models import Country, PackLoad, PackRecord, Region
from regions.core.packs import RegionPackConfig
from regions.languages.models import RegionLanguage
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.taxes.models import TaxPolicy, VatRate
from regions.warehouses.models import ShippingOption, Warehouse

CREATED, UPDATED, UNCHANGED, KEPT, RESET, KEPT_DELETED = (
    "created",
    "updated from pack",
    "unchanged",
    "kept ops edit",
    "reset to pack",
    "kept deleted by ops",
)
WRITES = {CREATED, UPDATED, RESET}


@dataclass
class Change:
    action: str
    model: str
    key: str
    # field → (value in the database, value in the pack)
    differences: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class LoadReport:
    region: str
    pack: str
    as_of: date
    changes: list[Change] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def wrote(self) -> bool:
        return any(change.action in WRITES for change in self.changes)


class PackDataError(Exception):
    """The pack file has bad records; `errors` name the file, record and field of each."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


class _DryRun(Exception):
    pass


# Top-level sections of pack.toml: lists of tables, except the single [tax_policy] table.
LIST_SECTIONS = ("countries", "languages", "vat_rates", "certificate_types",
                 "compliance_rules", "payment_methods", "warehouses")
CHILD_SECTIONS = {"payment_methods": "currencies", "warehouses": "shipping_options"}
# Lists of tables that declare entries of open lists (categories, settlement kinds...): read by
# regions.core.declarations at startup, accepted here and never loaded as rows.
DECLARATION_SECTIONS = declarations.DECLARATION_SECTIONS


def load_pack(pack: RegionPackConfig, *, force: bool = False, dry_run: bool = False) -> LoadReport:
    data = pack.read_data()
    shape_errors = check_shape(data, _display_path(pack.data_file))
    if shape_errors:
        raise PackDataError(shape_errors)
    loader = _Loader(pack, data, force=force)
    try:
        with transaction.atomic():
            loader.run()
            if loader.errors:
                raise PackDataError(loader.errors)
            if dry_run:
                raise _DryRun
            if loader.report.wrote:
                PackLoad.objects.create(
                    region=loader.region,
                    pack=pack.label,
                    data_as_of=loader.report.as_of,
                    forced=force,
                    summary={a: loader.report.count(a) for a in (CREATED, UPDATED, RESET, KEPT)},
                )
    except _DryRun:
        pass
    return loader.report


def check_shape(data: dict[str, Any], file: str) -> list[str]:
    """Misspelt sections and records that are not tables, before anything is looked up."""
    errors = []
    for name, value in data.items():
        if name in ("pack", "tax_policy"):
            if not isinstance(value, dict):
                errors.append(f"{file}: [{name}] must be a table")
        elif name not in LIST_SECTIONS + DECLARATION_SECTIONS:
            known = ", ".join(("pack", "tax_policy", *LIST_SECTIONS, *DECLARATION_SECTIONS))
            errors.append(f"{file}: unknown section “{name}” (known: {known})")
        elif not (isinstance(value, list) and all(isinstance(r, dict) for r in value)):
            errors.append(f"{file}: {name} must be written as [[{name}]] tables")
        else:
            child = CHILD_SECTIONS.get(name)
            for index, record in enumerate(value):
                rows = record.get(child, []) if child else []
                if not (isinstance(rows, list) and all(isinstance(r, dict) for r in rows)):
                    errors.append(f"{file}: {name}[{index}].{child} must be written as "
                                  f"[[{name}.{child}]] tables")
    return errors


def normalize(value: Any) -> Any:
    """A JSON-friendly, comparable form: related rows by code, decimals without trailing zeros."""
    if isinstance(value, models.Model):
        return str(value.code)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return sorted(normalize(item) for item in value)
    if value is not None and not isinstance(value, bool | int | float | str):
        return str(value)  # CountryField's Country
    return value


class _Loader:
    def __init__(self, pack: RegionPackConfig, data: dict[str, Any], *, force: bool):
        self.pack = pack
        self.data = data
        self.force = force
        self.file = _display_path(pack.data_file)
        self.errors: list[str] = []
        header = data["pack"]
        self.report = LoadReport(region=pack.region_code, pack=pack.label, as_of=header["as_of"])
        self.region: Region | None = None
        self.countries: dict[str, Country] = {}
        self.certificate_types: dict[str, CertificateType] = {}

    # --- sections ------------------------------------------------------------------------

    def run(self) -> None:
        header = self.data["pack"]
        self.region = self.upsert(
            "pack", Region, {"code": header["region"]}, {"name": header.get("name", "")}
        ) or Region.objects.filter(code=header["region"]).first()
        if self.region is None:
            return
        self.load_countries()
        self.each("languages", RegionLanguage, key=("country", "language"),
                  fks={"country": self.country})
        if "tax_policy" in self.data:
            self.record("tax_policy", TaxPolicy, dict(self.data["tax_policy"]), key=())
        self.each("vat_rates", VatRate, key=("country", "kind", "applies_to", "valid_from"),
                  fks={"country": self.country}, scoped=False)
        for obj in self.each("certificate_types", CertificateType, key=("code",),
                             fks={"country": self.country}):
            self.certificate_types[obj.code] = obj
        self.each("compliance_rules", ComplianceRule, key=("code",),
                  fks={"country": self.country, "certificate_type": self.certificate_type})
        self.each("payment_methods", PaymentMethod, key=("code",), m2m=("countries",),
                  children=("currencies", PaymentMethodCurrency, "method", ("currency", "country"),
                            {"country": self.country}))
        self.each("warehouses", Warehouse, key=("code",), m2m=("countries_served",),
                  children=("shipping_options", ShippingOption, "warehouse", ("code",), {}))

    def load_countries(self) -> None:
        self.countries = {str(c.code): c for c in Country.objects.filter(region=self.region)}
        for index, record in enumerate(self.data.get("countries", [])):
            where = f"countries[{index}] ({record.get('code', '?')})"
            holder = Country.objects.filter(code=record.get("code")).exclude(
                region=self.region).select_related("region").first()
            if holder is not None:
                self.error(where, f"code: {holder.code} already belongs to region "
                                  f"“{holder.region.code}”; a country belongs to one region only.")
                continue
            obj = self.record("countries", Country, record, key=("code",), index=index)
            if obj is not None:
                self.countries[str(obj.code)] = obj

    # --- resolvers of codes to rows ------------------------------------------------------

    def country(self, code: str) -> Country:
        try:
            return self.countries[code]
        except KeyError:
            raise LookupError(f"“{code}” is not a country of region “{self.region.code}”") from None

    def certificate_type(self, code: str) -> CertificateType:
        try:
            return self.certificate_types[code]
        except KeyError:
            raise LookupError(f"no certificate type “{code}” in this pack") from None

    # --- generic record handling ---------------------------------------------------------

    def each(self, section: str, model: type[models.Model], *, key: tuple[str, ...],
             fks: dict[str, Callable] | None = None, m2m: tuple[str, ...] = (),
             children: tuple | None = None, scoped: bool = True) -> list[models.Model]:
        loaded = []
        for index, record in enumerate(self.data.get(section, [])):
            obj = self.record(section, model, dict(record), key=key, fks=fks, m2m=m2m,
                              children=children, scoped=scoped, index=index)
            if obj is not None:
                loaded.append(obj)
        return loaded

    def record(self, section: str, model: type[models.Model], record: dict[str, Any], *,
               key: tuple[str, ...], fks: dict[str, Callable] | None = None,
               m2m: tuple[str, ...] = (), children: tuple | None = None, scoped: bool = True,
               index: int | None = None, parent: tuple[str, models.Model] | None = None
               ) -> models.Model | None:
        label = f"{section}[{index}]" if index is not None else section
        where = f"{label} ({', '.join(str(record.get(k)) for k in key if record.get(k))})"
        child_records = record.pop(children[0], []) if children else []
        unknown = self.unknown_fields(model, record, m2m)
        problems = [f"{name}: not a field of {model._meta.verbose_name}" for name in unknown]
        resolved: dict[str, Any] = {}
        for name, value in record.items():
            if name in unknown:
                continue
            try:
                resolved[name] = self.resolve(name, value, fks or {}, m2m)
                if name not in m2m and name not in (fks or {}):
                    resolved[name] = self.to_python(model, name, resolved[name])
            except LookupError as exc:
                problems.append(f"{name}: {exc}")
        if problems:
            for problem in problems:
                self.error(where, problem)
            return None
        lookup: dict[str, Any] = {}
        if parent is not None:
            lookup[parent[0]] = parent[1]
        elif scoped and model is not Region:
            lookup["region"] = self.region
        for name in key:
            default = model._meta.get_field(name).get_default()
            lookup[name] = resolved.pop(name) if name in resolved else default
        relations = {name: resolved.pop(name) for name in m2m if name in resolved}
        obj = self.upsert(where, model, lookup, resolved, relations)
        if obj is not None and children:
            _, child_model, parent_field, child_key, child_fks = children
            for child_index, child in enumerate(child_records):
                self.record(f"{label}.{children[0]}", child_model, dict(child), key=child_key,
                            fks=child_fks, index=child_index, parent=(parent_field, obj))
        return obj

    @staticmethod
    def unknown_fields(model: type[models.Model], record: dict, m2m: tuple) -> list[str]:
        # The region and parent rows come from the pack's structure, never from a record.
        fixed = {"id", "region", "method", "warehouse"}
        names = {f.name for f in model._meta.concrete_fields} | set(m2m)
        return [name for name in record if name not in names or name in fixed]

    def resolve(self, name: str, value: Any, fks: dict[str, Callable], m2m: tuple) -> Any:
        if name in m2m:
            if value == "*":
                return list(self.countries.values())
            if not isinstance(value, list):
                raise LookupError("give a list of country codes or \"*\" for all")
            return [self.country(code) for code in value]
        if name in fks:
            return fks[name](value) if value not in (None, "") else None
        if isinstance(value, float):
            raise LookupError(f"write {value} as a string (\"{value}\") so it is not rounded")
        return value

    @staticmethod
    def to_python(model: type[models.Model], name: str, value: Any) -> Any:
        # Compare the pack's "23.00" and the database's Decimal("23") as the same value.
        try:
            return model._meta.get_field(name).to_python(value)
        except ValidationError as exc:
            raise LookupError(" ".join(exc.messages)) from None

    def upsert(self, where: str, model: type[models.Model], lookup: dict[str, Any],
               values: dict[str, Any], relations: dict[str, list] | None = None
               ) -> models.Model | None:
        relations = relations or {}
        natural_key = ",".join(f"{k}={normalize(v)}" for k, v in lookup.items())
        model_label = model._meta.label_lower
        wanted = {name: normalize(v) for name, v in {**values, **relations}.items()}
        snapshot_row = PackRecord.objects.filter(
            pack=self.pack.label, model=model_label, natural_key=natural_key).first()
        snapshot = snapshot_row.values if snapshot_row else None
        obj = model._default_manager.filter(**lookup).first()

        if obj is None and snapshot is not None and not self.force:
            self.note(KEPT_DELETED, model_label, natural_key)
            return None
        current = None if obj is None else self.current_values(obj, values, relations)
        if current == wanted:
            action = UNCHANGED
        elif obj is None:
            action = CREATED
        elif current == snapshot:
            action = UPDATED
        elif self.force:
            action = RESET
        else:
            self.note(KEPT, model_label, natural_key, self.differences(current, wanted))
            return obj

        if action != UNCHANGED:
            obj = obj or model(**lookup)
            for name, value in values.items():
                setattr(obj, name, value)
            try:
                obj.full_clean()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        prefix = "" if name == "__all__" else f"{name}: "
                        self.error(where, f"{prefix}{message}")
                return None
            obj._change_reason = f"load_region {self.pack.region_code}"
            obj.save()
            for name, related in relations.items():
                getattr(obj, name).set(related)
        self.note(action, model_label, natural_key,
                  self.differences(current, wanted) if action in (UPDATED, RESET) else {})
        if snapshot != wanted:
            PackRecord.objects.update_or_create(
                pack=self.pack.label, model=model_label, natural_key=natural_key,
                defaults={"values": wanted})
        return obj

    @staticmethod
    def current_values(obj: models.Model, values: dict, relations: dict) -> dict[str, Any]:
        current = {name: normalize(getattr(obj, name)) for name in values}
        for name in relations:
            current[name] = normalize(list(getattr(obj, name).all()))
        return current

    @staticmethod
    def differences(current: dict | None, wanted: dict) -> dict[str, tuple[Any, Any]]:
        current = current or {}
        return {name: (current.get(name), value) for name, value in wanted.items()
                if current.get(name) != value}

    def note(self, action: str, model: str, key: str, differences: dict | None = None) -> None:
        self.report.changes.append(Change(action, model, key, differences or {}))

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{self.file}: {where}: {message}")


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def describe(changes: Iterable[Change], *, verbose: bool = False) -> list[str]:
    """A line per change a person should read: updates, resets and kept edits (and, when
    verbose, every created row)."""
    quiet = {UNCHANGED} if verbose else {UNCHANGED, CREATED}
    lines = []
    for change in changes:
        if change.action in quiet:
            continue
        lines.append(f"{change.action}: {change.model} {change.key}")
        for name, (old, new) in change.differences.items():
            lines.append(f"    {name}: database {old!r}, pack {new!r}")
    return lines
