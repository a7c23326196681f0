"""Which region and language a portal URL stands for, resolved once at the edge.

`/portal/{region}/{lang}/`: the region must exist and be active, the language must be one the
region offers and the portal has a catalog for. A language the region offers but the portal
cannot show yet redirects to the region's default rather than showing a half-English page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404

from regions.core.models import Region
from regions.languages.services import default_language, offered_languages, parent_tags


@dataclass(frozen=True)
class Portal:
    region: Region
    language: str  # as in the URL: lowercase BCP 47 (`pl`, `en-gb`)
    languages: tuple[str, ...]  # every language this region's portal can be shown in


class LanguageNotOffered(Exception):
    """The region exists but not in this language; `default` is where to send the visitor."""

    def __init__(self, region: Region, default: str) -> None:
        super().__init__(f"{region.code} portal has no {default!r}")
        self.region = region
        self.default = default


def has_catalog(tag: str) -> bool:
    """Whether the portal's UI is translated into `tag` (or a parent of it: en-GB → en)."""
    return any(parent in settings.PORTAL_UI_LANGUAGES for parent in parent_tags(tag.lower()))


def portal_languages(region: Region) -> tuple[str, ...]:
    return tuple(tag.lower() for tag in offered_languages(region) if has_catalog(tag))


def resolve(region_code: str, language: str) -> Portal:
    """The portal for the URL's parts; Http404 for an unknown region or one without a portal
    language, LanguageNotOffered for a language the region's portal does not show."""
    region = Region.objects.filter(code=region_code, active=True).first()
    if region is None:
        raise Http404("No such region.")
    languages = portal_languages(region)
    if not languages:
        raise Http404("This region's portal is not available in any language yet.")
    if language not in languages:
        raise LanguageNotOffered(region, default_portal_language(region, languages))
    return Portal(region=region, language=language, languages=languages)


def default_portal_language(region: Region, languages: tuple[str, ...] | None = None) -> str:
    languages = languages if languages is not None else portal_languages(region)
    if not languages:
        raise Http404("This region's portal is not available in any language yet.")
    default = (default_language(region) or "").lower()
    return default if default in languages else languages[0]
