"""{% load pack_names %}{{ method.name|pack_name }}: a pack's English name in the page's
language (regions/core/pack_names.py)."""

from django import template

from regions.core.pack_names import pack_name

register = template.Library()


@register.filter(name="pack_name")
def pack_name_filter(name: object) -> str:
    # Regions and other rows with a `name` may be passed as they are.
    return pack_name(getattr(name, "name", name) if not isinstance(name, str) else name)
