"""Load the demo catalog: suppliers with their merchant logins and certificates, and listings
with prices, attributes and human translations (fixtures/demo_catalog.toml), then each
installed region pack's optional `demo.toml` in the same format.

A pack's file may use the suppliers and listings of the files loaded before it: a listing names
its supplier's slug, a certificate covers listings by key, and a `[[suppliers]]` record with only
`slug` (and `members` or `certificates`) adds to a supplier defined earlier. A pack's file is
skipped, and the report says so, while its region is not loaded.

Idempotent: each record is matched to the row it made last time and rewritten only when it
differs, so a second load changes nothing. One transaction: one bad record and nothing is
written. Refused in production, because the file publishes the merchants' passwords.

Listings have no field for the file's `key`, so a listing is matched by its supplier and title,
or, when the title changed, by its supplier and description (a rename keeps the row and its
translations, which then become outdated).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import (
    Listing,
    ListingAttribute,
    ListingTranslation,
    PriceTier,
    Supplier,
    SupplierBankAccount,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import save_listing, write_translation
from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType
from regions.core.models import Region
from regions.core.packs import installed_packs

DEMO_CATALOG = settings.BASE_DIR / "fixtures" / "demo_catalog.toml"
LOAD_PACKS_HINT = "load the region packs first (`python manage.py load_region --all`)"
CHANGE_REASON = "load_demo"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
KINDS = ("suppliers", "merchant logins", "listings", "translations", "certificates")

# What each kind of record may say; anything else is a typo worth reporting.
SUPPLIER_FIELDS = ("slug", "name", "country")
# The company identity invoices print, each optional: set where the record gives it.
SUPPLIER_IDENTITY_FIELDS = ("vat_id", "registration_number", "street_address", "postal_code",
                            "city", "country_area", "email", "phone")
# The language the supplier reads (catalog.languages); without it, its listings' language.
SUPPLIER_PREFERENCE_FIELDS = ("language",)
BANK_ACCOUNT_FIELDS = ("account_holder", "bank_name", "bank_country", "iban", "bic",
                       "account_number", "bank_code")
MEMBER_FIELDS = ("username", "password", "email")
CERTIFICATE_FIELDS = ("number", "issuer", "valid_from", "valid_until", "status", "acts",
                      "rejection_reason")
LISTING_FIELDS = ("status", "source_language", "source_currency", "title", "description",
                  "category", "contains_battery", "radio", "for_children", "voltage", "hs_code",
                  "moq", "lead_time_min_days", "lead_time_max_days")
SHAPES: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required keys, optional keys)
    # name and country are required where the supplier is defined (see _Loader.load_supplier)
    "suppliers": ({"slug"}, {"name", "country", "members", "certificates", "bank_account",
                             *SUPPLIER_IDENTITY_FIELDS, *SUPPLIER_PREFERENCE_FIELDS}),
    "bank_account": ({"account_holder", "bank_country"},
                     {"bank_name", "iban", "bic", "account_number", "bank_code"}),
    "members": ({"username", "password"}, {"email"}),
    "certificates": ({"type", "region", "number", "status"},
                     {"issuer", "valid_from", "valid_until", "rejection_reason", "listings",
                      "acts"}),
    "listings": ({"key", "supplier", "source_language", "source_currency", "title",
                  "description", "category", "hs_code", "lead_time_min_days",
                  "lead_time_max_days", "price_tiers"},
                 {"status", "contains_battery", "radio", "for_children", "voltage", "moq",
                  "attributes", "translations"}),
    "attributes": ({"name", "value"}, {"unit"}),
    "price_tiers": ({"min_quantity", "unit_price"}, set()),
    "translations": ({"language", "title", "description"}, {"state"}),
}
# A file translation is a person's work: reviewed, or waiting for a reviewer.
HUMAN_STATES = (TranslationState.REVIEWED, TranslationState.NEEDS_REVIEW)


class DemoError(Exception):
    """The demo catalog cannot be loaded; the message says why."""


class DemoRefused(DemoError):
    pass


class DemoDataError(DemoError):
    """Bad records; each of `errors` names the file, the record and the field."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    supplier: str


@dataclass
class DemoReport:
    file: str  # the files loaded, comma-separated
    actions: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    outdated_translations: int = 0
    logins: list[Login] = field(default_factory=list)
    # Listings of the demo suppliers that the file no longer describes: kept, never deleted.
    not_in_file: list[str] = field(default_factory=list)
    # Pack demo files left out, each with the reason.
    skipped: list[str] = field(default_factory=list)

    def count(self, kind: str, action: str | None = None) -> int:
        counts = self.actions[kind]
        return counts[action] if action else sum(counts.values())

    @property
    def changed(self) -> bool:
        return any(counts[CREATED] or counts[UPDATED] for counts in self.actions.values())


def pack_demo_files() -> tuple[list[Path], list[str]]:
    """The installed packs' demo files whose region is loaded, by region code, and a line for
    each one left out because its region is not loaded."""
    loaded = set(Region.objects.values_list("code", flat=True))
    files, skipped = [], []
    for code, pack in sorted(installed_packs().items()):
        if not pack.demo_file.is_file():
            continue
        if code in loaded:
            files.append(pack.demo_file)
        else:
            skipped.append(f"{_display_path(pack.demo_file)}: region “{code}” is not loaded "
                           f"(python manage.py load_region {code})")
    return files, skipped


def load_demo(path: Path | str = DEMO_CATALOG, *, packs: bool = True) -> DemoReport:
    """The demo file, then (unless `packs` is false) each loaded pack's demo.toml."""
    files, skipped = pack_demo_files() if packs else ([], [])
    report = load_demo_catalog(path, *files)
    report.skipped = skipped
    return report


def load_demo_catalog(*paths: Path | str) -> DemoReport:
    """Load the demo files, in order and in one transaction, into the database (the global
    file when none is given); see the module docstring for the rules."""
    if settings.PRODUCTION:
        raise DemoRefused(
            "The demo catalog publishes merchant passwords; refusing in production."
        )
    sources = [_read(Path(path)) for path in paths or (DEMO_CATALOG,)]
    shape_errors = [error for file, data in sources for error in _check_shape(data, file)]
    if shape_errors:
        raise DemoDataError(shape_errors)
    loader = _Loader(sources)
    with transaction.atomic():
        loader.run()
        if loader.errors:
            raise DemoDataError(loader.errors)
    return loader.report


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    file = _display_path(path)
    try:
        with path.open("rb") as handle:
            return file, tomllib.load(handle)
    except FileNotFoundError:
        raise DemoError(f"{file}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError([f"{file}: not valid TOML: {exc}"]) from None


# --- the shape of the file, before anything is looked up ----------------------------------


def _check_shape(data: dict[str, Any], file: str) -> list[str]:
    errors = []
    for section in data:
        if section not in ("suppliers", "listings"):
            errors.append(f"{file}: unknown section “{section}” (known: suppliers, listings)")
    for section, children in (("suppliers", ("members", "certificates")),
                              ("listings", ("attributes", "price_tiers", "translations"))):
        records = data.get(section, [])
        if not _is_tables(records):
            errors.append(f"{file}: {section} must be written as [[{section}]] tables")
            continue
        for index, record in enumerate(records):
            where = f"{file}: {section}[{index}]"
            errors += _check_keys(where, section, record)
            for child in children:
                rows = record.get(child, [])
                if not _is_tables(rows):
                    errors.append(f"{where}: {child} must be written as [[{section}.{child}]] "
                                  "tables")
                    continue
                for child_index, row in enumerate(rows):
                    errors += _check_keys(f"{where}.{child}[{child_index}]", child, row)
            if section == "suppliers" and "bank_account" in record:
                if isinstance(record["bank_account"], dict):
                    errors += _check_keys(f"{where}.bank_account", "bank_account",
                                          record["bank_account"])
                else:
                    errors.append(f"{where}: bank_account must be written as a "
                                  "[suppliers.bank_account] table")
    return errors


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _check_keys(where: str, kind: str, record: dict[str, Any]) -> list[str]:
    required, optional = SHAPES[kind]
    known = required | optional
    errors = [f"{where}: {name}: required" for name in sorted(required - record.keys())]
    errors += [f"{where}: unknown field “{name}” (known: {', '.join(sorted(known))})"
               for name in record if name not in known]
    errors += [f"{where}: {name}: write {value} as a string (\"{value}\") so it is not rounded"
               for name, value in record.items() if isinstance(value, float)]
    return errors


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def _messages(exc: ValidationError) -> list[str]:
    """`field: message` lines, the form every error of the loader takes."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [message if name == "__all__" else f"{name}: {message}"
            for name, messages in exc.message_dict.items() for message in messages]


def _values(obj: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


# --- the loader --------------------------------------------------------------------------


class _Loader:
    """Loads (file, data) sources in order; what one source defined (suppliers, listing keys,
    merchant logins) the later ones can use but not define again."""

    def __init__(self, sources: list[tuple[str, dict[str, Any]]]):
        self.sources = sources
        self.file, self.data = sources[0]  # the source being loaded
        self.errors: list[str] = []
        self.report = DemoReport(file=", ".join(file for file, _data in sources))
        self.suppliers: dict[str, Supplier] = {}  # slug → saved supplier
        self.supplier_file: dict[str, str] = {}  # slug → the file that defines it
        self.listings: dict[str, Listing] = {}  # key → saved listing
        self.failed_keys: set[str] = set()  # listings already reported as bad
        self.listing_supplier: dict[str, str] = {}  # key → supplier slug, from the files
        self.seen_keys: set[str] = set()
        self.seen_usernames: set[str] = set()
        self.matched: set[int] = set()  # listings the files describe
        self.certificate_types: dict[tuple[str, str], CertificateType | None] = {}
        # slug → the titles the files give its listings (a rename is told from a new one)
        self.titles: dict[str, set[str]] = {}
        for _file, data in sources:
            for record in data.get("listings", []):
                self.titles.setdefault(str(record["supplier"]), set()).add(record["title"])

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{self.file}: {where}: {message}")

    def note(self, kind: str, action: str) -> None:
        self.report.actions[kind][action] += 1

    def run(self) -> None:
        loaded = set(CertificateType.objects.values_list("region__code", flat=True))
        for file, data in self.sources:
            self.file, self.data = file, data
            self.require_packs(data.get("suppliers", []), loaded)
        if self.errors:
            return  # without certificate types every certificate would repeat the same hint
        for file, data in self.sources:
            self.file, self.data = file, data
            self.run_source()
        for supplier in self.suppliers.values():
            self.report.not_in_file += [
                f"{supplier.slug}: {listing.title}"
                for listing in supplier.listings.exclude(pk__in=self.matched).order_by("pk")
            ]

    def run_source(self) -> None:
        suppliers = self.data.get("suppliers", [])
        known_before = set(self.suppliers)
        for index, record in enumerate(suppliers):
            self.load_supplier(index, record, known_before)
        self.load_members(suppliers)
        self.load_listings(self.data.get("listings", []))
        for index, record in enumerate(suppliers):
            supplier = self.suppliers.get(record["slug"])
            for cert_index, cert in enumerate(record.get("certificates", [])):
                if supplier is not None:
                    self.load_certificate(f"suppliers[{index}].certificates[{cert_index}]",
                                          supplier, cert)

    def require_packs(self, suppliers: list[dict[str, Any]], loaded: set[str]) -> None:
        wanted = {str(cert["region"]) for record in suppliers
                  for cert in record.get("certificates", [])}
        missing = sorted(wanted - loaded)
        if missing:
            regions = ", ".join(f"“{code}”" for code in missing)
            self.errors.append(f"{self.file}: no certificate types for region {regions}: "
                               f"{LOAD_PACKS_HINT}")

    # --- suppliers and their merchant logins ---------------------------------------------

    def load_supplier(self, index: int, record: dict[str, Any], known_before: set[str]
                      ) -> None:
        slug = record["slug"]
        where = f"suppliers[{index}] ({slug})"
        defines = [name for name in (*SUPPLIER_FIELDS, *SUPPLIER_IDENTITY_FIELDS,
                                     *SUPPLIER_PREFERENCE_FIELDS, "bank_account")
                   if name != "slug" and name in record]
        if slug in known_before:
            # An earlier file defines it: this record only adds members or certificates.
            if defines:
                self.error(where, f"{defines[0]}: supplier “{slug}” is defined in "
                                  f"{self.supplier_file[slug]}; give only its slug here "
                                  "(with members or certificates to add)")
            return
        if slug in self.suppliers:
            self.error(where, "slug: listed twice in the file")
            return
        missing = [name for name in SUPPLIER_FIELDS if name not in record]
        if missing:
            for name in missing:
                self.error(where, f"{name}: required (no supplier “{slug}” in an earlier file)")
            return
        fields = (*SUPPLIER_FIELDS, *SUPPLIER_IDENTITY_FIELDS, *SUPPLIER_PREFERENCE_FIELDS)
        supplier = Supplier.objects.filter(slug=slug).first()
        before = None if supplier is None else _values(supplier, fields)
        supplier = supplier or Supplier()
        for name in fields:
            if name in record:
                setattr(supplier, name, str(record[name]))
        try:
            supplier.full_clean()
        except ValidationError as exc:
            for message in _messages(exc):
                self.error(where, message)
            return
        changed = before != _values(supplier, fields)
        if changed:
            supplier._change_reason = CHANGE_REASON
            supplier.save()
        if "bank_account" in record:
            changed = self.load_bank_account(where, supplier, record["bank_account"]) or changed
        self.note("suppliers", UNCHANGED if not changed
                  else CREATED if before is None else UPDATED)
        self.suppliers[slug] = supplier
        self.supplier_file[slug] = self.file

    def load_bank_account(self, where: str, supplier: Supplier, record: dict[str, Any]
                          ) -> bool:
        """The supplier's payout details, checked as the workspace checks them. Returns
        whether they changed."""
        account = SupplierBankAccount.objects.filter(supplier=supplier).first()
        before = None if account is None else _values(account, BANK_ACCOUNT_FIELDS)
        account = account or SupplierBankAccount(supplier=supplier)
        for name in BANK_ACCOUNT_FIELDS:
            setattr(account, name, str(record.get(name, "")))
        try:
            account.full_clean()
        except ValidationError as exc:
            for message in _messages(exc):
                self.error(f"{where}.bank_account", message)
            return False
        if before == _values(account, BANK_ACCOUNT_FIELDS):
            return False
        account._change_reason = CHANGE_REASON
        account.save()
        return True

    def load_members(self, suppliers: list[dict[str, Any]]) -> None:
        seen = self.seen_usernames
        for index, record in enumerate(suppliers):
            supplier = self.suppliers.get(record["slug"])
            for member_index, member in enumerate(record.get("members", [])):
                where = f"suppliers[{index}].members[{member_index}] ({member['username']})"
                if member["username"] in seen:
                    self.error(where, "username: listed twice in the demo files")
                elif supplier is not None:
                    self.load_member(where, supplier, member)
                seen.add(member["username"])

    def load_member(self, where: str, supplier: Supplier, member: dict[str, Any]) -> None:
        User = get_user_model()
        user = User.objects.filter(username=member["username"]).first()
        if user is not None and (user.is_staff or user.is_superuser):
            # A merchant login must never reset the password of an ops or admin account.
            self.error(where, "username: belongs to a staff user; pick another name")
            return
        password = member["password"]
        if not isinstance(password, str) or not password:
            self.error(where, "password: give the demo password as text")
            return
        email = member.get("email", "")
        created = user is None
        # The command prints the file's passwords, so a demo login is reset to its own.
        changed = created or user.email != email or not user.check_password(password)
        user = user or User(username=member["username"])
        user.email = email
        if changed:
            user.set_password(password)
        try:
            user.full_clean()
        except ValidationError as exc:
            for message in _messages(exc):
                self.error(where, message)
            return
        if changed:
            user.save()
        if not supplier.members.filter(pk=user.pk).exists():
            supplier.members.add(user)
            changed = True
        self.note("merchant logins", CREATED if created else UPDATED if changed else UNCHANGED)
        self.report.logins.append(Login(user.username, password, supplier.name))

    # --- listings ------------------------------------------------------------------------

    def load_listings(self, records: list[dict[str, Any]]) -> None:
        matched = self.matched
        seen_keys = self.seen_keys
        for index, record in enumerate(records):
            where = f"listings[{index}] ({record['title']})"
            key = record["key"]
            if key in seen_keys:
                self.error(where, f"key: “{key}” is used by another listing")
                continue
            seen_keys.add(key)
            self.listing_supplier[key] = record["supplier"]
            supplier = self.suppliers.get(record["supplier"])
            if supplier is None:
                if not any(s.get("slug") == record["supplier"]
                           for _file, data in self.sources for s in data.get("suppliers", [])):
                    self.error(where, f"supplier: no supplier “{record['supplier']}” in the "
                                      "file or an earlier one")
                self.failed_keys.add(key)  # a bad supplier is reported once, at the supplier
                continue
            listing = self.load_listing(where, supplier, record, self.titles[supplier.slug],
                                        matched)
            if listing is None:
                self.failed_keys.add(key)
            else:
                matched.add(listing.pk)
                self.listings[key] = listing

    def find_listing(self, supplier: Supplier, title: str, description: str,
                     file_titles: set[str], matched: set[int]) -> Listing | None:
        existing = supplier.listings.exclude(pk__in=matched)
        by_title = existing.filter(title=title).order_by("pk").first()
        if by_title is not None:
            return by_title
        # A renamed listing: same description, and its old title is no longer in the file.
        renamed = [listing for listing in existing.filter(description=description)
                   if listing.title not in file_titles]
        return renamed[0] if len(renamed) == 1 else None

    def load_listing(self, where: str, supplier: Supplier, record: dict[str, Any],
                     file_titles: set[str], matched: set[int]) -> Listing | None:
        description = record["description"]
        if not isinstance(description, str):
            self.error(where, "description: give the description as text")
            return None
        description = sanitize(description)
        listing = self.find_listing(supplier, record["title"], description, file_titles,
                                    matched)
        before = None if listing is None else self.listing_state(listing)
        listing = listing or Listing(supplier=supplier)
        for name in LISTING_FIELDS:
            default = Listing._meta.get_field(name).get_default()
            setattr(listing, name, record.get(name, default))
        listing.description = description
        problems = []
        try:
            # save_listing computes the source hash; everything else must be valid first.
            listing.full_clean(exclude=["source_hash"])
        except ValidationError as exc:
            problems += _messages(exc)
        attributes = self.attributes(record, problems)
        tiers = self.price_tiers(record, listing.moq, problems)
        translations = self.translations(record, problems)
        for problem in problems:
            self.error(where, problem)
        if problems:
            return None

        after = (_values(listing, LISTING_FIELDS), attributes, tiers)
        if before == after:
            self.note("listings", UNCHANGED)
        else:
            listing._change_reason = CHANGE_REASON
            self.report.outdated_translations += save_listing(listing)
            if before is None or before[1] != attributes:
                listing.attributes.all().delete()
                ListingAttribute.objects.bulk_create(
                    ListingAttribute(listing=listing, name=name, value=value, unit=unit,
                                     position=position)
                    for name, value, unit, position in attributes)
            if before is None or before[2] != tiers:
                listing.price_tiers.all().delete()
                PriceTier.objects.bulk_create(
                    PriceTier(listing=listing, min_quantity=quantity, unit_price=price)
                    for quantity, price in tiers)
            self.note("listings", CREATED if before is None else UPDATED)
        for language, values in translations.items():
            self.load_translation(listing, language, values)
        return listing

    @staticmethod
    def listing_state(listing: Listing) -> tuple:
        attributes = [(a.name, a.value, a.unit, a.position) for a in listing.attributes.all()]
        tiers = [(t.min_quantity, t.unit_price) for t in listing.price_tiers.all()]
        return _values(listing, LISTING_FIELDS), attributes, tiers

    @staticmethod
    def attributes(record: dict[str, Any], problems: list[str]) -> list[tuple]:
        rows = []
        for position, row in enumerate(record.get("attributes", [])):
            attribute = ListingAttribute(name=row["name"], value=row["value"],
                                         unit=row.get("unit", ""), position=position)
            try:
                attribute.full_clean(exclude=["listing"])
            except ValidationError as exc:
                problems += [f"attributes[{position}].{m}" for m in _messages(exc)]
                continue
            rows.append((attribute.name, attribute.value, attribute.unit, position))
        return rows

    @staticmethod
    def price_tiers(record: dict[str, Any], moq: Any, problems: list[str]) -> list[tuple]:
        tiers: list[tuple[int, Decimal]] = []
        for index, row in enumerate(record["price_tiers"]):
            tier = PriceTier(min_quantity=row["min_quantity"], unit_price=row["unit_price"])
            try:
                tier.full_clean(exclude=["listing"])
            except ValidationError as exc:
                problems += [f"price_tiers[{index}].{m}" for m in _messages(exc)]
                continue
            if any(quantity == tier.min_quantity for quantity, _ in tiers):
                problems.append(f"price_tiers[{index}].min_quantity: {tier.min_quantity} has "
                                "two prices")
                continue
            tiers.append((tier.min_quantity, tier.unit_price))
        tiers.sort()
        if not tiers and not problems:
            problems.append("price_tiers: give at least one price")
        elif tiers and isinstance(moq, int) and tiers[0][0] != moq:
            # Below the MOQ nothing can be bought, so a cheaper-looking first tier would lie.
            problems.append(f"price_tiers: the lowest tier starts at {tiers[0][0]}; it must "
                            f"start at the minimum order quantity ({moq})")
        return tiers

    def translations(self, record: dict[str, Any], problems: list[str]) -> dict[str, dict]:
        wanted: dict[str, dict] = {}
        for index, row in enumerate(record.get("translations", [])):
            label = f"translations[{index}]"
            state = row.get("state", TranslationState.REVIEWED)
            if state not in HUMAN_STATES:
                problems.append(f"{label}.state: a human translation is “reviewed” or "
                                "“needs_review”")
                continue
            if not isinstance(row["description"], str):
                problems.append(f"{label}.description: give the description as text")
                continue
            translation = ListingTranslation(
                language=row["language"], title=row["title"],
                description=sanitize(row["description"]), state=state,
                origin=TranslationOrigin.HUMAN, source_hash="0" * 64)
            try:
                translation.full_clean(exclude=["listing"])
            except ValidationError as exc:
                problems += [f"{label}.{m}" for m in _messages(exc)]
                continue
            if translation.language == record["source_language"]:
                problems.append(f"{label}.language: “{translation.language}” is the source "
                                "language")
            elif translation.language in wanted:
                problems.append(f"{label}.language: “{translation.language}” is translated "
                                "twice")
            else:
                wanted[translation.language] = {"title": translation.title,
                                                "description": translation.description,
                                                "state": state}
        return wanted

    def load_translation(self, listing: Listing, language: str, values: dict) -> None:
        current = listing.translations.filter(language=language).first()
        # Same text: leave it, even when outdated: a source edit must be reviewed by a person,
        # not silently re-approved by loading the file again.
        if current is not None and (current.title, current.description) == (
                values["title"], values["description"]):
            self.note("translations", UNCHANGED)
            return
        write_translation(listing, language, title=values["title"],
                          description=values["description"], origin=TranslationOrigin.HUMAN,
                          state=values["state"], made_from_hash=listing.source_hash)
        self.note("translations", CREATED if current is None else UPDATED)

    # --- certificates --------------------------------------------------------------------

    def certificate_type(self, region: str, code: str) -> CertificateType | None:
        if (region, code) not in self.certificate_types:
            self.certificate_types[region, code] = (
                CertificateType.objects.filter(region__code=region, code=code).first())
        return self.certificate_types[region, code]

    def load_certificate(self, label: str, supplier: Supplier, record: dict[str, Any]) -> None:
        region, code, number = str(record["region"]), str(record["type"]), record["number"]
        where = f"{label} ({region}/{code} {number})"
        kind = self.certificate_type(region, code)
        if kind is None:
            self.error(where, f"type: region “{region}” has no certificate type “{code}”; "
                              f"{LOAD_PACKS_HINT}")
            return
        covered, problems = self.covered_listings(supplier, record.get("listings", []))
        # Stored normalised (Certificate.clean): look it up in that form, so a reload finds it.
        certificate = Certificate.objects.filter(
            supplier=supplier, certificate_type=kind,
            number=kind.normalize_identifier(str(number))).first()
        before = None if certificate is None else (
            _values(certificate, CERTIFICATE_FIELDS),
            set(certificate.listings.values_list("pk", flat=True)))
        certificate = certificate or Certificate(supplier=supplier, certificate_type=kind)
        for name in CERTIFICATE_FIELDS:
            default = Certificate._meta.get_field(name).get_default()
            setattr(certificate, name, record.get(name, default))
        try:
            certificate.full_clean()
        except ValidationError as exc:
            problems = _messages(exc) + problems
        for problem in problems:
            self.error(where, problem)
        if problems or covered is None:
            return
        if before == (_values(certificate, CERTIFICATE_FIELDS), {c.pk for c in covered}):
            self.note("certificates", UNCHANGED)
            return
        certificate._change_reason = CHANGE_REASON
        certificate.save()
        certificate.listings.set(covered)
        self.note("certificates", CREATED if before is None else UPDATED)

    def covered_listings(self, supplier: Supplier, keys: Any
                         ) -> tuple[list[Listing] | None, list[str]]:
        """The listings a certificate covers (empty: all of the supplier's), or None when one
        of them could not be loaded and has been reported already."""
        if not (isinstance(keys, list) and all(isinstance(key, str) for key in keys)):
            return None, ["listings: give a list of listing keys"]
        covered, problems = [], []
        for key in keys:
            if key in self.failed_keys:
                return None, []
            if key not in self.listing_supplier:
                problems.append(f"listings: no listing with key “{key}” in the file or an "
                                "earlier one")
            elif self.listing_supplier[key] != supplier.slug:
                problems.append(f"listings: “{key}” is a listing of another supplier")
            else:
                covered.append(self.listings[key])
        return covered, problems
