"""Compliance fixtures: the real EU/UK/US packs, a supplier with a member, listings, and
document files built by the real libraries (pypdf, Pillow), never hand-typed bytes."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import setting_changed
from PIL import Image
from pypdf import PdfWriter

from marketplace.catalog.models import Listing, ListingStatus, PriceTier, Supplier
from marketplace.catalog.services import save_listing
from tests.region_fixtures import all_packs, eu_ops, packs, superuser, uk_ops  # noqa: F401

LOCALE_DIR = Path(__file__).resolve().parents[3] / "regions" / "compliance" / "locale"


@pytest.fixture(scope="session", autouse=True)
def compiled_catalog():
    """The .mo file is build output: compile this app's catalog, then make Django forget any
    catalog it loaded before it existed."""
    call_command("compile_translations", str(LOCALE_DIR), stdout=io.StringIO())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded documents go to a per-test folder, never the developer's var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4 in points
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def supplier(db) -> Supplier:
    return Supplier.objects.create(name="Shenzhen Hexin Audio Technology Co., Ltd.",
                                   slug="sz-hexin-audio", country="CN")


@pytest.fixture
def member(supplier):
    user = get_user_model().objects.create_user("sz-audio", "sales@hexin-audio.example",
                                                "pw-sz-audio")
    supplier.members.add(user)
    return user


@pytest.fixture
def stranger(db):
    return get_user_model().objects.create_user("yw-toys", "toys@lebao.example", "pw-yw-toys")


def make_listing(supplier: Supplier, **fields) -> Listing:
    values = {
        "supplier": supplier, "status": ListingStatus.PUBLISHED, "source_language": "en",
        "source_currency": "CNY", "title": "X1 wireless earbuds",
        "description": "<p>Bluetooth 5.3 earbuds with charging case.</p>",
        "category": "consumer_electronics", "radio": True, "contains_battery": True,
        "hs_code": "851830", "moq": 100, "lead_time_min_days": 10, "lead_time_max_days": 15,
    }
    listing = Listing(**{**values, **fields})
    save_listing(listing)
    PriceTier.objects.create(listing=listing, min_quantity=listing.moq,
                             unit_price=Decimal("58.00"))
    return listing


@pytest.fixture
def listing(packs, supplier) -> Listing:  # noqa: F811
    return make_listing(supplier)
