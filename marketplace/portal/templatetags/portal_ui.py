"""Template helpers of the portal's page chrome: the language switcher and step links."""

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language_info

from marketplace.portal.labels import category_label, region_name

register = template.Library()


@register.simple_tag
def language_links(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(code, name in that language, URL of this page in it) for each portal language."""
    match = request.resolver_match
    links = []
    for code in request.portal.languages:
        kwargs = {**match.kwargs, "lang": code}
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        links.append((code, name, reverse(match.view_name, kwargs=kwargs)))
    return links


@register.simple_tag
def portal_url(request: HttpRequest, name: str, **kwargs) -> str:
    """A portal URL in the current region and language: {% portal_url request "company" %}."""
    portal = request.portal
    return reverse(f"portal:{name}",
                   kwargs={"region": portal.region.code, "lang": portal.language, **kwargs})


@register.filter(name="region_name")
def region_name_filter(region) -> str:
    return region_name(region)


@register.filter
def category(code: str) -> str:
    return category_label(code)
