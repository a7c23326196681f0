# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.us.tax import USSalesTax


class USPackConfig(packs.RegionPackConfig):
    name = "regions.packs.us"
    preview_markets = ("US-business",)
    label = "pack_us"
    verbose_name = "Region pack: US"
    region_code = "us"
    tax_calculator = USSalesTax()
