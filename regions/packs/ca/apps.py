# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.ca import registration


class CAPackConfig(packs.RegionPackConfig):
    name = "regions.packs.ca"
    label = "pack_ca"
    verbose_name = "Region pack: Canada"
    region_code = "ca"

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
