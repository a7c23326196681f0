# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.eu import registration


class EUPackConfig(packs.RegionPackConfig):
    name = "regions.packs.eu"
    label = "pack_eu"
    verbose_name = "Region pack: EU"
    region_code = "eu"

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
