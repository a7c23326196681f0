"""Company identifiers by country, under the names checkout and the portal have always called:
the schemes themselves come from the installed region packs (regions/core/registration.py).

A VAT ID (any tax registration: VAT, GST/HST, JCT T-number, ABN, TRN) is stored in its
scheme's normalized form (DE136695976, T5835678256246, 123026635RT0001).
"""

from regions.core.registration import (
    RegistrationScheme,
    check_tax_id,
    company_id_scheme,
    find_tax_scheme,
    normalize_tax_id,
    tax_id_example,
    tax_id_label,
    tax_id_required,
    validate_company_id,
    validate_tax_id,
)


def normalize_vat_id(value: str, country: str) -> str:
    """The tax registration number in normalized form, or a ValidationError saying what is
    wrong (and, where the pack confirms numbers online, whether the registry confirmed it)."""
    return validate_tax_id(country, value)


def normalize_company_id(value: str, country: str) -> str:
    """The country's company registration number, checked where a pack describes the country's
    register; other countries' numbers are kept as entered."""
    return validate_company_id(country, value)


def vat_id_example(country: str) -> str:
    """A valid tax registration number of the country, for placeholders and messages."""
    return tax_id_example(country)


__all__ = [
    "RegistrationScheme", "check_tax_id", "company_id_scheme", "find_tax_scheme",
    "normalize_company_id",
    "normalize_tax_id", "normalize_vat_id", "tax_id_label", "tax_id_required",
    "vat_id_example",
]
