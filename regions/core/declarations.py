"""The open lists that region packs extend: product categories and properties, payment
settlement kinds, responsible-person certificate types and the languages a pack brings.

The app that owns a list registers its core entries (`register_core`); each installed pack adds
its own in pack.toml (`[[categories]]`, `[[product_properties]]`, `[[settlement_kinds]]`,
`[pack] representative_types` and `languages`; see regions/packs/FORMAT.md). The merged lists are
read once, on first use after the app registry is ready; `reset()` forgets them (tests).

Model fields take `category_choices`, `property_choices` and `settlement_choices` as Django 5
callable choices: a migration names the function, not the list, so installing a pack that
declares a category needs no migration. A clash (one code declared twice) or a record that
uses a code nobody declares is a `manage.py check` error naming the pack (`check_messages`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import checks
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# pack.toml sections that declare list entries rather than rows: the loader accepts them and
# loads nothing from them.
DECLARATION_SECTIONS = ("categories", "product_properties", "settlement_kinds")
# Keys of the [pack] table read here.
PACK_KEYS = ("representative_types", "representatives", "languages", "currency_pegs")

CODE_RE = re.compile(r"[a-z][a-z0-9_]*")
# BCP 47 as Django's LANGUAGES spells it: "ja", "en", "pt-br", "zh-hans".
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")
# The model fields these lists feed (CharField max_length).
MAX_LENGTH = {"categories": 40, "product_properties": 40, "settlement_kinds": 20}
FIELDS = {
    "categories": ("code", "name"),
    "product_properties": ("code", "name", "categories"),
    "settlement_kinds": ("code", "name"),
}
CORE = "core"  # the owner of core entries in messages

_core: dict[str, list[tuple[str, str]]] = {section: [] for section in DECLARATION_SECTIONS}
_core_implied: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    pack: str = ""  # label of the pack that declared it; empty for a core entry
    # Product properties only: listings of these categories have the property.
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    pack: str
    message: str
    hint: str = ""


# The roles the law gives a local representative (GPSR and MSR 2019/1020 Art. 4 name these four;
# the UK and Australia a subset). A pack names the roles its representative types allow.
REPRESENTATIVE_ROLES = {
    "manufacturer": _("Manufacturer"),
    "importer": _("Importer"),
    "authorised_representative": _("Authorised representative"),
    "fulfilment_service_provider": _("Fulfilment service provider"),
}
COUNTRY_CODE_RE = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class Representative:
    """Who may stand for a representative type, as its pack declares it
    (`[pack.representatives.<type>]`): the roles the law allows (empty: the law names none)
    and the countries it must be established in (empty: any country of the region)."""

    code: str
    roles: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    source: str = ""


@dataclass
class Declarations:
    lists: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {section: {} for section in DECLARATION_SECTIONS})
    representative_types: dict[str, str] = field(default_factory=dict)  # code → pack label
    representatives: dict[str, Representative] = field(default_factory=dict)  # code → rule
    languages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # pack label → tags
    # currency → (anchor currency, units of it per anchor unit): fixed pegs the ECB does not
    # publish (AED to USD at 3.6725).
    currency_pegs: dict[str, tuple[str, Decimal]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def register_core(section: str, choices: Iterable[tuple[Any, Any]]) -> None:
    """The owning app's own entries of `section` (such as a TextChoices' `.choices`)."""
    if section not in _core:
        raise ValueError(f"unknown open list {section!r} (known: {', '.join(_core)})")
    _core[section] = [(str(code), str(name)) for code, name in choices]
    reset()


def register_core_implied(implied: Mapping[str, Iterable[str]]) -> None:
    """Core product properties that listings of some categories have: property → categories
    (as a pack's `[[product_properties]] categories`)."""
    _core_implied.update({str(code): tuple(map(str, cats)) for code, cats in implied.items()})
    reset()


def reset() -> None:
    """Forget the merged lists; the next use reads the installed packs again."""
    declarations.cache_clear()
    implied_properties.cache_clear()


@receiver(setting_changed)
def _forget_when_apps_change(setting: str, **kwargs: Any) -> None:
    # A test that installs another pack (override_settings(INSTALLED_APPS=...)) sees its lists.
    if setting == "INSTALLED_APPS":
        reset()


@functools.cache
def declarations() -> Declarations:
    """The merged lists of the core and every installed pack whose pack.toml can be read (an
    unreadable one is reported by regions.E003)."""
    from regions.core.packs import PackError, installed_packs

    data = {}
    for pack in installed_packs().values():
        try:
            data[pack.label] = pack.read_data()
        except PackError:
            continue
    return collect(data)


def collect(packs: Mapping[str, Mapping[str, Any]]) -> Declarations:
    """Merge the core lists with the declarations of `packs` (pack label → pack.toml data),
    in order; the first declaration of a code wins and every later one is a problem."""
    result = Declarations()
    for section in DECLARATION_SECTIONS:
        for code, name in _core[section]:
            result.lists[section][code] = Entry(
                code, name, categories=_core_implied.get(code, ())
                if section == "product_properties" else ())
    for label, data in packs.items():
        for section in DECLARATION_SECTIONS:
            _collect_section(result, label, section, data.get(section, []))
    for label, data in packs.items():
        _check_implied_categories(result, label)
        header = data.get("pack", {})
        if isinstance(header, dict):
            _collect_representative_types(result, label, header, data)
            _collect_languages(result, label, header)
            _collect_currency_pegs(result, label, header)
    return result


def _collect_section(result: Declarations, pack: str, section: str, records: Any) -> None:
    if not (isinstance(records, list) and all(isinstance(r, dict) for r in records)):
        result.problems.append(Problem(pack, f"{section} must be written as [[{section}]] "
                                             "tables with a code and a name"))
        return
    entries = result.lists[section]
    for index, record in enumerate(records):
        where = f"{section}[{index}]"
        unknown = [name for name in record if name not in FIELDS[section]]
        if unknown:
            result.problems.append(Problem(pack, f"{where}: unknown field “{unknown[0]}” "
                                                 f"(known: {', '.join(FIELDS[section])})"))
            continue
        code, name = record.get("code"), record.get("name")
        if not (isinstance(code, str) and CODE_RE.fullmatch(code)):
            result.problems.append(Problem(
                pack, f"{where}: code {code!r} must be lowercase snake_case, such as “food”"))
            continue
        if len(code) > MAX_LENGTH[section]:
            result.problems.append(Problem(
                pack, f"{where}: code “{code}” is longer than {MAX_LENGTH[section]} characters"))
            continue
        if not (isinstance(name, str) and name.strip()):
            result.problems.append(Problem(pack, f"{where} ({code}): name is required"))
            continue
        implied = record.get("categories", [])
        if not (isinstance(implied, list) and all(isinstance(c, str) for c in implied)):
            result.problems.append(Problem(
                pack, f"{where} ({code}): categories must be a list of category codes"))
            continue
        if code in entries:
            owner = entries[code].pack
            by = "the core list" if not owner else "this pack" if owner == pack else (
                f"pack {owner!r}")
            result.problems.append(Problem(
                pack, f"{where}: “{code}” is already declared by {by}",
                hint="Use the existing code, or rename this one."))
            continue
        entries[code] = Entry(code, name.strip(), pack, tuple(implied))


def _check_implied_categories(result: Declarations, pack: str) -> None:
    categories = result.lists["categories"]
    for entry in result.lists["product_properties"].values():
        if entry.pack != pack:
            continue
        for category in entry.categories:
            if category not in categories:
                result.problems.append(Problem(
                    pack, f"product_properties ({entry.code}): category “{category}” is not "
                          "declared by the core or an installed pack"))


def _collect_representative_types(result: Declarations, pack: str, header: Mapping,
                                  data: Mapping) -> None:
    codes = header.get("representative_types", [])
    if not (isinstance(codes, list) and all(isinstance(c, str) for c in codes)):
        result.problems.append(Problem(
            pack, "[pack] representative_types must be a list of certificate type codes"))
        return
    own_types = {record.get("code") for record in data.get("certificate_types", [])
                 if isinstance(record, dict)}
    for code in codes:
        if code not in own_types:
            result.problems.append(Problem(
                pack, f"[pack] representative_types: “{code}” is not a certificate type of "
                      "this pack",
                hint="Name a [[certificate_types]] code of the same pack.toml."))
        elif code in result.representative_types and result.representative_types[code] != pack:
            result.problems.append(Problem(
                pack, f"[pack] representative_types: “{code}” is already declared by pack "
                      f"{result.representative_types[code]!r}",
                hint="Certificate type codes of representative types must be unique across "
                     "packs; rename one."))
        else:
            result.representative_types[code] = pack
            result.representatives[code] = Representative(code)
    details = header.get("representatives", {})
    if not isinstance(details, dict):
        result.problems.append(Problem(
            pack, "[pack.representatives.<type>] must be tables with roles and established_in"))
        return
    for code, record in details.items():
        problem = _representative_problem(code, record, codes)
        if problem:
            result.problems.append(Problem(pack, f"[pack.representatives.{code}]: {problem}"))
        elif result.representative_types.get(code) == pack:
            result.representatives[code] = Representative(
                code, tuple(record.get("roles", ())), tuple(record.get("established_in", ())),
                str(record.get("source", "")))


def _representative_problem(code: str, record: Any, codes: list) -> str:
    if code not in codes:
        return "not in representative_types"
    if not isinstance(record, dict):
        return "must be a table with roles and established_in"
    unknown = [name for name in record if name not in ("roles", "established_in", "source")]
    if unknown:
        return f"unknown field “{unknown[0]}” (known: roles, established_in, source)"
    roles = record.get("roles", [])
    if not (isinstance(roles, list) and all(role in REPRESENTATIVE_ROLES for role in roles)):
        return f"roles must be a list of {', '.join(REPRESENTATIVE_ROLES)}"
    countries = record.get("established_in", [])
    if not (isinstance(countries, list) and countries and all(
            isinstance(c, str) and COUNTRY_CODE_RE.fullmatch(c) for c in countries)):
        return "established_in must be a list of ISO country codes such as [\"GB\"]"
    return ""


def _collect_currency_pegs(result: Declarations, pack: str, header: Mapping) -> None:
    pegs = header.get("currency_pegs", [])
    for index, peg in enumerate(pegs if isinstance(pegs, list) else [pegs]):
        try:
            currency, anchor = peg["currency"], peg["anchor"]
            rate = Decimal(peg["rate"])
            valid = (isinstance(currency, str) and isinstance(anchor, str) and currency.isupper()
                     and anchor.isupper() and len(currency) == len(anchor) == 3 and rate > 0
                     and isinstance(peg["rate"], str) and isinstance(peg.get("source"), str))
        except (KeyError, TypeError, ArithmeticError):
            valid = False
        if not valid:
            result.problems.append(Problem(
                pack, f"[pack] currency_pegs[{index}] must be a table such as {{ currency = "
                      "\"AED\", anchor = \"USD\", rate = \"3.6725\", source = \"...\" }"))
            continue
        result.currency_pegs[currency] = (anchor, rate)


def _collect_languages(result: Declarations, pack: str, header: Mapping) -> None:
    tags = header.get("languages", [])
    if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        result.problems.append(Problem(pack, "[pack] languages must be a list of language "
                                             "tags such as [\"ja\", \"en\"]"))
        return
    bad = [tag for tag in tags if not LANGUAGE_RE.fullmatch(tag)]
    if bad:
        result.problems.append(Problem(
            pack, f"[pack] languages: “{bad[0]}” is not a lowercase language tag such as "
                  "“ja” or “pt-br”"))
        return
    result.languages[pack] = tuple(tags)


# --- the merged lists ----------------------------------------------------------------------


def entries(section: str) -> list[Entry]:
    return list(declarations().lists[section].values())


def codes(section: str) -> frozenset[str]:
    return frozenset(declarations().lists[section])


def _choices(section: str) -> list[tuple[str, str]]:
    # Called each time a form or the admin lists the choices, so the names come in the reader's
    # language (the packs' and the project's catalogs translate the English they declare).
    return [(entry.code, gettext(entry.name)) for entry in entries(section)]


def category_choices() -> list[tuple[str, str]]:
    """Product categories: the core taxonomy and every installed pack's."""
    return _choices("categories")


def property_choices() -> list[tuple[str, str]]:
    """Product properties that compliance rules key on."""
    return _choices("product_properties")


def settlement_choices() -> list[tuple[str, str]]:
    """How a payment method settles."""
    return _choices("settlement_kinds")


CHOICES = {category_choices: "categories", property_choices: "product_properties",
           settlement_choices: "settlement_kinds"}


def label(section: str, code: str) -> str:
    """The declared name of `code` in the active language (a pack's locale/ catalogs translate
    its names), or the code itself when nobody declares it."""
    entry = declarations().lists[section].get(code)
    return gettext(entry.name) if entry is not None else code


@functools.cache
def implied_properties(category: str) -> frozenset[str]:
    """The pack-declared properties that every listing of `category` has (remembered with the
    merged lists: compliance asks it for every listing on a page)."""
    return frozenset(entry.code for entry in entries("product_properties")
                     if category in entry.categories)


def representative_types() -> frozenset[str]:
    """Certificate type codes that a responsible person on record satisfies (GPSR's EU RP)."""
    return frozenset(declarations().representative_types)


def representatives() -> dict[str, Representative]:
    """Who may stand for each representative type, and where it must be established."""
    return dict(declarations().representatives)


def role_choices() -> list[tuple[str, str]]:
    """A responsible person's role (callable choices: the migration names the function)."""
    return [(code, str(name)) for code, name in REPRESENTATIVE_ROLES.items()]


def currency_pegs() -> dict[str, tuple[str, Decimal]]:
    """Currencies fixed to another by their central bank, as the packs declare them."""
    return dict(declarations().currency_pegs)


def pack_languages() -> dict[str, tuple[str, ...]]:
    """The languages each installed pack brings, by pack label."""
    return dict(declarations().languages)


# --- manage.py check ---------------------------------------------------------------------


def check_messages() -> list[checks.CheckMessage]:
    """Clashing or malformed declarations, pack languages that settings.LANGUAGES lacks, and
    records that use a code no installed pack declares."""
    from django.conf import settings

    merged = declarations()
    messages: list[checks.CheckMessage] = [
        checks.Error(f"Region pack {problem.pack!r}: {problem.message}.",
                     hint=problem.hint or None, id="regions.E010")
        for problem in merged.problems
    ]
    offered = {code for code, _name in settings.LANGUAGES}
    for pack, tags in merged.languages.items():
        for tag in tags:
            if tag not in offered:
                messages.append(checks.Warning(
                    f"Region pack {pack!r} brings language “{tag}”, which settings.LANGUAGES "
                    "does not offer.",
                    hint="settings adds pack languages to LANGUAGES; keep them when you "
                         "override it.", id="regions.W011"))
    messages += _records_with_unknown_codes()
    messages += _lists_with_unknown_codes()
    return messages


def _records_with_unknown_codes() -> list[checks.CheckMessage]:
    from django.apps import apps
    from django.db import DatabaseError

    from regions.core.packs import installed_packs

    packs = {code: config.label for code, config in installed_packs().items()}
    messages: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if hasattr(model, "instance_type"):
            continue  # simple_history's copies: past rows keep the codes they had
        for model_field in model._meta.concrete_fields:
            section = CHOICES.get(getattr(model_field.choices, "func", None))
            if section is None:
                continue
            known = codes(section)
            try:
                rows = list(model._default_manager.exclude(**{f"{model_field.name}__in": known})
                            .exclude(**{model_field.name: ""})
                            .values_list("pk", model_field.name)[:20])
                regions = _region_codes(model, [pk for pk, _code in rows])
            except DatabaseError:
                return []  # no tables yet (before migrate): nothing to check
            for pk, code in rows:
                region = regions.get(pk)
                owner = (f"region pack {packs[region]!r}" if region in packs
                         else f"region “{region}” (no installed pack)" if region
                         else "no region pack")
                messages.append(checks.Error(
                    f"{model._meta.verbose_name} #{pk} ({owner}) has {model_field.name} "
                    f"“{code}”, which neither the core nor an installed pack declares.",
                    hint=f"Install the pack that declares it, or change the record. Known: "
                         f"{', '.join(sorted(known))}.",
                    obj=model, id="regions.E011"))
    return messages


def _lists_with_unknown_codes() -> list[checks.CheckMessage]:
    """The same for models that keep codes in JSON lists (`declared_code_lists` on the model:
    field → open list, as ComplianceRule's categories and product properties). Only small
    configuration tables declare them: every row is read."""
    from django.apps import apps
    from django.db import DatabaseError

    messages: list[checks.CheckMessage] = []
    for model in apps.get_models():
        lists = getattr(model, "declared_code_lists", None)
        if not lists or hasattr(model, "instance_type"):
            continue
        try:
            rows = list(model._default_manager.values_list("pk", *lists))
            regions = _region_codes(model, [row[0] for row in rows])
        except DatabaseError:
            return []
        for pk, *values in rows:
            for (field_name, section), codes_here in zip(lists.items(), values, strict=True):
                unknown = sorted(set(codes_here or ()) - codes(section))
                if unknown:
                    messages.append(checks.Error(
                        f"{model._meta.verbose_name} #{pk} (region “{regions.get(pk)}”) has "
                        f"{field_name} {', '.join(unknown)}, which neither the core nor an "
                        "installed pack declares.",
                        hint="Install the pack that declares them, or change the record.",
                        obj=model, id="regions.E011"))
    return messages


def _region_codes(model, pks: list[int]) -> dict[int, str]:
    path = getattr(model, "region_path", None)
    if not pks or not path:
        return {}
    return dict(model._default_manager.filter(pk__in=pks).values_list("pk", f"{path}__code"))
