"""Admin list filters that fit an operator's data: only values that occur in the rows they
may see, with human labels instead of stored codes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django_countries.filters import CountryFilter


class ScopedCountryFilter(CountryFilter):
    """A CountryField filter listing the countries that occur in the rows the user may see (the
    model admin's scoped queryset), by name: four warehouses give four choices, not 250.
    django-countries' own filter reads every row of the table, other regions' included."""

    def __init__(self, field, request: HttpRequest, params, model, model_admin, field_path):
        self._rows = model_admin.get_queryset(request)
        super().__init__(field, request, params, model, model_admin, field_path)

    def lookup_choices(self, changelist) -> Iterator[tuple[str, str]]:
        codes = set(self._rows.order_by().values_list(self.field_path, flat=True).distinct())
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


def labelled_values_filter(field: str, title: str,
                           label: Callable[[str], str]) -> type[admin.SimpleListFilter]:
    """A filter on a plain text field whose stored values are codes (`certificate_missing`,
    `not_run`): it lists the values present in the user's rows, each under `label(value)`."""

    class LabelledValuesFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
            values = (model_admin.get_queryset(request).order_by().exclude(**{field: ""})
                      .values_list(field, flat=True).distinct())
            return sorted(((value, label(value)) for value in values),
                          key=lambda pair: str(pair[1]))

        def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
            value = self.value()
            return queryset.filter(**{field: value}) if value else queryset

    LabelledValuesFilter.title = title
    LabelledValuesFilter.__name__ = f"{field.title().replace('_', '')}Filter"
    return LabelledValuesFilter


def humanize_code(code: str) -> str:
    """`certificate_missing` → "Certificate missing": the fallback label of a code nobody
    named yet, still better than the code."""
    text = code.replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:]
