"""Data that is not there yet is a clear answer, not a 500: with no exchange rates loaded, the
listings API says which currency it cannot price (503), in the user's language."""

import pytest

from tests.marketplace.localization.conftest import make_listing

pytestmark = pytest.mark.django_db

DE_BUSINESS = {"region": "eu", "country": "DE", "lang": "de", "buyer": "business"}


@pytest.fixture
def listing_without_rates(packs, supplier):
    # Priced in CNY, sold in EUR: localizing it needs the CNY rate, and none is loaded.
    return make_listing(supplier)


def test_list_without_exchange_rates_is_a_503_naming_the_currency(client, listing_without_rates):
    response = client.get("/api/v1/listings/", DE_BUSINESS, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response.json() == {
        "detail": "Prices in CNY cannot be shown: no exchange rate for it has been loaded yet.",
        "codes": {"detail": "exchange_rate_missing"}, "currency": "CNY"}


def test_detail_without_exchange_rates_says_so_in_the_users_language(
    client, listing_without_rates
):
    response = client.get(f"/api/v1/listings/{listing_without_rates.pk}/", DE_BUSINESS,
                          HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 503
    assert response.json()["detail"] == (
        "Les prix en CNY ne peuvent pas être affichés : aucun taux de change n’a encore été "
        "chargé pour cette devise.")
