"""Australian registration numbers: the ABN (python-stdnum's `au.abn`, two check digits,
market_facts_2.md 3.2), under which businesses register for GST and which their tax invoices
show, and the ACN of a company (`au.acn`).

A GST-registered business buyer that gives its ABN is not charged GST on low-value imported
goods (the seller does not collect it; the buyer accounts for it), so the ABN qualifies for the
business treatment.
"""

from django.utils.translation import gettext_lazy as _
from stdnum.au import abn, acn

from regions.core.registration import RegistrationScheme

SCHEMES: tuple[RegistrationScheme, ...] = (
    RegistrationScheme(
        code="au.abn", country="AU", kind="tax", label=_("Australian Business Number (ABN)"),
        example="83914571673", validator=abn.validate, reverse_charge=True, on_invoice=True),
    RegistrationScheme(
        code="au.acn", country="AU", kind="company", label=_("Australian Company Number (ACN)"),
        example="002724334", validator=acn.validate),
)
