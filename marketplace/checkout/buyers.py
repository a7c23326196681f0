"""Buyer details, validated for the buyer's country: consumer or business, company name, VAT
ID, phone (stored E.164, shown national) and the address fields the country uses."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from regions.core.addresses import address_fields, normalize_address, required_address_fields
from regions.core.business_ids import normalize_tax_id, normalize_vat_id
from regions.core.models import BuyerType
from regions.core.phones import format_phone_national, normalize_phone
from regions.core.registration import country_name
from regions.core.subdivisions import subdivision_of_area, subdivisions
from regions.core.validators import validate_text

TEXT_FIELDS = ("company_name", "name", "email", "phone", "vat_id")
MAX_LENGTH = 200


def buyer_form_fields(country: str, buyer_type: str) -> list[str]:
    """The fields a buyer of this type in this country fills in, in order."""
    company = ["company_name", "vat_id"] if buyer_type == BuyerType.BUSINESS else []
    return [*company, "name", "email", "phone", *address_fields(country)]


def validate_buyer(raw: Mapping, *, country: str, buyer_type: str, quote_vat_id: str,
                   subdivision: str = "", postal_code: str = "") -> dict:
    """The buyer's details normalized, or ValidationError({field: [messages]}) naming every
    field that is missing or wrong, with the reason."""
    if not isinstance(raw, Mapping):
        raise ValidationError({"buyer": [_("Give the buyer's details as an object.")]})
    values = {name: _text(raw.get(name)) for name in (*TEXT_FIELDS, "street_address",
                                                      "postal_code", "city", "country_area",
                                                      "country")}
    errors: dict[str, list] = {}
    business = buyer_type == BuyerType.BUSINESS
    refused_text = {}
    for name, value in values.items():
        try:
            validate_text(value, max_length=MAX_LENGTH)
        except ValidationError as exc:
            refused_text[name] = exc.error_list  # messages with their codes (the API's)
            values[name] = ""  # not checked further: its one message says what is wrong
    if business and not values["company_name"]:
        errors["company_name"] = [_("Business buyers give their company name.")]
    if not values["name"]:
        errors["name"] = [_("Enter the name of the person to contact.")]
    try:
        validate_email(values["email"])
    except ValidationError:
        errors["email"] = [_("Enter a valid email address.")]
    phone = ""
    try:
        phone = normalize_phone(values["phone"], country)
    except ValidationError as exc:
        errors["phone"] = exc.error_list
    vat_id = _vat_id(values["vat_id"], country, business, quote_vat_id, errors)
    if values["country"] and values["country"].upper() != country:
        errors["country"] = [_(
            "This order ships to %(country)s; the delivery address must be in %(country)s.")
            % {"country": country_name(country)}]
    address = {}
    try:
        address = normalize_address(values, country)
    except ValidationError as exc:
        for name, field_errors in exc.error_dict.items():
            errors.setdefault(name, []).extend(field_errors)
    # Tax was computed for the quote's subdivision: the goods must go there.
    area = address.get("country_area", "")
    if subdivision and "country_area" not in errors and subdivision_of_area(
            country, area) != subdivision:
        errors["country_area"] = [_(
            "This quote's tax was computed for delivery to %(quoted)s; this address is in "
            "%(area)s. Ask for a new quote for this address.") % {
            "quoted": subdivisions(country).get(subdivision, subdivision),
            "area": area or "—"}]
    # Local taxes were computed for the quote's postal code (US county and city rates).
    if postal_code and "postal_code" not in errors and not _same_postal_code(
            address.get("postal_code", ""), postal_code):
        errors["postal_code"] = [_(
            "This quote's tax was computed for delivery to postal code %(quoted)s. Ask for a "
            "new quote for this address.") % {"quoted": postal_code}]
    errors.update(refused_text)
    if errors:
        raise ValidationError(errors)
    return {
        "type": buyer_type,
        "company_name": values["company_name"] if business else "",
        "name": values["name"],
        "email": values["email"],
        "phone": phone,
        "phone_national": format_phone_national(phone),
        "vat_id": vat_id,
        "address": {**{name: address.get(name, "") for name in address_fields(country)},
                    "country": country},
    }


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _vat_id(value: str, country: str, business: bool, quote_vat_id: str,
            errors: dict) -> str:
    # The VAT ID decided the quote's VAT; a different one at order time needs a new quote.
    if not value:
        return quote_vat_id
    if not business:
        errors["vat_id"] = [_("Only business buyers give a VAT ID.")]
        return ""
    try:
        normalized = normalize_vat_id(value, country)
    except ValidationError as exc:
        if exc.code != "vies_unavailable" or not quote_vat_id:
            errors["vat_id"] = exc.error_list
            return ""
        normalized = normalize_tax_id(country, value)
    if normalized != quote_vat_id:
        errors["vat_id"] = [_(
            "This VAT ID differs from the one the quote was priced with (%(quoted)s); VAT "
            "depends on it, so ask for a new quote.") % {"quoted": quote_vat_id or "—"}]
    return normalized


__all__ = ["buyer_form_fields", "required_address_fields", "validate_buyer"]


def _same_postal_code(entered: str, quoted: str) -> bool:
    """10001-1234 is in 10001; H3Z2Y7 is H3Z 2Y7."""
    entered, quoted = entered.replace(" ", ""), quoted.replace(" ", "")
    return bool(entered) and (entered.startswith(quoted) or quoted.startswith(entered))
