"""Fixtures for the job pipeline tests: English listings whose protected form is known, and
replies in the shape the pipeline asks for."""

import json
from typing import Any

from marketplace.catalog.models import Listing, ListingStatus, Supplier
from marketplace.catalog.services import save_listing
from tests.marketplace.ai.fake_openai import FakeOpenAI

# "BT100" becomes ⟦M1⟧, "12 h" ⟦N1⟧, the paragraph tags ⟦T1⟧ and ⟦T2⟧.
DESCRIPTION = "<p>Portable speaker with 12 h battery.</p>"
GERMAN_DESCRIPTION = "⟦T1⟧Tragbarer Lautsprecher mit ⟦N1⟧ Akku.⟦T2⟧"
FRENCH_DESCRIPTION = "⟦T1⟧Enceinte portable avec batterie de ⟦N1⟧.⟦T2⟧"
TITLES = {"de": "Bluetooth-Lautsprecher ⟦M1⟧", "fr": "Enceinte Bluetooth ⟦M1⟧"}
DESCRIPTIONS = {"de": GERMAN_DESCRIPTION, "fr": FRENCH_DESCRIPTION}


def make_speaker(supplier: Supplier, number: int, **fields: Any) -> Listing:
    values = {
        "supplier": supplier, "status": ListingStatus.PUBLISHED, "source_language": "en",
        "source_currency": "USD", "title": f"Bluetooth speaker BT{number}",
        "description": DESCRIPTION, "category": "consumer_electronics", "hs_code": "851830",
        "lead_time_min_days": 10, "lead_time_max_days": 15,
    }
    listing = Listing(**{**values, **fields})
    save_listing(listing)
    return listing


def key(listing: Listing, language: str, field: str) -> str:
    return f"L{listing.pk}.{language}.{field}"


def items_for(listings: list[Listing], languages: list[str]) -> list[dict[str, str]]:
    """A correct reply's items: every text translated with its tokens kept."""
    return [entry for listing in listings for language in languages for entry in (
        {"key": key(listing, language, "title"), "text": TITLES[language]},
        {"key": key(listing, language, "description"), "text": DESCRIPTIONS[language]},
    )]


def push_items(fake: FakeOpenAI, items: list[dict[str, str]], **kwargs: Any) -> None:
    fake.push_json({"items": items}, **kwargs)


def sent_keys(fake: FakeOpenAI, index: int = 0) -> list[str]:
    """The keys the pipeline put in the `index`-th request."""
    payload = json.loads(fake.requests[index].body["messages"][1]["content"])
    return [item["key"] for item in payload["items"]]
