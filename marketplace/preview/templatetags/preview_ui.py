"""Template helpers of the preview's page chrome."""

from django import template
from django.conf import settings

from marketplace.catalog.languages import merchant_languages
from marketplace.preview.labels import own_name

register = template.Library()


@register.simple_tag
def ui_languages() -> list[tuple[str, str]]:
    """(code, the language's own name) of each language the merchant can switch the preview
    to: the merchant languages (English, Simplified Chinese and settings.PORTAL_UI_LANGUAGES,
    which holds the languages installed packs bring), the one list the workspace and the
    supplier's stored language use too; tests/marketplace/preview/test_catalogs.py holds the
    preview's catalogs to every one of them. A tag Django does not know (settings.LANGUAGES)
    is left out: set_language would refuse it."""
    known = {code.lower() for code, _name in settings.LANGUAGES}
    return [(code, own_name(code)) for code in merchant_languages() if code in known]
