"""Shared steps of the pack tests: load a pack twice, load its demo file with the existing demo
loader, and ask the rule check about a listing in the pack's market."""

import datetime
from io import StringIO

from django.core.management import call_command

from marketplace.catalog.demo import DemoReport, load_demo_catalog
from marketplace.catalog.models import Listing
from marketplace.compliance.services import check
from regions.compliance.checks import ComplianceSummary
from regions.compliance.models import CertificateType, ComplianceRule
from regions.core.loading import LoadReport, load_pack
from regions.core.market import resolve_market_context
from regions.core.models import Country
from regions.core.packs import get_pack
from regions.languages.models import RegionLanguage
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.warehouses.models import ShippingOption, Warehouse

TODAY = datetime.date(2026, 12, 2)


def load_region(region: str) -> str:
    """`manage.py load_region <region>`'s output."""
    out = StringIO()
    call_command("load_region", region, stdout=out)
    return out.getvalue()


def row_counts(region: str) -> dict[str, int]:
    """The region's rows per kind, and the history rows of every region's configuration."""
    return {
        "countries": Country.objects.filter(region__code=region).count(),
        "languages": RegionLanguage.objects.filter(region__code=region).count(),
        "payment methods": PaymentMethod.objects.filter(region__code=region).count(),
        "currencies": PaymentMethodCurrency.objects.filter(method__region__code=region).count(),
        "certificate types": CertificateType.objects.filter(region__code=region).count(),
        "rules": ComplianceRule.objects.filter(region__code=region).count(),
        "warehouses": Warehouse.objects.filter(region__code=region).count(),
        "shipping options": ShippingOption.objects.filter(warehouse__region__code=region).count(),
        "history": PaymentMethod.history.count() + CertificateType.history.count()
        + ComplianceRule.history.count() + ShippingOption.history.count(),
    }


def load_twice(region: str) -> tuple[LoadReport, LoadReport]:
    pack = get_pack(region)
    return load_pack(pack), load_pack(pack)


def load_demo_of(region: str) -> DemoReport:
    return load_demo_catalog(get_pack(region).demo_file)


def demo_listings(supplier: str) -> dict[str, Listing]:
    return {listing.title: listing for listing in Listing.objects.filter(supplier__slug=supplier)}


def summary(listing: Listing, *, region: str, country: str) -> ComplianceSummary:
    market = resolve_market_context(region=region, country=country, buyer="consumer")
    return check(listing, market, today=TODAY)
