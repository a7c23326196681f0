import re

from django.core.exceptions import ValidationError

from regions.core.validators import canonical_language_tag

_TAX_CODE = re.compile(r"[a-z][a-z0-9_]{0,19}")


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.fullmatch(value or ""):
        raise ValidationError(
            "A tax code is lowercase letters, digits and “_”, starting with a letter, such as "
            "“gst” or “pst_bc”.", code="invalid_tax_code")


def validate_labels(value: object) -> None:
    """{language tag: label}: what a tax is called in each of the market's languages."""
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() and len(v) <= 60
            for k, v in value.items()):
        raise ValidationError(
            "Give labels as a table of language tag → label (at most 60 characters), such as "
            "{ fr = \"TPS\" }.", code="invalid_labels")
    for tag in value:
        if canonical_language_tag(tag) != tag:
            raise ValidationError(
                f"“{tag}” is not a canonical language tag (write “{canonical_language_tag(tag)}”).",
                code="invalid_language_tag")
