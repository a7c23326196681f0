# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from regions.core import packs
from regions.packs.jp import registration


class JPPackConfig(packs.RegionPackConfig):
    name = "regions.packs.jp"
    label = "pack_jp"
    verbose_name = "Region pack: Japan"
    region_code = "jp"

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
