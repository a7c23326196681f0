"""rows.select: the hand-built SELECT of the API's page reads gives the values the ORM gives."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalog.models import PriceTier
from marketplace.compliance.models import Certificate
from marketplace.localization.rows import select
from regions.compliance.models import CertificateType, VerificationStatus

pytestmark = pytest.mark.django_db


def test_rows_carry_the_orm_values(packs, listing):
    # Given: decimals, dates and JSON, the columns a backend converts.
    kind = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    Certificate.objects.create(supplier=listing.supplier, certificate_type=kind,
                               number="DoC-1", valid_until=datetime.date(2027, 1, 31),
                               status=VerificationStatus.VERIFIED,
                               categories=["consumer_electronics", "toys"])
    columns = ("id", "number", "valid_until", "categories", "status")

    # When / Then
    assert select(Certificate, columns, key="supplier_id", values=[listing.supplier_id]) == \
        list(Certificate.objects.filter(supplier=listing.supplier).values_list(*columns))
    tiers = select(PriceTier, ("min_quantity", "unit_price"), key="listing_id",
                   values=[listing.pk], order_by=("-min_quantity",))
    assert tiers == [(10, Decimal("8800.00")), (1, Decimal("9600.00"))]
    assert all(type(price) is Decimal for _, price in tiers)


def test_conditions_and_empty_lists(packs, listing):
    assert select(PriceTier, ("min_quantity",), key="listing_id", values=[listing.pk],
                  where=[("min_quantity", [1, 2])]) == [(1,)]
    assert select(PriceTier, ("min_quantity",), key="listing_id", values=[listing.pk],
                  where=[("min_quantity", 10)]) == [(10,)]
    with CaptureQueriesContext(connection) as captured:
        assert select(PriceTier, ("min_quantity",), key="listing_id", values=[]) == []
        assert select(PriceTier, ("min_quantity",), key="listing_id", values=[listing.pk],
                      where=[("min_quantity", [])]) == []
    assert len(captured) == 0
