"""EU registration numbers: the VAT ID of every member state (python-stdnum's `eu.vat`, with
VIES confirmation when settings.VIES_ENABLED) and the company registers of the pack's countries.

A VAT ID is stored compact with its country prefix (DE136695976, EL094259216): the form
invoices and VIES use. Reverse charge depends on it, so an EU company must give one.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.at import businessid as at_businessid
from stdnum.be import vat as be_vat
from stdnum.de import handelsregisternummer as de_register
from stdnum.es import cif as es_cif
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.it import codicefiscale as it_codicefiscale
from stdnum.pl import regon as pl_regon
from stdnum.pt import nif as pt_nif
from stdnum.se import orgnr as se_orgnr

from regions.core.registration import (
    RegistrationScheme,
    pattern_validator,
    prefixed_normalizer,
    prefixed_vat_validator,
)

log = logging.getLogger(__name__)

# Greece's VAT IDs start with EL, not GR. stdnum's member states include "xi" (Northern
# Ireland), a VAT prefix of UK numbers, not a member state: the uk pack accepts it.
_VAT_PREFIX = {"GR": "EL"}
# One valid VAT ID per member state (python-stdnum's documented examples, checked with
# stdnum 2.2; the twelve of the pack's first markets as before).
_VAT_EXAMPLES = {
    "AT": "ATU13585627", "BE": "BE0403019261", "BG": "BG175074752", "CY": "CY10259033P",
    "CZ": "CZ25123891", "DE": "DE136695976", "DK": "DK13585628", "EE": "EE100931558",
    "ES": "ESA28015865", "FI": "FI20774740", "FR": "FR40303265045", "GR": "EL094259216",
    "HR": "HR33392005961", "HU": "HU12892312", "IE": "IE6388047V", "IT": "IT00743110157",
    "LT": "LT119511515", "LU": "LU15027442", "LV": "LV40003521600", "MT": "MT11679112",
    "NL": "NL004495445B01", "PL": "PL5260250995", "PT": "PT501964843", "RO": "RO18547290",
    "SE": "SE556188840401", "SI": "SI50223054", "SK": "SK2022749619",
}
MEMBER_STATES = tuple(sorted(_VAT_EXAMPLES))


def _member_state_body(prefix: str):
    def validate(body: str) -> str:
        return eu_vat.validate(prefix + body)[len(prefix):]
    return validate


def confirm_with_vies(vat_id: str) -> None:
    """With settings.VIES_ENABLED, ask the EU's VIES service whether the VAT ID is registered;
    refuse when it says no or cannot answer (fail closed: reverse charge on an unconfirmed ID
    would make the seller liable for the VAT)."""
    if not settings.VIES_ENABLED:
        return
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


def vat_scheme(country: str) -> RegistrationScheme:
    prefix = _VAT_PREFIX.get(country, country)
    return RegistrationScheme(
        code=f"eu.vat.{country.lower()}", country=country, kind="tax", label=_("VAT ID"),
        example=_VAT_EXAMPLES[country],
        validator=prefixed_vat_validator(country, prefix, _member_state_body(prefix)),
        normalizer=prefixed_normalizer(prefix),
        reverse_charge=True, on_invoice=True, required=True, confirm=confirm_with_vies)


def _siren_or_siret(value: str) -> str:
    number = fr_siren.compact(value)
    return fr_siret.validate(value) if len(number) == 14 else fr_siren.validate(value)


def _belgian_enterprise_number(value: str) -> str:
    # The enterprise (KBO/BCE) number and the VAT number are the same ten digits.
    number = be_vat.validate(value)
    return number[2:] if number.startswith("BE") else number


def _company(country: str, label: str, example: str, validator) -> RegistrationScheme:
    # Registers keep the name the country gives them (a proper name, not translated).
    return RegistrationScheme(
        code=f"eu.company.{country.lower()}", country=country, kind="company", label=label,
        example=example, validator=validator)


COMPANY_SCHEMES = (
    _company("AT", "Firmenbuchnummer", "122119m", at_businessid.validate),
    _company("BE", "Ondernemingsnummer / numéro d'entreprise", "0403019261",
             _belgian_enterprise_number),
    _company("DE", "Handelsregisternummer", "Berlin (Charlottenburg) HRB 12345",
             de_register.validate),
    _company("ES", "CIF / NIF", "A28015865", es_cif.validate),
    _company("FR", "SIREN / SIRET", "303265045", _siren_or_siret),
    _company("IE", "CRO number", "104547", pattern_validator(r"\d{1,6}")),
    _company("IT", "Codice fiscale", "00743110157", it_codicefiscale.validate),
    _company("NL", "KvK-nummer", "33014286", pattern_validator(r"\d{8}")),
    _company("PL", "REGON", "012100784", pl_regon.validate),
    _company("PT", "NIPC", "501964843", pt_nif.validate),
    _company("SE", "Organisationsnummer", "5561888404", se_orgnr.validate),
)

SCHEMES: tuple[RegistrationScheme, ...] = (
    *(vat_scheme(country) for country in MEMBER_STATES), *COMPANY_SCHEMES)
