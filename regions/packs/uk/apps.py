# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs


class UKPackConfig(packs.RegionPackConfig):
    name = "regions.packs.uk"
    preview_markets = ("GB-consumer",)
    label = "pack_uk"
    verbose_name = "Region pack: UK"
    region_code = "uk"
