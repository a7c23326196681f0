# Import the module, not the class: Django picks the one AppConfig subclass named in apps.py.
from django.utils.translation import gettext_lazy as _

from regions.core import packs
from regions.packs.au import registration
from regions.packs.au.tax import AustralianGst
from regions.taxes.invoices import InvoiceRequirements


class AUPackConfig(packs.RegionPackConfig):
    name = "regions.packs.au"
    label = "pack_au"
    verbose_name = "Region pack: Australia"
    region_code = "au"
    invoice_requirements = InvoiceRequirements(
        # Tax invoice with the supplier's ABN (§3.2).
        title=_("Tax invoice"))
    tax_calculator = AustralianGst()

    def registration_schemes(self) -> tuple[registration.RegistrationScheme, ...]:
        return registration.SCHEMES
