"""A currency the ECB does not publish but that is pegged (the UAE dirham to the US dollar at
3.6725, declared by the ae pack) converts through its anchor's ECB rate."""

import datetime
from decimal import Decimal

import pytest
from moneyed import Money

from marketplace.rates.errors import MissingRate
from marketplace.rates.models import ExchangeRate
from marketplace.rates.services import RateTable

ON = datetime.date(2026, 11, 20)


@pytest.mark.django_db
def test_aed_follows_the_ecb_usd_rate_through_its_peg():
    ExchangeRate.objects.create(currency="USD", rate=Decimal("1.1000"), as_of=ON, source="ECB")

    table = RateTable.load({"AED"}, on=ON)

    assert table.per_eur["AED"] == Decimal("4.03975")
    assert table.dates["AED"] == ON
    assert table.convert(Money("100", "EUR"), "AED").amount == Decimal("403.975")


@pytest.mark.django_db
def test_without_the_anchor_rate_the_pegged_currency_is_missing_too():
    with pytest.raises(MissingRate, match="AED"):
        RateTable.load({"AED"}, on=ON).rate("EUR", "AED")
