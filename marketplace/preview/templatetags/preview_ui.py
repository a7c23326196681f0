"""Template helpers of the preview's page chrome."""

from django import template
from django.conf import settings

register = template.Library()

# The languages this UI has catalogs for (locale/<lang>/); offering others would switch only
# Django's own strings and leave the merchant with a half-translated page.
UI_LANGUAGES = ("en", "zh-hans", "de")


@register.simple_tag
def ui_languages() -> list[tuple[str, str]]:
    """(code, name in that language) of each language the merchant can switch the UI to: the
    project's own and those an installed pack brings with its catalogs (Japanese, Arabic).
    Without the packs' languages an Arabic page listed no Arabic, and the menu read "English"."""
    names = dict(settings.LANGUAGES)
    offered = dict.fromkeys([*UI_LANGUAGES, *settings.PACK_LANGUAGES])
    return [(code, names.get(code, code)) for code in offered if code in names]
