"""Template helpers of the workspace's page chrome: its URLs in the current language and the
language switcher."""

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language_info

from marketplace.workspace.context import workspace_languages

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
    for code in workspace_languages():
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        url = reverse(match.view_name, kwargs={**match.kwargs, "lang": code})
        query = request.GET.urlencode()
        links.append((code, name, f"{url}?{query}" if query else url))
    return links
