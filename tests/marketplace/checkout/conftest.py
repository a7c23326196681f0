"""A sellable listing (the supplier holds a verified certificate of every type the packs
define) priced in CNY with round exchange rates: CNY 800 per unit = EUR 100 net; from 10
units CNY 720 = EUR 90."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from rest_framework.test import APIClient

from marketplace.catalog.models import Listing, ListingStatus, PriceTier, Supplier
from marketplace.catalog.services import save_listing
from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType
from tests.marketplace.localization.conftest import rates, translate  # noqa: F401
from tests.region_fixtures import packs, superuser  # noqa: F401


@pytest.fixture(scope="session", autouse=True)
def compiled_checkout_translations():
    """The checkout's de/fr catalogs compiled (.mo files are build output), and Django's
    catalog cache dropped so that it loads them."""
    call_command("compile_translations", str(settings.BASE_DIR / "marketplace" / "checkout"
                                             / "locale"), stdout=_Null())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)


class _Null:
    def write(self, *_args) -> None:
        pass


@pytest.fixture
def supplier(db) -> Supplier:
    return Supplier.objects.create(
        name="Duisburg Küchentechnik GmbH", slug="du-kitchen", country="DE",
        vat_id="DE136695976", registration_number="HRB 12345", street_address="Hafenstraße 1",
        postal_code="47119", city="Duisburg", email="sales@example.com", phone="+492035551234")


@pytest.fixture
def certified(packs, supplier):  # noqa: F811
    """Every certificate type of every region on record and verified: nothing blocks."""
    for kind in CertificateType.objects.all():
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")


def make_listing(supplier: Supplier, *, moq: int = 1, title: str = "Edelstahl-Topfset 5-teilig",
                 **fields) -> Listing:
    values = {
        "supplier": supplier, "status": ListingStatus.PUBLISHED, "source_language": "en",
        "source_currency": "CNY", "title": title, "description": "<p>Five pots.</p>",
        "category": "furniture", "hs_code": "732393", "moq": moq, "lead_time_min_days": 5,
        "lead_time_max_days": 10,
    }
    listing = Listing(**{**values, **fields})
    save_listing(listing)
    PriceTier.objects.create(listing=listing, min_quantity=moq, unit_price=Decimal("800.00"))
    if moq < 10:
        PriceTier.objects.create(listing=listing, min_quantity=10, unit_price=Decimal("720.00"))
    return listing


@pytest.fixture
def listing(packs, rates, supplier, certified) -> Listing:  # noqa: F811
    item = make_listing(supplier, title="Stainless steel pot set, 5 pieces")
    translate(item, "de", "Edelstahl-Topfset, 5-teilig")
    translate(item, "fr", "Batterie de casseroles inox, 5 pièces")
    return item


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def quote_body(listing, quantity=10, **market) -> dict:
    body = {"region": "eu", "country": "DE", "lang": "de", "buyer": "consumer",
            "lines": [{"listing": listing.pk, "quantity": quantity}]}
    body.update(market)
    return body
