"""Canadian registration numbers (market_facts_2.md 2.3): the GST/HST account of the Business
Number (BN9 + RT + 4 digits, e.g. 123456789RT0001; python-stdnum's `ca.bn` checks the BN's
Luhn check digit), Quebec's QST number (no stdnum module: the documented formats
`NNNNNNNNNNTQNNNN` of the general system and `NR` + 8 digits of the specified system) and the
BN9 as the company's number.

A buyer's GST/HST number is what lets a simplified registrant not charge GST/HST (2.2), so it
qualifies for the business treatment; a QST number alone does not (fails closed: tax charged).
Simplified registrants' accounts end in RT9999 and are valid GST/HST accounts. The 9-digit QST
numbers of some listed financial institutions are not accepted here.
"""

import re

from django.utils.translation import gettext_lazy as _
from stdnum.ca import bn
from stdnum.exceptions import InvalidFormat

from regions.core.registration import RegistrationScheme, WrongScheme, compact, pattern_validator

_BN_SHAPE = re.compile(r"\d{9}([A-Z]{2}\d{4})?")


def _business_number(value: str) -> str:
    number = compact(value)
    if not _BN_SHAPE.fullmatch(number):
        raise InvalidFormat()  # checked first: a QST number is not a BN with a bad check digit
    return bn.validate(number)  # the Luhn check digit; program identifiers RC, RM, RP, RT


def validate_gst_hst_number(value: str) -> str:
    number = _business_number(value)
    if number[9:11] != "RT":
        raise WrongScheme()  # the bare BN, or its income tax / payroll / import account
    return number


def validate_business_number(value: str) -> str:
    return _business_number(value)[:9]


SCHEMES: tuple[RegistrationScheme, ...] = (
    RegistrationScheme(
        code="ca.bn.rt", country="CA", kind="tax",
        label=_("GST/HST registration number (BN + RT0001)"), example="123026635RT0001",
        validator=validate_gst_hst_number, reverse_charge=True, on_invoice=True),
    RegistrationScheme(
        code="ca.qst", country="CA", kind="tax", label=_("QST registration number"),
        example="1227494057TQ0001", validator=pattern_validator(r"\d{10}TQ\d{4}|NR\d{8}"),
        on_invoice=True),
    RegistrationScheme(
        code="ca.bn", country="CA", kind="company", label=_("Business Number (BN)"),
        example="123026635", validator=validate_business_number),
)
