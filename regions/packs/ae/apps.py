# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.ae import registration


class AEPackConfig(packs.RegionPackConfig):
    name = "regions.packs.ae"
    label = "pack_ae"
    verbose_name = "Region pack: United Arab Emirates"
    region_code = "ae"

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
