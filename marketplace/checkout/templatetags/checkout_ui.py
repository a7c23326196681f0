"""Template helpers of the checkout pages."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from regions.warehouses.incoterms import incoterm_name as _incoterm_name

register = template.Library()


@register.simple_tag
def labelled(label: str, value: object) -> SafeString:
    """“Label: value” as the language punctuates it (French: “Total : 904,90 €”), both parts
    escaped."""
    return mark_safe(_("%(label)s: %(value)s") % {  # noqa: S308 (both parts escaped)
        "label": conditional_escape(label), "value": conditional_escape(value)})


@register.filter
def incoterm_name(code: str) -> str:
    """The Incoterms rule `code` with its name in the page's language ("DAP - Geliefert
    benannter Ort"): an order keeps the name in the language it was quoted in, which need not
    be the page's."""
    return _incoterm_name(code)


@register.filter
def doc_number(number: object) -> SafeString:
    """An order or invoice number kept whole on one line and in its own direction: browsers
    break "MR-620EA1CD5F" after the hyphen, and a right-to-left line reorders it."""
    return format_html('<span class="doc-number">{}</span>', number)
