"""Which language a workspace URL is in, and who may use the workspace.

`/portal/workspace/{lang}/...`: the language is in the URL, as on the portal, so a link in an
e-mail or from the preview opens in the language the merchant reads. The workspace speaks every
merchant language (`catalog.languages.merchant_languages()`, read from settings at each call:
English, Simplified Chinese and the portal's UI languages, with those the installed packs
bring, such as ja and ar, whose catalogs carry the workspace's text); any other tag goes to
its closest one, else English.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from marketplace.catalog.languages import closest_of, merchant_languages
from marketplace.catalog.models import Listing, Supplier
from marketplace.compliance.models import Certificate

DEFAULT_LANGUAGE = "en"


def closest_language(tag: str | None) -> str | None:
    """The workspace language for a BCP 47 tag (`en-GB` → `en`, `zh-CN` → `zh-hans`,
    `ja-JP` → `ja`), None when it has none."""
    return closest_of(tag, merchant_languages())


def suppliers_of(user: AbstractBaseUser) -> QuerySet[Supplier]:
    """The suppliers the user is a member of: the whole of what the workspace shows them."""
    if not user.is_authenticated:
        return Supplier.objects.none()
    return Supplier.objects.filter(members=user).order_by("name")


def own_listings(user: AbstractBaseUser) -> QuerySet[Listing]:
    """Another supplier's listing is simply absent: asking for it by id is a 404 that does
    not tell whether it exists."""
    return Listing.objects.filter(supplier__in=suppliers_of(user))


def own_certificates(user: AbstractBaseUser) -> QuerySet[Certificate]:
    return Certificate.objects.filter(supplier__in=suppliers_of(user))
