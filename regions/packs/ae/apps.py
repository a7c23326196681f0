# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from django.utils.translation import gettext_lazy as _

from regions.core import packs
from regions.packs.ae import registration
from regions.taxes.invoices import InvoiceRequirements


class AEPackConfig(packs.RegionPackConfig):
    name = "regions.packs.ae"
    label = "pack_ae"
    verbose_name = "Region pack: United Arab Emirates"
    region_code = "ae"
    invoice_requirements = InvoiceRequirements(
        # Tax invoice: the supplier's TRN, and the recipient's TRN when registered (§4.1).
        title=_("Tax invoice"), buyer_tax_id_for_business=True)

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
