"""Template helpers of the workspace's page chrome: its URLs in the current language, the
language switcher, and the direction of text in another language than the page's."""

from collections.abc import Iterable

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import get_language_info

from marketplace.catalog.languages import merchant_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def ws_url(context, name: str, **kwargs) -> str:
    """A workspace URL in the page's language: {% ws_url "listing_edit" pk=listing.pk %}."""
    language = context["request"].workspace.language
    return reverse(f"workspace:{name}", kwargs={"lang": language, **kwargs})


@register.simple_tag
def language_links(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(code, name in that language, URL of this page in it) for each workspace language."""
    match = request.resolver_match
    links = []
    for code in merchant_languages():
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        url = reverse(match.view_name, kwargs={**match.kwargs, "lang": code})
        query = request.GET.urlencode()
        links.append((code, name, f"{url}?{query}" if query else url))
    return links


@register.filter
def text_direction(tag: str | None) -> str:
    """`rtl` for a language written right to left (ar, he, fa...), else `ltr`: the `dir` of a
    block in another language than the page's (the listing's source beside its translation)."""
    try:
        return "rtl" if get_language_info(tag or "")["bidi"] else "ltr"
    except KeyError:  # a tag Django has no information on: most scripts are left to right
        return "ltr"


@register.filter
def written_in(field: BoundField, tag: str) -> BoundField:
    """The field, its input marked as text in `tag` (lang and dir), so a translation into
    German on an Arabic page is typed left to right and an Arabic one right to left. The
    widget belongs to this form instance (Django copies fields per form), so nothing leaks."""
    field.field.widget.attrs.update(lang=tag, dir=text_direction(tag))
    return field


@register.filter
def isolated_names(names: Iterable[object]) -> str:
    """Names joined by commas, each in <bdi>: a Latin company name ending in "Ltd." keeps its
    full stop in an Arabic sentence."""
    return format_html_join(", ", "<bdi>{}</bdi>", ((str(name),) for name in names))
