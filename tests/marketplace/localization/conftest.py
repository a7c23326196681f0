"""A listing priced in CNY and exchange rates with round numbers, so every expected price
can be worked out by hand: CNY 9,600 per unit = EUR 1,200 net."""

import datetime
from decimal import Decimal

import pytest

from marketplace.catalog.models import (
    Listing,
    ListingStatus,
    PriceTier,
    Supplier,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import save_listing, write_translation
from marketplace.rates.models import ExchangeRate
from tests.region_fixtures import packs  # noqa: F401

TODAY = datetime.date(2026, 11, 24)
# Units of currency per EUR, as the ECB publishes them.
RATES = {"CNY": "8.0000", "PLN": "4.2500", "SEK": "11.0000", "GBP": "0.8500", "USD": "1.1000",
         "CAD": "1.5000", "JPY": "160.00", "AUD": "1.6000", "AED": "4.0000"}


@pytest.fixture
def rates(db):
    for currency, rate in RATES.items():
        ExchangeRate.objects.create(currency=currency, rate=Decimal(rate),
                                    as_of=datetime.date(2026, 11, 20), source="test")


@pytest.fixture
def supplier(db) -> Supplier:
    return Supplier.objects.create(name="Shenzhen Audio Works", slug="sz-audio", country="CN")


def make_listing(supplier: Supplier, *, moq: int = 1, **fields) -> Listing:
    values = {
        "supplier": supplier, "status": ListingStatus.PUBLISHED, "source_language": "zh-Hans",
        "source_currency": "CNY", "title": "数控雕刻机 6090",
        "description": "<p>工业级数控雕刻机。</p>",
        "category": "consumer_electronics", "radio": True, "contains_battery": True,
        "hs_code": "851830", "moq": moq, "lead_time_min_days": 10, "lead_time_max_days": 15,
    }
    listing = Listing(**{**values, **fields})
    save_listing(listing)
    PriceTier.objects.create(listing=listing, min_quantity=moq, unit_price=Decimal("9600.00"))
    PriceTier.objects.create(listing=listing, min_quantity=max(moq, 10),
                             unit_price=Decimal("8800.00")) if moq < 10 else None
    return listing


def translate(listing: Listing, language: str, title: str, *,
              state: TranslationState = TranslationState.REVIEWED) -> None:
    write_translation(listing, language, title=title, description=f"<p>{title}</p>",
                      origin=TranslationOrigin.HUMAN, state=state,
                      made_from_hash=listing.source_hash)


@pytest.fixture
def listing(packs, rates, supplier) -> Listing:  # noqa: F811
    item = make_listing(supplier)
    translate(item, "de", "CNC-Graviermaschine 6090")
    translate(item, "en", "CNC engraving machine 6090", state=TranslationState.MACHINE)
    return item
