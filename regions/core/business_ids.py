"""Company identifiers by country: VAT IDs and company registration numbers.

Checked with python-stdnum (format and check digits), so checkout, the supplier portal and the
admin refuse the same things with the same words. A VAT ID is stored compact with its country
prefix (DE136695976, GB980780684): the form invoices and VIES use.
"""

import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from stdnum import exceptions as stdnum_errors
from stdnum.at import businessid as at_businessid
from stdnum.be import vat as be_vat
from stdnum.cn import uscc as cn_uscc
from stdnum.de import handelsregisternummer as de_register
from stdnum.es import cif as es_cif
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.gb import vat as gb_vat
from stdnum.it import codicefiscale as it_codicefiscale
from stdnum.pl import regon as pl_regon
from stdnum.pt import nif as pt_nif
from stdnum.se import orgnr as se_orgnr
from stdnum.us import ein as us_ein

log = logging.getLogger(__name__)

# stdnum lists Greece as "gr" but its VAT IDs start with EL; "xi" (Northern Ireland) is a VAT
# prefix, not a country of ours.
_VAT_PREFIX = {"GR": "EL"}
EU_VAT_COUNTRIES = frozenset(code.upper() for code in eu_vat.MEMBER_STATES) - {"XI"}


def is_eu_vat_country(country: str) -> bool:
    """Whether the country is an EU member state (intra-EU reverse charge can apply)."""
    return str(country).upper() in EU_VAT_COUNTRIES


def _country_name(country: str) -> str:
    return str(countries.name(country) or country)


def _stdnum_error(exc: stdnum_errors.ValidationError, what: str, country: str,
                  example: str) -> ValidationError:
    params = {"what": what, "country": _country_name(country), "example": example}
    if isinstance(exc, stdnum_errors.InvalidLength):
        return ValidationError(
            _("This %(what)s has the wrong number of characters for %(country)s "
              "(example: %(example)s)."), code="invalid_length", params=params)
    if isinstance(exc, stdnum_errors.InvalidChecksum):
        return ValidationError(
            _("This %(what)s is not valid: its check digit does not match. Please check it "
              "for typing errors."), code="invalid_checksum", params=params)
    return ValidationError(
        _("This is not a valid %(what)s for %(country)s (example: %(example)s)."),
        code="invalid_format", params=params)


# --- VAT IDs -----------------------------------------------------------------------------------

_VAT_EXAMPLES = {
    "AT": "ATU13585627", "BE": "BE0403019261", "DE": "DE136695976", "ES": "ESA28015865",
    "FR": "FR40303265045", "GB": "GB980780684", "IE": "IE6388047V", "IT": "IT00743110157",
    "NL": "NL004495445B01", "PL": "PL5260250995", "PT": "PT501964843", "SE": "SE556188840401",
}


def vat_id_example(country: str) -> str:
    """A valid VAT ID of the country, for placeholders and messages."""
    return _VAT_EXAMPLES.get(str(country).upper(), "")


def normalize_vat_id(value: str, country: str) -> str:
    """The VAT ID in compact form with its prefix, or ValidationError saying what is wrong.

    With settings.VIES_ENABLED, an EU VAT ID must also be confirmed by VIES; when VIES cannot
    be reached the ID is refused (fails closed): reverse charge on an unconfirmed ID would make
    the seller liable for the VAT.
    """
    country = str(country).upper()
    what = _("VAT ID")
    example = vat_id_example(country)
    if not is_eu_vat_country(country) and country != "GB":
        raise ValidationError(
            _("Companies in %(country)s have no VAT ID we can check; leave this field empty."),
            code="unsupported_country", params={"country": _country_name(country)})
    prefix = _VAT_PREFIX.get(country, country)
    cleaned = re.sub(r"[\s.\-/]", "", str(value)).upper()
    if not cleaned:
        raise ValidationError(_("Enter a VAT ID."), code="required")
    if re.match(r"^[A-Z]{2}", cleaned):
        given = cleaned[:2]
        # Northern Ireland (XI) traders are UK companies with a UK VAT number.
        if given != prefix and not (country == "GB" and given == "XI"):
            raise ValidationError(
                _("This VAT ID starts with %(given)s, but the company is in %(country)s: "
                  "its VAT ID starts with %(prefix)s."), code="wrong_country",
                params={"given": given, "country": _country_name(country), "prefix": prefix})
        body = cleaned[2:]
    else:
        body, given = cleaned, prefix
    try:
        if country == "GB":
            compact = given + gb_vat.validate(body)
        else:
            compact = eu_vat.validate(prefix + body)
    except stdnum_errors.ValidationError as exc:
        raise _stdnum_error(exc, what, country, example) from None
    if settings.VIES_ENABLED and is_eu_vat_country(country):
        confirm_with_vies(compact)
    return compact


def confirm_with_vies(vat_id: str) -> None:
    """Ask the EU's VIES service whether the VAT ID is registered; refuse when it says no or
    cannot answer."""
    payload = json.dumps({"countryCode": vat_id[:2], "vatNumber": vat_id[2:]}).encode()
    request = urllib.request.Request(  # noqa: S310 (the URL is a setting, https by default)
        settings.VIES_URL, data=payload, method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.VIES_TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        log.warning("VIES check of %s failed: %s", vat_id, exc)
        raise ValidationError(
            _("The EU's VIES service could not confirm this VAT ID right now. Please try "
              "again later."), code="vies_unavailable") from None
    if not isinstance(answer, dict) or answer.get("valid") is not True:
        raise ValidationError(
            _("The EU's VIES service reports this VAT ID as not registered for intra-EU "
              "trade."), code="vies_invalid")


# --- Company registration numbers --------------------------------------------------------------

@dataclass(frozen=True)
class CompanyIdScheme:
    name: str  # what the country calls it, shown in labels and messages
    example: str
    validate: Callable[[str], str]  # returns the normalized number or raises stdnum errors


def _pattern(regex: str) -> Callable[[str], str]:
    """Registers without check digits: the format is all there is to check."""
    compiled = re.compile(regex)

    def validate(value: str) -> str:
        compact = re.sub(r"[\s.\-]", "", value).upper()
        if not compiled.fullmatch(compact):
            raise stdnum_errors.InvalidFormat()
        return compact
    return validate


def _siren_or_siret(value: str) -> str:
    compact = fr_siren.compact(value)
    return fr_siret.validate(value) if len(compact) == 14 else fr_siren.validate(value)


def _belgian_enterprise_number(value: str) -> str:
    # The enterprise (KBO/BCE) number and the VAT number are the same ten digits.
    compact = be_vat.validate(value)
    return compact[2:] if compact.startswith("BE") else compact


COMPANY_ID_SCHEMES: dict[str, CompanyIdScheme] = {
    "AT": CompanyIdScheme("Firmenbuchnummer", "FN 122119m", at_businessid.validate),
    "BE": CompanyIdScheme("Ondernemingsnummer / numéro d'entreprise", "0403019261",
                          _belgian_enterprise_number),
    "CN": CompanyIdScheme("统一社会信用代码 (USCC)", "91110000600037341L", cn_uscc.validate),
    "DE": CompanyIdScheme("Handelsregisternummer", "Berlin (Charlottenburg) HRB 12345",
                          de_register.validate),
    "ES": CompanyIdScheme("CIF / NIF", "A28015865", es_cif.validate),
    "FR": CompanyIdScheme("SIREN / SIRET", "303265045", _siren_or_siret),
    "GB": CompanyIdScheme("Companies House number", "00445790",
                          _pattern(r"(\d{8}|[A-Z]{2}\d{6})")),
    "IE": CompanyIdScheme("CRO number", "104547", _pattern(r"\d{1,6}")),
    "IT": CompanyIdScheme("Codice fiscale", "00743110157", it_codicefiscale.validate),
    "NL": CompanyIdScheme("KvK-nummer", "33014286", _pattern(r"\d{8}")),
    "PL": CompanyIdScheme("REGON", "012100784", pl_regon.validate),
    "PT": CompanyIdScheme("NIPC", "501964843", pt_nif.validate),
    "SE": CompanyIdScheme("Organisationsnummer", "556188-8404", se_orgnr.validate),
    "US": CompanyIdScheme("EIN", "04-2103594", us_ein.validate),
}


def company_id_scheme(country: str) -> CompanyIdScheme | None:
    """What the country's company register number is called and looks like, if we know it."""
    return COMPANY_ID_SCHEMES.get(str(country).upper())


def normalize_company_id(value: str, country: str) -> str:
    """The country's company registration number, checked where the country's scheme is known
    (with check digits where it has them); other countries' numbers are kept as entered."""
    country = str(country).upper()
    value = " ".join(str(value).split())
    if not value:
        raise ValidationError(_("Enter the company registration number."), code="required")
    scheme = company_id_scheme(country)
    if scheme is None:
        if len(value) > 40:
            raise ValidationError(_("Enter at most 40 characters."), code="invalid_length")
        return value
    try:
        return scheme.validate(value)
    except stdnum_errors.ValidationError as exc:
        raise _stdnum_error(exc, scheme.name, country, scheme.example) from None
