"""Request bodies that refuse fields they do not declare. A field the API does not know
(`province` for `subdivision`, `buyer_details.vat_id` for `vat_id`) would otherwise be ignored
silently and price or order the wrong thing. One mechanism for every write endpoint: its
request serializer (published by drf-spectacular) is the list of fields it knows."""

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request

from regions.core.validators import shown

UNKNOWN_FIELD = "unknown_field"  # the error code (marketplace/api/errors.py)


def unknown_fields(serializer: serializers.Serializer, data: object,
                   prefix: str = "") -> dict[str, list[str]]:
    """{path: [message]} for each field of `data` that `serializer` does not declare, nested
    objects and lists of objects included ("lines[0].qty", "buyer.province"). Values of the
    wrong shape are left to the validation that follows."""
    if not isinstance(data, Mapping):
        return {}
    fields = serializer.fields
    message = _("Unknown field; the fields are: %(known)s.") % {"known": ", ".join(fields)}
    found = {f"{prefix}{name}": [message] for name in data if name not in fields}
    for name, field in fields.items():
        value = data.get(name)
        child = getattr(field, "child", None)  # ListSerializer or ListField of objects
        if isinstance(child, serializers.Serializer) and isinstance(value, list):
            for index, item in enumerate(value):
                found.update(unknown_fields(child, item, f"{prefix}{name}[{index}]."))
        elif isinstance(field, serializers.Serializer):
            found.update(unknown_fields(field, value, f"{prefix}{name}."))
    return found


def refuse_unknown_fields(serializer_class: type[serializers.Serializer], data: object) -> None:
    """A 400 naming every unknown field (DRF's field → messages mapping), before any other
    check."""
    unknown = unknown_fields(serializer_class(), data)
    if unknown:
        raise serializers.ValidationError(unknown, code=UNKNOWN_FIELD)


class StrictSerializer(serializers.Serializer):
    """A request serializer that refuses undeclared fields, at every depth, with flat paths."""

    def to_internal_value(self, data):
        if self.parent is None:
            unknown = unknown_fields(self, data)
            if unknown:
                raise serializers.ValidationError(unknown, code=UNKNOWN_FIELD)
        return super().to_internal_value(data)


def refuse_unknown_parameters(request: Request, known: Iterable[str]) -> None:
    """A 400 naming each query parameter not in `known` (`?search=` on an endpoint that has no
    search must not answer every listing as if it had searched)."""
    known = list(dict.fromkeys(known))
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        message = _("Unknown parameter; the parameters are: %(known)s.") % {
            "known": ", ".join(known)}
        raise serializers.ValidationError({shown(name): [message] for name in unknown},
                                          code="unknown_parameter")
