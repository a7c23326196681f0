"""Names that region packs provide (payment methods, shipping options, warehouses, certificate
types and the acts their documents list, regions, payment terms), in the language of the page
that shows them.

A pack writes its names in English in pack.toml and translates them in its own gettext
catalogs (regions/packs/<code>/locale/<lang>/LC_MESSAGES/django.po; Django searches every
installed app's locale/ folder, so a pip-installed pack's catalogs count too). The name is
looked up with gettext on its English text: a name no catalog translates shows as the pack
wrote it. No query and no per-name cache of our own: gettext is a dictionary lookup in the
active language's merged catalog.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext

# pack.toml sections whose records carry a `name` people read, with the nested sections that
# do too ((section, nested) pairs), and the fields besides `name` shown to buyers.
NAMED_SECTIONS = ("payment_methods", "certificate_types", "warehouses")
# [tax_policy] fields printed on buyers' invoices.
TAX_POLICY_SHOWN = ("reverse_charge_note",)
NESTED_NAMED_SECTIONS = (("warehouses", "shipping_options"),)
SHOWN_FIELDS = {"payment_methods": ("name", "terms"), "warehouses": ("name", "city")}


def pack_name(name: str | None) -> str:
    """`name` (a pack's English name) in the active language, else as written."""
    if not name:
        # gettext("") would answer the catalog's header.
        return name or ""
    return gettext(name)


def pack_names(data: Mapping[str, Any]) -> list[str]:
    """Every English name a pack's data (pack.toml, parsed) gives people to read, in file
    order without repeats: the pack's own name, its payment methods (and their terms),
    warehouses (and their cities: an Arabic invoice ships from دبي), shipping options,
    certificate types (and the acts their documents list) and the tax notes on invoices."""
    found = dict.fromkeys(_names(data))
    return [name for name in found if name]


def _names(data: Mapping[str, Any]) -> Iterator[str]:
    header = data.get("pack", {})
    if isinstance(header, Mapping):
        yield str(header.get("name", ""))
    for section in NAMED_SECTIONS:
        for record in _records(data, section):
            for field in SHOWN_FIELDS.get(section, ("name",)):
                yield str(record.get(field, ""))
    for record in _records(data, "certificate_types"):
        # The acts a document of the type can list (an EU DoC: RED, LVD, ...), code → name:
        # merchants tick them on their certificates and findings name the missing ones.
        acts = record.get("acts", {})
        if isinstance(acts, Mapping):
            yield from (str(name) for name in acts.values())
    for section, nested in NESTED_NAMED_SECTIONS:
        for record in _records(data, section):
            for child in _records(record, nested):
                yield str(child.get("name", ""))
    policy = data.get("tax_policy", {})
    if isinstance(policy, Mapping):
        for field in TAX_POLICY_SHOWN:
            yield str(policy.get(field, ""))


def _records(data: Mapping[str, Any], section: str) -> list[Mapping[str, Any]]:
    records = data.get(section, [])
    return [r for r in records if isinstance(r, Mapping)] if isinstance(records, list) else []
