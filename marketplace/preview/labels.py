"""Words for the codes the engine returns, in the merchant's UI language.

The models' choice labels are English-only admin texts; the preview needs them translated, so
it keeps its own. A code without a label here is shown as the code itself.
"""

from collections.abc import Mapping

from babel import Locale, UnknownLocaleError
from django.utils.functional import Promise
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from regions.core import declarations

BUYER_TYPES: Mapping[str, Promise] = {
    "consumer": _("Consumer"),
    "business": _("Business"),
}

STATUSES: Mapping[str, Promise] = {
    "sellable": _("Sellable"),
    "warnings": _("Sellable, with warnings"),
    "blocked": _("Blocked"),
}

SEVERITIES: Mapping[str, Promise] = {
    "blocker": _("Blocker"),
    "warning": _("Warning"),
    "info": _("Note"),
}

VAT_TREATMENTS: Mapping[str, Promise] = {
    "included": _("VAT included in the price"),
    "added": _("VAT added at checkout"),
    "reverse_charge": _("Reverse charge: no VAT with a valid VAT ID"),
    "import_vat": _("Import VAT due when the goods enter"),
}

# The engine's treatment codes name how a sale is taxed, not which tax: the words depend on
# the market's tax system (its pack's [tax_policy] tax_system), so a US sale whose tax is
# added reads "sales tax", not "VAT". A system without its own words reads VAT's.
TREATMENTS_BY_SYSTEM: Mapping[str, Mapping[str, Promise]] = {
    "vat": VAT_TREATMENTS,
    "sales_tax": {**VAT_TREATMENTS, "added": _("Sales tax added at checkout")},
}

WAREHOUSE_KINDS: Mapping[str, Promise] = {
    "local": _("Local warehouse"),
    "bonded": _("Bonded warehouse"),
    "origin": _("Direct from origin"),
}

TRANSPORT_MODES: Mapping[str, Promise] = {
    "express": _("Express courier"),
    "postal": _("Postal"),
    "road": _("Road / parcel"),
    "rail": _("Rail"),
    "sea": _("Sea"),
    "air": _("Air freight"),
}

SETTLEMENTS: Mapping[str, Promise] = {
    "instant": _("Instant bank payment"),
    "bank_transfer": _("Bank transfer"),
    "direct_debit": _("Direct debit"),
    "card": _("Card"),
    "wallet": _("Wallet"),
    "voucher": _("Voucher"),
    "pay_later": _("Buy now, pay later"),
    "trade_terms": _("Trade terms"),
}

CATEGORIES: Mapping[str, Promise] = {
    "consumer_electronics": _("Consumer electronics"),
    "radio_devices": _("Radio devices"),
    "batteries": _("Batteries"),
    "lighting": _("Lighting"),
    "toys": _("Toys"),
    "textiles": _("Textiles and apparel"),
    "furniture": _("Furniture"),
    "kitchenware": _("Kitchenware and food contact"),
    "cosmetics": _("Cosmetics"),
    "machinery": _("Machinery"),
    "ppe": _("Personal protective equipment"),
}

LISTING_STATUSES: Mapping[str, Promise] = {
    "draft": _("Draft"),
    "published": _("Published"),
}


def label(labels: Mapping[str, Promise], code: str) -> str:
    return str(labels.get(code, code))


def treatment_label(system: str, code: str) -> str:
    """How a sale is taxed (`added`, `included`...), in the words of the tax `system`."""
    return label(TREATMENTS_BY_SYSTEM.get(system, VAT_TREATMENTS), code)


def declared_label(labels: Mapping[str, Promise], section: str, code: str) -> str:
    """A code of an open list (regions.core.declarations): our word for it, else the name its
    pack declares (translated by the pack's catalogs), else the code."""
    return str(labels[code]) if code in labels else declarations.label(section, code)


def language_name(tag: str) -> str:
    """A BCP 47 tag's name in the UI language, such as “German” or “德语” for `de`."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name(to_locale(get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        return tag
    return name or tag


def own_name(tag: str) -> str:
    """A language's name in that language, as a menu lists it: “Deutsch”, “Français”, “简体中文”,
    “العربية” (CLDR, through Babel). CLDR writes French or Polish language names in lower case
    and capitalises the first word at the start of a menu item (its uiListOrMenu context
    transform, which Babel does not ship): hence the capital."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return tag
    name = locale.languages.get(str(locale)) or locale.get_display_name(locale) or tag
    return name[:1].upper() + name[1:]
