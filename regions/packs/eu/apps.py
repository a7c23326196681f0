# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.eu.tax import EUVat


class EUPackConfig(packs.RegionPackConfig):
    name = "regions.packs.eu"
    preview_markets = ("DE-consumer", "FR-business", "PL-consumer")
    label = "pack_eu"
    verbose_name = "Region pack: EU"
    region_code = "eu"
    tax_calculator = EUVat()
