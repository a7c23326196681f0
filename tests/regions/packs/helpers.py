"""Shared steps of the pack tests: load a pack twice, load its demo file with the existing demo
loader, and ask the rule check about a listing in the pack's market."""

import datetime

from marketplace.catalog.demo import DemoReport, load_demo_catalog
from marketplace.catalog.models import Listing
from marketplace.compliance.services import check
from regions.compliance.checks import ComplianceSummary
from regions.core.loading import LoadReport, load_pack
from regions.core.market import resolve_market_context
from regions.core.packs import get_pack

TODAY = datetime.date(2026, 12, 2)


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
