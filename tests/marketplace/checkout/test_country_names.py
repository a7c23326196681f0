"""Checkout refusals name the country in the reader's language, not by its code."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.checkout.buyers import validate_buyer
from regions.core.subdivisions import validate_subdivision

GERMAN_CONSUMER = {"name": "Erika Mustermann", "email": "erika@example.de",
                   "phone": "030 1234567", "street_address": "Unter den Linden 1",
                   "postal_code": "10117", "city": "Berlin", "country": "FR"}


@pytest.mark.parametrize(("language", "expected"), [
    ("de", "Diese Bestellung wird nach Deutschland geliefert; die Lieferadresse muss in "
           "Deutschland liegen."),
    ("pl", "To zamówienie jest wysyłane do kraju Niemcy; adres dostawy musi znajdować się w "
           "kraju Niemcy."),
])
def test_an_address_in_another_country_names_the_country(db, language, expected):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        validate_buyer(GERMAN_CONSUMER, country="DE", buyer_type="consumer", quote_vat_id="")

    assert refused.value.message_dict["country"] == [expected]


def test_an_unknown_subdivision_names_the_country():
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        validate_subdivision("XX", "CA")

    assert refused.value.messages[0].startswith(
        "« XX » n'est pas une subdivision (province, État) du pays Canada ;")
