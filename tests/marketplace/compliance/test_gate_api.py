"""The gate in the listings API: `sellable` and the compliance block are the answer as of now,
whether or not a stored report exists and however old it is."""

import datetime

import pytest
from rest_framework.test import APIClient

from marketplace.compliance.models import Certificate
from marketplace.compliance.services import check, record_reports
from marketplace.rates.models import ExchangeRate
from regions.compliance.models import CertificateType, VerificationStatus
from regions.core.market import resolve_market_context


@pytest.fixture(autouse=True)
def rates(db):
    ExchangeRate.objects.create(currency="CNY", rate="8.0000", as_of=datetime.date(2026, 11, 20),
                                source="test")
    ExchangeRate.objects.create(currency="USD", rate="1.1000", as_of=datetime.date(2026, 11, 20),
                                source="test")


def localized(listing) -> dict:
    response = APIClient().get(f"/api/v1/listings/{listing.pk}/",
                               {"region": "us", "country": "US", "buyer": "consumer"})
    assert response.status_code == 200
    return response.json()


def certify_everything(listing, region_code: str) -> None:
    """A verified certificate for every type the rules ask of the listing in the market."""
    market = resolve_market_context(region=region_code, country="US", buyer="consumer")
    for requirement in check(listing, market).requirements:
        kind = CertificateType.objects.get(region__code=region_code,
                                           code=requirement.certificate_type)
        Certificate.objects.create(supplier=listing.supplier, certificate_type=kind,
                                   number=kind.identifier_example or "HX-2025-01",
                                   status=VerificationStatus.VERIFIED)


def test_without_a_report_the_api_shows_the_rule_check(packs, listing):
    item = localized(listing)

    assert item["sellable"] is False
    assert "fcc-id" in {f["certificate_type"] for f in item["compliance"]["findings"]}


def test_certificates_added_after_a_stored_report_count_at_once(packs, listing):
    record_reports([listing], packs["us"], trigger="command")
    assert localized(listing)["sellable"] is False

    certify_everything(listing, "us")

    item = localized(listing)
    assert item["sellable"] is True
    assert item["compliance"]["status"] == "compliant"
    assert item["compliance"]["findings"] == []
