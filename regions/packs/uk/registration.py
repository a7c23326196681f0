"""UK registration numbers: the VAT registration number (python-stdnum's `gb.vat`; XI for
Northern Ireland traders, who hold UK VAT numbers) and the Companies House number.

A UK company under the VAT registration threshold has no VAT number, so it is optional.
"""

from django.utils.translation import gettext_lazy as _
from stdnum.gb import vat as gb_vat

from regions.core.registration import (
    RegistrationScheme,
    pattern_validator,
    prefixed_normalizer,
    prefixed_vat_validator,
)

SCHEMES: tuple[RegistrationScheme, ...] = (
    RegistrationScheme(
        code="gb.vat", country="GB", kind="tax", label=_("UK VAT registration number"),
        example="GB980780684",
        validator=prefixed_vat_validator("GB", "GB", gb_vat.validate, accepted_prefixes=["XI"]),
        normalizer=prefixed_normalizer("GB"), reverse_charge=True, on_invoice=True),
    # Eight digits, or two letters (SC Scotland, NI Northern Ireland, OC LLPs...) and six.
    RegistrationScheme(
        code="gb.company", country="GB", kind="company", label="Companies House number",
        example="00445790", validator=pattern_validator(r"(\d{8}|[A-Z]{2}\d{6})")),
)
