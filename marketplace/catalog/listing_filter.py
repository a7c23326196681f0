"""Which listings a list shows, as a value.

`ListingFilter` holds every input its queryset is built from, and the queryset is built from
nothing else, so the filter can key that queryset's compiled SQL
(marketplace/localization/compiled.py): two requests with equal filters run the same SQL.
"""

from dataclasses import dataclass

from marketplace.catalog.models import Listing, ListingQuerySet


@dataclass(frozen=True)
class ListingFilter:
    member: int | None = None  # a signed-in user's id: their suppliers' drafts are shown too
    category: str = ""  # blank: every category
    status: str = ""  # blank: published, plus the member's drafts
    search: str = ""  # blank: no search
    languages: tuple[str, ...] = ()  # the translated titles a search looks in

    def queryset(self) -> ListingQuerySet:
        """The listings, newest change first (the list's order)."""
        listings = Listing.objects.visible_to_member(self.member)
        if self.category:
            listings = listings.filter(category=self.category)
        if self.status:
            listings = listings.filter(status=self.status)
        if self.search:
            listings = listings.matching(self.search, self.languages)
        return listings.order_by("-updated_at", "-pk")
