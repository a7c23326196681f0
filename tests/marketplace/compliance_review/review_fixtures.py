"""Listings with claims in them, and replies in the shape the review asks for."""

import json
from typing import Any

from marketplace.catalog.models import Listing, ListingStatus, Supplier
from marketplace.catalog.services import save_listing
from tests.marketplace.ai.fake_openai import FakeOpenAI

TITLE = "Wireless Bluetooth speaker BT100"
DESCRIPTION = (
    "<p>Portable speaker, <b>CE certified</b> and FDA approved.</p>"
    "<p>Relieves   stress and improves sleep.</p>"
    "<p>Built-in 2000 mAh lithium battery. Great gift for kids aged 2+.</p>"
)
GERMAN_TITLE = "Kabelloser Bluetooth-Lautsprecher BT100"
GERMAN_DESCRIPTION = "<p>Tragbarer Lautsprecher, CE-zertifiziert. Ideal für Kinder ab 2.</p>"


def make_listing(supplier: Supplier, **fields: Any) -> Listing:
    values = {
        "supplier": supplier, "status": ListingStatus.PUBLISHED, "source_language": "en",
        "source_currency": "USD", "title": TITLE, "description": DESCRIPTION,
        "category": "consumer_electronics", "contains_battery": True, "hs_code": "851830",
        "lead_time_min_days": 10, "lead_time_max_days": 15,
    }
    listing = Listing(**{**values, **fields})
    save_listing(listing)
    return listing


def finding(kind: str, evidence: str, explanation: str = "A problem in this market.",
            language: str = "en") -> dict[str, str]:
    return {"kind": kind, "language": language, "evidence": evidence,
            "explanation": explanation}


# One finding of each kind, every quote taken from TITLE/DESCRIPTION as the model sees them.
EACH_KIND = [
    finding("unbacked_certification_claim", "CE certified",
            "The listing claims CE marking but no EU declaration of conformity is on record."),
    finding("medical_or_safety_claim", "Relieves stress and improves sleep",
            "Health claims need substantiation."),
    finding("missing_mandatory_warning", "Great gift for kids aged 2+",
            "A toy for children under 3 needs a small-parts warning."),
    finding("category_mismatch", "Wireless Bluetooth speaker",
            "A Bluetooth device transmits radio but is not categorised as a radio device."),
]


def push_findings(fake: FakeOpenAI, findings: list[dict[str, Any]], **kwargs: Any) -> None:
    fake.push_json({"findings": findings}, **kwargs)


def sent_payload(fake: FakeOpenAI, index: int = 0) -> dict[str, Any]:
    """The user message of the `index`-th request, parsed."""
    return json.loads(fake.requests[index].body["messages"][1]["content"])
