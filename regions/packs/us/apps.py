# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.us import registration


class USPackConfig(packs.RegionPackConfig):
    name = "regions.packs.us"
    label = "pack_us"
    verbose_name = "Region pack: US"
    region_code = "us"

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
