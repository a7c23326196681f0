"""Load a region pack's data into the database, idempotently and without losing ops edits.

For every row the pack describes, three versions are compared: the row as it is now, the
values the pack wrote last time (a PackRecord snapshot) and the pack file.

- no row yet                       → create it
- row equals the pack              → unchanged
- row equals the last snapshot     → the pack was updated and ops did not touch the row: update
- otherwise                        → ops edited the row: keep it and report the difference
                                     (`force` resets it to the pack)
- row gone but a snapshot exists   → ops deleted it: keep it deleted (`force` recreates it)
- in a pruned section (PackSection.prune), a row the pack loaded before and no longer lists:
  deleted when it still equals the last snapshot (or with `force`); kept when ops edited it
  or other rows still point at it (reported)

The whole load is one transaction: one bad record and nothing is written.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError

from regions.core import declarations
from regions.core.models import Country, PackLoad, PackRecord, Region
from regions.core.packs import PackSection, RegionPackConfig, pack_sections

CREATED, UPDATED, UNCHANGED, KEPT, RESET, KEPT_DELETED = (
    "created",
    "updated from pack",
    "unchanged",
    "kept ops edit",
    "reset to pack",
    "kept deleted by ops",
)
REMOVED, KEPT_IN_USE = "removed from pack", "kept (still in use)"
WRITES = {CREATED, UPDATED, RESET, REMOVED}


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


# Sections the loader itself reads; every other one is declared by a concern's app
# (PackSection in its AppConfig.pack_sections).
HEADER, COUNTRIES = "pack", "countries"
# Lists of tables that declare entries of open lists (categories, settlement kinds...): read by
# regions.core.declarations at startup, accepted here and never loaded as rows.
DECLARATION_SECTIONS = declarations.DECLARATION_SECTIONS
_COUNTRY_SECTION = PackSection(COUNTRIES, "regions_core.Country", key=("code",))


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
    sections = {section.name: section for section in pack_sections()}
    singles = {HEADER, *(name for name, section in sections.items() if section.single)}
    lists = {COUNTRIES, *DECLARATION_SECTIONS,
             *(name for name, section in sections.items() if not section.single)}
    for name, value in data.items():
        if name in singles:
            if not isinstance(value, dict):
                errors.append(f"{file}: [{name}] must be a table")
        elif name not in lists:
            known = ", ".join((HEADER, COUNTRIES, *sections, *DECLARATION_SECTIONS))
            errors.append(f"{file}: unknown section “{name}” (known: {known})")
        elif not (isinstance(value, list) and all(isinstance(r, dict) for r in value)):
            errors.append(f"{file}: {name} must be written as [[{name}]] tables")
        elif (child := sections.get(name) and sections[name].children) is not None:
            for index, record in enumerate(value):
                rows = record.get(child.name, [])
                if not (isinstance(rows, list) and all(isinstance(r, dict) for r in rows)):
                    errors.append(f"{file}: {name}[{index}].{child.name} must be written as "
                                  f"[[{name}.{child.name}]] tables")
    return errors


def normalize(value: Any) -> Any:
    """A JSON-friendly, comparable form: related rows by code, decimals without trailing zeros,
    mappings compared by content."""
    if isinstance(value, models.Model):
        return str(value.code)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return sorted(normalize(item) for item in value)
    if isinstance(value, dict):
        # A mapping, not its text: PostgreSQL's jsonb hands keys back in its own order.
        return {str(key): normalize(item) for key, item in sorted(value.items())}
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
        # Rows loaded in this run by section and code, for records that name them.
        self.loaded: dict[str, dict[str, models.Model]] = {}
        # Natural keys the pack file names, by model label (what pruning keeps).
        self.seen: dict[str, set[str]] = {}

    # --- sections ------------------------------------------------------------------------

    def run(self) -> None:
        header = self.data["pack"]
        self.region = self.upsert(
            "pack", Region, {"code": header["region"]}, {"name": header.get("name", "")}
        ) or Region.objects.filter(code=header["region"]).first()
        if self.region is None:
            return
        self.load_countries()
        for section in pack_sections():
            if section.single:
                if section.name in self.data:
                    self.record(section, dict(self.data[section.name]))
                continue
            loaded = self.loaded.setdefault(section.name, {})
            for index, record in enumerate(self.data.get(section.name, [])):
                obj = self.record(section, dict(record), index=index)
                if obj is not None and hasattr(obj, "code"):
                    loaded[str(obj.code)] = obj
        if not self.errors:
            # Dependants first (a rule before the certificate type it names).
            for section in reversed(list(pack_sections())):
                if section.prune:
                    self.prune(section)

    def prune(self, section: PackSection) -> None:
        """Delete the section's rows that the pack loaded before and no longer lists."""
        model = apps.get_model(section.model)
        label = model._meta.label_lower
        gone = PackRecord.objects.filter(pack=self.pack.label, model=label).exclude(
            natural_key__in=self.seen.get(label, set()))
        for snapshot in gone:
            parts = dict(part.split("=", 1) for part in snapshot.natural_key.split(","))
            if parts.get("region") != self.region.code or set(parts) != {"region",
                                                                        *section.key}:
                continue  # another region's pack of the same label, or another key shape
            obj = model._default_manager.filter(
                region=self.region, **{k: parts[k] for k in section.key}).first()
            if obj is None:
                snapshot.delete()
                continue
            current = self.current_values(
                obj, {n: None for n in snapshot.values if n not in section.m2m},
                {n: None for n in snapshot.values if n in section.m2m})
            if current != snapshot.values and not self.force:
                self.note(KEPT, label, snapshot.natural_key,
                          {n: (v, None) for n, v in current.items()
                           if v != snapshot.values.get(n)})
                continue
            try:
                with transaction.atomic():
                    obj._change_reason = f"load_region {self.pack.region_code}"
                    obj.delete()
            except ProtectedError as exc:
                users = sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects})
                self.note(KEPT_IN_USE, label, snapshot.natural_key,
                          {"used by": (", ".join(users), None)})
                continue
            snapshot.delete()
            self.note(REMOVED, label, snapshot.natural_key)

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
            obj = self.record(_COUNTRY_SECTION, dict(record), index=index)
            if obj is not None:
                self.countries[str(obj.code)] = obj

    # --- resolvers of codes to rows ------------------------------------------------------

    def country(self, code: str) -> Country:
        try:
            return self.countries[code]
        except KeyError:
            raise LookupError(f"“{code}” is not a country of region “{self.region.code}”") from None

    def referenced(self, section: str) -> Callable[[str], models.Model]:
        if section == COUNTRIES:
            return self.country

        def lookup(code: str) -> models.Model:
            try:
                return self.loaded[section][code]
            except KeyError:
                raise LookupError(f"no {section} record “{code}” in this pack") from None
        return lookup

    # --- generic record handling ---------------------------------------------------------

    def record(self, section: PackSection, record: dict[str, Any], *, index: int | None = None,
               prefix: str = "", parent: models.Model | None = None) -> models.Model | None:
        model = apps.get_model(section.model)
        key, m2m = section.key, section.m2m
        fks = {name: self.referenced(source) for name, source in section.references.items()}
        children = section.children
        label = f"{prefix}{section.name}[{index}]" if index is not None else section.name
        where = f"{label} ({', '.join(str(record.get(k)) for k in key if record.get(k))})"
        child_records = record.pop(children.name, []) if children else []
        unknown = self.unknown_fields(model, record, m2m, section)
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
            lookup[section.parent_field] = parent
        elif section.scoped and model is not Region:
            lookup["region"] = self.region
        for name in key:
            default = model._meta.get_field(name).get_default()
            lookup[name] = resolved.pop(name) if name in resolved else default
        relations = {name: resolved.pop(name) for name in m2m if name in resolved}
        obj = self.upsert(where, model, lookup, resolved, relations)
        if obj is not None and children:
            for child_index, child in enumerate(child_records):
                self.record(children, dict(child), index=child_index, prefix=f"{label}.",
                            parent=obj)
        return obj

    @staticmethod
    def unknown_fields(model: type[models.Model], record: dict, m2m: tuple,
                       section: PackSection) -> list[str]:
        # The region and parent rows come from the pack's structure, never from a record.
        fixed = {"id", "region", section.parent_field}
        names = {f.name for f in model._meta.concrete_fields} | set(m2m)
        return [name for name in record if name not in names or name in fixed]

    def resolve(self, name: str, value: Any, fks: dict[str, Callable], m2m: tuple) -> Any:
        if name in m2m and name in fks:
            if not isinstance(value, list):
                raise LookupError("give a list of codes")
            return [fks[name](code) for code in value]
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
        self.seen.setdefault(model_label, set()).add(natural_key)
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
            # Many-to-many values are set after the save; a clean that checks the row against
            # them (a rule's covered acts against its alternative types) reads them here.
            obj.pending_relations = relations
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
