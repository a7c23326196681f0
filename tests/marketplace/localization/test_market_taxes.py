"""What a listing's buyer reads about tax in markets whose tax varies by province or state, and
where a product category pays a reduced rate: the pack's data and tax code, asked by the
engine. CNY 9,600 per unit = EUR 1,200 = CAD 1,800."""

import pytest
from django.core.management import call_command

from marketplace.catalog.models import Listing
from marketplace.localization.engine import localize_many
from marketplace.localization.page import fetch
from regions.core.market import MarketContextError, resolve_market_context
from tests.marketplace.localization.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def canada(packs):
    call_command("load_region", "ca", verbosity=0)


def localized(listing, **market):
    [result] = localize_many(fetch(Listing.objects.filter(pk=listing.pk)),
                             resolve_market_context(**market), today=TODAY)
    return result


def test_before_the_province_is_known_gst_shows_and_the_provincial_taxes_wait(canada, listing):
    result = localized(listing, country="CA", language="en-CA")

    assert result.vat.note == ("Prices exclude tax. Added at checkout: GST 5%, and HST, QST, PST "
                               "or RST depending on the delivery address.")
    assert (result.vat.rate, result.vat.included) == (None, False)
    assert result.price_tiers[0].formatted == "$1,800.00"


@pytest.mark.parametrize(("subdivision", "language", "note", "rate"), [
    ("CA-ON", "en-CA", "Prices exclude tax. Added at checkout: HST 13%.", "13.00"),
    ("CA-QC", "fr-CA", "Prices exclude tax. Added at checkout: TPS 5\u00a0% + TVQ 9,975\u00a0%.",
     "14.975"),
    ("CA-AB", "en-CA", "Prices exclude tax. Added at checkout: GST 5%.", "5.00"),
])
def test_a_province_names_its_taxes_in_the_buyers_language(canada, listing, subdivision,
                                                           language, note, rate):
    result = localized(listing, country="CA", subdivision=subdivision, language=language)

    assert (result.vat.note, str(result.vat.rate)) == (note, rate)
    assert [line.jurisdiction for line in result.vat.lines][-1] in (subdivision, "CA")


def test_a_us_state_without_sales_tax_says_so(listing):
    result = localized(listing, region="us", subdivision="US-OR")

    assert (result.vat.note, result.vat.lines) == ("No tax is charged on these prices.", ())


@pytest.mark.parametrize("subdivision", ["CA-XX", "US-NY", "QC-CA", "x" * 300])
def test_an_unknown_subdivision_is_refused(canada, subdivision):
    with pytest.raises(MarketContextError) as caught:
        resolve_market_context(country="CA", subdivision=subdivision)

    assert caught.value.field == "subdivision"
    assert "CA-AB, CA-BC" in caught.value.message
