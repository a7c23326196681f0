"""Bank account numbers, checked and normalised with python-stdnum: an IBAN (ISO 13616, its
country's length and BBAN structure, mod-97 check digits) with a BIC (ISO 9362), or, in a
country that has no IBAN (China, the US, Japan...), a local account number and bank code.
Stored compact (DE89370400440532013000, DEUTDEFFXXX → DEUTDEFF), shown grouped in fours."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import bic, iban, numdb
from stdnum.exceptions import ValidationError as StdnumError

# A local account number or bank code: letters, digits and the separators banks print.
_LOCAL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]*$")


def uses_iban(country: str) -> bool:
    """Whether accounts in the country have IBANs (stdnum's registry of IBAN formats)."""
    info = numdb.get("iban").info(str(country).upper()[:2])
    return bool(info and info[0][1])


def normalize_iban(value: str, country: str = "") -> str:
    """The IBAN compact and upper case, or ValidationError saying what is wrong. With
    `country`, the IBAN must be of a bank in that country."""
    number = iban.compact(value or "")
    try:
        iban.validate(number)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid IBAN: check the country code, the two check digits and the "
              "account number (example: DE89 3704 0044 0532 0130 00)."),
            code="invalid_iban") from None
    if country and number[:2] != str(country).upper():
        raise ValidationError(
            _("This IBAN belongs to a bank in another country (%(prefix)s) than the one "
              "chosen."), code="iban_country", params={"prefix": number[:2]})
    return number


def normalize_bic(value: str) -> str:
    """The BIC (SWIFT code) compact, 8 characters where the branch is the head office
    (DEUTDEFFXXX → DEUTDEFF), or ValidationError."""
    number = bic.compact(value or "")
    try:
        bic.validate(number)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid BIC (SWIFT code): 8 or 11 letters and digits, such as "
              "DEUTDEFF or DEUTDEFF500."), code="invalid_bic") from None
    return number[:8] if number.endswith("XXX") else number


def normalize_local_number(value: str) -> str:
    """A local account number or bank code with its spaces squeezed, or ValidationError."""
    number = " ".join(str(value or "").split())
    if not _LOCAL_RE.fullmatch(number):
        raise ValidationError(
            _("Use only letters, digits, spaces, dots, slashes and hyphens."),
            code="invalid_local_number")
    return number


def normalize_bank_account(country: str, *, iban: str = "", bic: str = "",
                           account_number: str = "", bank_code: str = "") -> dict[str, str]:
    """An account at a bank in `country`, normalised: the IBAN (and BIC) where the country
    has IBANs; else the local account number, bank code and the BIC a transfer from abroad
    reaches it by. ValidationError({field: [message]}) names each field that is wrong."""
    values = {"iban": iban or "", "bic": bic or "", "account_number": account_number or "",
              "bank_code": bank_code or ""}
    errors: dict[str, list] = {}

    def check(field: str, normalize) -> None:
        if values[field]:
            try:
                values[field] = normalize(values[field])
            except ValidationError as exc:
                errors[field] = exc.error_list

    check("bic", normalize_bic)
    if uses_iban(country):
        check("iban", lambda value: normalize_iban(value, country))
        if not values["iban"] and "iban" not in errors:
            errors["iban"] = [ValidationError(
                _("Banks in this country use IBANs: enter the account's IBAN."),
                code="iban_required")]
        for field in ("account_number", "bank_code"):
            if values[field]:
                errors[field] = [ValidationError(
                    _("Leave this empty: the IBAN identifies the account."), code="not_used")]
    else:
        if values["iban"]:
            errors["iban"] = [ValidationError(
                _("Banks in this country have no IBAN: enter the account number, the bank "
                  "code and the BIC instead."), code="no_iban")]
        check("account_number", normalize_local_number)
        check("bank_code", normalize_local_number)
        for field in ("account_number", "bic"):
            if not values[field] and field not in errors:
                errors[field] = [ValidationError(_("This field is required."),
                                                 code="required")]
    if errors:
        raise ValidationError(errors)
    return values


def iban_shown(number: str) -> str:
    """The IBAN as printed on paper: in groups of four (DE89 3704 0044 ...)."""
    return iban.format(number) if number else ""
