"""US registration numbers: the Employer Identification Number (python-stdnum's `us.ein`:
format and IRS campus prefix; an EIN has no check digit).

The US has no VAT registration: sales tax exemptions for business buyers rest on resale
certificates, not on a number checked here, so the pack has no tax scheme.
"""

from django.utils.translation import gettext_lazy as _
from stdnum.us import ein

from regions.core.registration import RegistrationScheme

SCHEMES: tuple[RegistrationScheme, ...] = (
    RegistrationScheme(
        code="us.ein", country="US", kind="company",
        label=_("Employer Identification Number (EIN)"), example="042103594",
        validator=ein.validate, on_invoice=False),
)
