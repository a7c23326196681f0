# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.au.tax import AustralianGst


class AUPackConfig(packs.RegionPackConfig):
    name = "regions.packs.au"
    label = "pack_au"
    verbose_name = "Region pack: Australia"
    region_code = "au"
    tax_calculator = AustralianGst()
