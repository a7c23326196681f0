"""Model fields shared by the concern apps."""

from django.core.exceptions import ValidationError
from django.db import models

from regions.core.validators import validate_currency_code, validate_language_tag


class LanguageTagField(models.CharField):
    """A BCP 47 language tag, such as `de`, `de-AT` or `zh-Hans`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 35)
        kwargs.setdefault("help_text", "BCP 47 language tag, such as “de” or “de-AT”.")
        super().__init__(*args, **kwargs)
        self.validators.append(validate_language_tag)


class CurrencyField(models.CharField):
    """An ISO 4217 currency code, such as `EUR`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("help_text", "ISO 4217 currency code, such as “EUR”.")
        super().__init__(*args, **kwargs)
        self.validators.append(validate_currency_code)


def require_same_region(instance: models.Model, field: str, region_id: int | None) -> None:
    """Refuse a related row (country, certificate type, ...) from another region."""
    if region_id is None or getattr(instance, f"{field}_id") is None:
        return
    related = getattr(instance, field)
    if related.region_id != region_id:
        raise ValidationError(
            {field: f"{related} is not part of this region; pick one from the same region."},
            code="other_region",
        )
