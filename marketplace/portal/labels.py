"""Words for the taxonomy's category codes in the applicant's language.

The taxonomy's own labels are English admin texts; the portal needs them translated, so it
keeps its own. A category without a label here shows the taxonomy's English one.
"""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regions.compliance.taxonomy import ProductCategory
from regions.core import declarations
from regions.core.pack_names import pack_name

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


def region_name(region) -> str:
    """The region's name (pack data, in English) in the applicant's language.

    No list of regions here: the name is looked up in the gettext catalogs, which hold the
    built-in packs' names (locale/) and any pack's own (its locale/ folder, which Django
    searches for every installed app). A name no catalog translates is shown as the pack
    wrote it.
    """
    return pack_name(region.name) or region.code
