# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from django.utils.translation import gettext_lazy as _

from regions.core import packs
from regions.packs.jp import registration
from regions.taxes.invoices import InvoiceRequirements


class JPPackConfig(packs.RegionPackConfig):
    name = "regions.packs.jp"
    label = "pack_jp"
    verbose_name = "Region pack: Japan"
    region_code = "jp"
    invoice_requirements = InvoiceRequirements(
        # 適格請求書 (Qualified Invoice System, market_facts_2.md §1.2): the issuer's T-number,
        # tax per rate with the rate, reduced-rate items marked.
        title=_("Qualified invoice"), mark_other_rates=True,
        note=_("Items marked ※ are taxed at the reduced rate."))

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
