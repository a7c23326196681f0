"""Words for the taxonomy's category codes in the applicant's language.

The taxonomy's own labels are English admin texts; the portal needs them translated, so it
keeps its own. A category without a label here shows the taxonomy's English one.
"""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regions.compliance.taxonomy import ProductCategory
from regions.core import declarations

CATEGORIES: Mapping[str, Promise] = {
    ProductCategory.CONSUMER_ELECTRONICS: _("Consumer electronics"),
    ProductCategory.RADIO_DEVICES: _("Radio devices (Wi-Fi, Bluetooth, LTE)"),
    ProductCategory.BATTERIES: _("Batteries"),
    ProductCategory.LIGHTING: _("Lighting"),
    ProductCategory.TOYS: _("Toys"),
    ProductCategory.TEXTILES: _("Textiles and apparel"),
    ProductCategory.FURNITURE: _("Furniture"),
    ProductCategory.KITCHENWARE: _("Kitchenware and food contact"),
    ProductCategory.COSMETICS: _("Cosmetics"),
    ProductCategory.MACHINERY: _("Machinery"),
    ProductCategory.PPE: _("Personal protective equipment"),
}


def category_choices() -> list[tuple[str, str]]:
    # A pack's category is translated by the pack's own catalogs (locale/ of the pack).
    return [(value, CATEGORIES.get(value) or declarations.label("categories", value))
            for value, _label in declarations.category_choices()]


def category_label(code: str) -> str:
    return str(CATEGORIES.get(code) or declarations.label("categories", code))


# Region names are pack data in English; the portal greets applicants in their language.
REGION_NAMES: Mapping[str, Promise] = {
    "eu": _("European Union"),
    "uk": _("United Kingdom"),
    "us": _("United States"),
}


def region_name(region) -> str:
    return str(REGION_NAMES.get(region.code, region.name))
