"""Which listings and suppliers regional ops see: those that sell, or ask to sell, in their
regions. Listings and suppliers carry no region of their own (a listing is offered in every
market whose compliance check it has), so the rule follows their records in the region."""

from django.db import models

from marketplace.catalog.models import Listing, Supplier
from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from marketplace.portal.models import Application
from regions.core.models import Region
from regions.core.scoping import regions_for


def listings_in(regions: models.QuerySet[Region]) -> models.QuerySet[Listing]:
    """Listings checked for sale in one of `regions` (a subquery: one row per listing however
    many reports it has)."""
    checked = ComplianceReport.objects.filter(region__in=regions).values("listing_id")
    return Listing.objects.filter(pk__in=checked)


def suppliers_in(regions: models.QuerySet[Region]) -> models.QuerySet[Supplier]:
    """Suppliers with a listing, an application, a responsible person or a certificate in
    one of `regions`."""
    return Supplier.objects.filter(
        models.Q(pk__in=listings_in(regions).values("supplier_id"))
        | models.Q(pk__in=Application.objects.filter(region__in=regions).exclude(
            supplier=None).values("supplier_id"))
        | models.Q(pk__in=ResponsiblePerson.objects.filter(region__in=regions).values(
            "supplier_id"))
        | models.Q(pk__in=Certificate.objects.filter(
            certificate_type__region__in=regions).values("supplier_id")))


def listings_seen_by(user) -> models.QuerySet[Listing]:
    """The listings whose pages and images `user` may see outside the admin: published ones
    (everyone, anonymous too), the drafts of the user's own suppliers, those regional ops see
    in the listing admin (checked for sale in their regions; the admin's rule above, so a
    draft from elsewhere stays private), and every one for superusers."""
    if user.is_active and user.is_superuser:
        return Listing.objects.all()
    seen = Listing.objects.visible_to(user)
    if user.is_active and user.is_staff and user.has_perm("catalog.view_listing"):
        return seen | listings_in(regions_for(user))
    return seen
