"""Japanese registration numbers: the qualified invoice issuer number (適格請求書発行事業者登録番号,
"T-number": T + 13 digits) and the corporate number (法人番号, 13 digits) it is built from.

python-stdnum has no T-number module; `stdnum.jp.cn` checks the corporate number's check digit
(market_facts_2.md section 7). A corporation's T-number is T + its corporate number. Sole
proprietors get T + 13 digits that are neither My Number nor a corporate number; whether those
also carry the corporate number's check digit is unverified ([U] in market_facts_2.md 1.2), and
this scheme checks it for every T-number: an individual whose valid number is refused is a
known risk, to be revisited with the NTA's publication site (which can be searched by number).

Japan has no B2B reverse charge on goods: the buyer's T-number does not remove the tax; it is
printed on qualified invoices (and the seller's is required on them).
"""

from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidFormat, InvalidLength
from stdnum.jp import cn

from regions.core.registration import RegistrationScheme, WrongScheme, compact


def validate_t_number(value: str) -> str:
    number = compact(value)
    if number.isdigit() and len(number) == 13:
        raise WrongScheme()  # a corporate number; registration as an issuer adds the T
    if not number.startswith("T") or not number[1:].isdigit():
        raise InvalidFormat()
    if len(number) != 14:
        raise InvalidLength()
    return "T" + cn.validate(number[1:])


SCHEMES: tuple[RegistrationScheme, ...] = (
    RegistrationScheme(
        code="jp.tnumber", country="JP", kind="tax",
        label=_("Qualified invoice issuer number (T-number)"), example="T5835678256246",
        validator=validate_t_number, on_invoice=True),
    RegistrationScheme(
        code="jp.cn", country="JP", kind="company", label=_("Corporate Number (法人番号)"),
        example="5835678256246", validator=cn.validate),
)
