"""A language can be the default in some subdivisions of its country (fr-CA in Québec): the
model refuses codes of another country, a subdivision default without a country, and two
defaults for one subdivision."""

import pytest
from django.core.exceptions import ValidationError

from regions.core.models import Country, Region
from regions.languages.models import RegionLanguage
from regions.languages.services import default_language


@pytest.fixture
def canada(db) -> Country:
    region = Region.objects.create(code="tca", name="Test Canada")
    return Country.objects.create(code="CA", region=region, currency="CAD",
                                  default_language="en-CA", timezone="America/Toronto")


def language(country: Country, tag: str, subdivisions, *, with_country: bool = True):
    return RegionLanguage(region=country.region, country=country if with_country else None,
                          language=tag, default_in_subdivisions=subdivisions)


def errors(row: RegionLanguage) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    return caught.value.message_dict["default_in_subdivisions"]


def test_codes_are_normalised_and_read_by_default_language(canada):
    row = language(canada, "fr-CA", ["qc", "CA-NB"])
    row.full_clean()
    row.save()

    assert row.default_in_subdivisions == ["CA-NB", "CA-QC"]
    assert default_language(canada.region, canada, "CA-QC") == "fr-CA"
    assert default_language(canada.region, canada, "CA-ON") == "en-CA"
    assert default_language(canada.region, canada) == "en-CA"


def test_a_code_of_another_country_is_refused_with_the_allowed_ones(canada):
    [message] = errors(language(canada, "fr-CA", ["US-NY"]))

    assert message.startswith("“US-NY” is not a subdivision of Canada; use one of: CA-AB, ")


def test_a_subdivision_default_needs_a_country(canada):
    assert errors(language(canada, "fr-CA", ["CA-QC"], with_country=False)) == [
        "Only a language of one country can be the default in its subdivisions; choose the "
        "country."]


def test_a_list_of_codes_is_required(canada):
    assert errors(language(canada, "fr-CA", "CA-QC")) == [
        "Give a list of ISO 3166-2 codes, such as [\"CA-QC\"]."]


def test_one_default_per_subdivision(canada):
    language(canada, "fr-CA", ["CA-QC"]).save()

    assert errors(language(canada, "fr", ["CA-QC"])) == ["fr-CA is already the default in CA-QC."]
