"""What every certificate form (the portal's onboarding upload, the supplier workspace) checks
beyond its own fields: the compliance engine's rules, so that what a form accepts the engine
accepts too."""

from django import forms
from django.core.exceptions import ValidationError

from marketplace.compliance.models import Certificate


def add_certificate_rule_errors(form: forms.Form, cleaned: dict) -> None:
    """The identifier format, validity dates and listed acts of Certificate.clean, as errors
    on `form`'s fields (on the form itself for a field it does not have); the number in
    `cleaned` becomes the normalised one that Certificate.clean stores."""
    kind = cleaned.get("certificate_type")
    if kind is None or not cleaned.get("number"):
        return
    certificate = Certificate(
        certificate_type=kind, number=cleaned["number"].strip(),
        valid_from=cleaned.get("valid_from"), valid_until=cleaned.get("valid_until"),
        acts=list(cleaned.get("acts") or []))
    try:
        certificate.clean()
    except ValidationError as error:
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    if "number" in cleaned:
        cleaned["number"] = certificate.number  # normalised by clean: what is stored
