import pytest
from django.core.exceptions import ValidationError

from regions.core.addresses import (
    address_fields,
    country_area_choices,
    normalize_address,
    required_address_fields,
)
from regions.core.phones import format_phone_national, normalize_phone, phone_example


@pytest.mark.parametrize(("value", "country", "e164", "national"), [
    ("030 123456", "DE", "+4930123456", "030 123456"),
    ("+49 (0)30 123456", "DE", "+4930123456", "030 123456"),
    ("01 42 68 53 00", "FR", "+33142685300", "01 42 68 53 00"),
    ("12 345 67 89", "PL", "+48123456789", "12 345 67 89"),
    ("020 7946 0000", "GB", "+442079460000", "020 7946 0000"),
    ("(201) 555-0123", "US", "+12015550123", "(201) 555-0123"),
    ("06 12345678", "NL", "+31612345678", "06 12345678"),
])
def test_phones_are_stored_e164_and_shown_national(value, country, e164, national):
    assert normalize_phone(value, country) == e164
    assert format_phone_national(e164) == national


@pytest.mark.parametrize(("value", "country", "code"), [
    ("12", "DE", "invalid_phone"),
    ("call me", "DE", "invalid_phone"),
    ("+33 1 42 68 53 00", "DE", "wrong_country"),
    ("", "PL", "required"),
])
def test_bad_phones(value, country, code):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value, country)
    assert caught.value.code == code
    if code != "required":
        assert phone_example(country) in caught.value.messages[0]


def test_format_phone_national_leaves_garbage_alone():
    assert format_phone_national("not a phone") == "not a phone"


def test_fields_per_country():
    assert address_fields("DE") == ["street_address", "postal_code", "city"]
    assert address_fields("US") == ["street_address", "city", "country_area", "postal_code"]
    assert "postal_code" not in required_address_fields("IE")
    assert ("CA", "California") in country_area_choices("US")


@pytest.mark.parametrize(("fields", "country", "expected"), [
    ({"street_address": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117"}, "DE",
     {"street_address": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117",
      "country_area": ""}),
    ({"street_address": "ul.  Marszałkowska 1", "city": "Warszawa", "postal_code": "00-950"},
     "PL", {"street_address": "ul. Marszałkowska 1", "city": "Warszawa",
            "postal_code": "00-950", "country_area": ""}),
    ({"street_address": "1 Poultry", "city": "London", "postal_code": "ec2r 8ah"}, "GB",
     {"street_address": "1 Poultry", "city": "London", "postal_code": "EC2R 8AH",
      "country_area": ""}),
    ({"street_address": "1 Market St", "city": "San Francisco", "country_area": "California",
      "postal_code": "94105"}, "US",
     {"street_address": "1 Market St", "city": "San Francisco", "postal_code": "94105",
      "country_area": "CA"}),
])
def test_valid_addresses(fields, country, expected):
    assert normalize_address(fields, country) == expected


@pytest.mark.parametrize(("fields", "country", "errors"), [
    ({"street_address": "x", "city": "Berlin", "postal_code": "1011"}, "DE",
     {"postal_code": ["This is not a postal code of Germany (example: 26133)."]}),
    ({"street_address": "x", "city": "Warszawa", "postal_code": "00950"}, "PL",
     {"postal_code": ["This is not a postal code of Poland (example: 00-950)."]}),
    ({"city": "Paris", "postal_code": "75001"}, "FR",
     {"street_address": ["This field is required."]}),
    ({"street_address": "x", "city": "Austin", "postal_code": "73301"}, "US",
     {"country_area": ["This field is required."]}),
])
def test_invalid_addresses_name_each_field(fields, country, errors):
    with pytest.raises(ValidationError) as caught:
        normalize_address(fields, country)
    assert caught.value.message_dict == errors
