"""Which listings and suppliers regional ops see: those that sell, or ask to sell, in their
regions. Listings and suppliers carry no region of their own (a listing is offered in every
market whose compliance check it has), so the rule follows their records in the region."""

from django.db import models

from marketplace.catalog.models import Listing, Supplier
from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from marketplace.portal.models import Application
from regions.core.models import Region


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
