"""UAE registration numbers: the VAT Tax Registration Number (TRN), 15 digits.

python-stdnum 2.2 has no `ae` module (and `stdnum.vatin` no AE), and no check-digit formula is
published (one source claims check digits: unverified, market_facts_2.md 4.1 and 7), so only
the documented format is checked: 15 digits. TRNs commonly start with 100, which is not
enforced. The example is a number of that format, not a registered company's TRN.

There is no single company register number across the emirates (trade licences are issued per
emirate and free zone), so the pack has no company scheme. A registered business buyer
accounts for VAT on imported goods by reverse charge (VAT Law Art. 48), so the TRN qualifies.
"""

from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidFormat, InvalidLength

from regions.core.registration import RegistrationScheme, compact


def validate_trn(value: str) -> str:
    number = compact(value)
    if not number.isdigit():
        raise InvalidFormat()
    if len(number) != 15:
        raise InvalidLength()
    return number


SCHEMES: tuple[RegistrationScheme, ...] = (
    RegistrationScheme(
        code="ae.trn", country="AE", kind="tax", label=_("Tax Registration Number (TRN)"),
        example="100123456700003", validator=validate_trn, reverse_charge=True,
        on_invoice=True),
)
