"""Who may preview which listings: the supplier's members, and superusers."""

from django.contrib.auth.models import AbstractUser

from marketplace.catalog.models import Listing, ListingQuerySet


def previewable_listings(user: AbstractUser) -> ListingQuerySet:
    """Other suppliers' listings are simply absent, so asking for one is a 404 that does not
    tell whether it exists."""
    if user.is_superuser:
        return Listing.objects.all()
    return Listing.objects.filter(supplier__members=user)
