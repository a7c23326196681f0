"""Every invalid code or range is refused by model validation with a message a person reads."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regions.compliance.models import CertificateType, ComplianceRule
from regions.core.models import Country, Region
from regions.languages.models import RegionLanguage
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.taxes.models import TaxRate
from regions.warehouses.models import ShippingOption, Warehouse

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def country(region, **overrides) -> Country:
    values = {"code": "FR", "region": region, "currency": "EUR", "default_language": "fr",
              "timezone": "Europe/Paris"}
    return Country(**{**values, **overrides})


def test_alpha_3_and_numeric_country_codes_are_normalized(region):
    # django-countries reads DEU and 276 as DE; the clash shows the code was understood.
    for code in ("DEU", "276"):
        assert errors_of(country(region, code=code))["code"] == [
            "DE already belongs to region “tst”; a country belongs to one region only."
        ]


@pytest.mark.parametrize("code", ["XX", "EL", "ZZ"])
def test_country_code_must_be_iso_3166_alpha_2(region, code):
    errors = errors_of(country(region, code=code))
    assert (
        f"“{code}” is not an ISO 3166-1 alpha-2 country code (two capital letters, such as "
        "“DE”)." in errors["code"]
    )


@pytest.mark.parametrize("tag", ["english", "en_GB", "xx", "de-", "DE", ""])
def test_language_must_be_bcp_47(region, tag):
    errors = errors_of(country(region, default_language=tag))
    assert errors["default_language"] == [
        f"“{tag}” is not a BCP 47 language tag (such as “de”, “de-AT” or “zh-Hans”)."
    ] or tag == ""


@pytest.mark.parametrize("tag", ["de", "de-AT", "zh-Hans", "sv-SE", "ga"])
def test_well_formed_language_tags_are_accepted(region, tag):
    country(region, default_language=tag).full_clean()


@pytest.mark.parametrize("currency", ["EURO", "eur", "XYZ", "€"])
def test_currency_must_be_iso_4217(region, currency):
    errors = errors_of(country(region, currency=currency))
    assert (
        f"“{currency}” is not an ISO 4217 currency code (three capital letters, such as “EUR”)."
        in errors["currency"]
    )


def test_timezone_must_be_iana(region):
    errors = errors_of(country(region, timezone="CET+1"))
    assert errors["timezone"] == ["“CET+1” is not an IANA time zone (such as “Europe/Berlin”)."]


def test_country_cannot_join_a_second_region(region):
    other = Region.objects.create(code="oth", name="Other")
    errors = errors_of(country(other, code="DE", default_language="de"))
    assert errors["code"] == [
        "DE already belongs to region “tst”; a country belongs to one region only."
    ]


@pytest.mark.parametrize("code", ["EU", "e", "european-union", "e1"])
def test_region_code_is_lowercase_letters(code):
    errors = errors_of(Region(code=code, name="x"))
    assert (
        f"“{code}” is not a region code: use 2 to 8 lowercase letters, such as “eu”."
        in errors["code"]
    )


def test_payment_min_amount_above_max_is_refused(region):
    method = PaymentMethod.objects.create(region=region, code="blik", name="BLIK",
                                          settlement="instant")
    limits = PaymentMethodCurrency(method=method, currency="PLN", min_amount=Decimal("100"),
                                   max_amount=Decimal("10"))
    assert errors_of(limits)["min_amount"] == ["The minimum (100) is above the maximum (10)."]


def test_payment_limits_cannot_be_negative(region):
    method = PaymentMethod.objects.create(region=region, code="x", name="X", settlement="card")
    limits = PaymentMethodCurrency(method=method, currency="EUR", min_amount=Decimal("-1"))
    assert errors_of(limits)["min_amount"] == ["Ensure this value is greater than or equal to 0."]


def test_trade_terms_need_terms(region):
    method = PaymentMethod(region=region, code="tt", name="T/T", settlement="trade_terms")
    assert errors_of(method)["terms"] == ["Trade terms need the terms the buyer agrees to."]


def test_payment_method_needs_a_buyer_type(region):
    method = PaymentMethod(region=region, code="x", name="X", settlement="card",
                           business_buyers=False, consumer_buyers=False)
    assert errors_of(method)["__all__"] == ["Offer the method to businesses, consumers or both."]


def warehouse(region, **overrides) -> Warehouse:
    values = {"region": region, "code": "w", "name": "W", "kind": "local", "location": "DE"}
    return Warehouse(**{**values, **overrides})


def test_negative_lead_time_is_refused(region):
    errors = errors_of(warehouse(region, handling_days_min=-1))
    assert errors["handling_days_min"] == ["Ensure this value is greater than or equal to 0."]


def test_lead_time_range_must_be_ordered(region):
    errors = errors_of(warehouse(region, handling_days_min=5, handling_days_max=2))
    assert errors["handling_days_min"] == [
        "The shortest time (5 days) is longer than the longest (2 days)."
    ]


def test_sea_only_incoterm_is_refused_for_a_courier(region):
    depot = warehouse(region)
    depot.save()
    option = ShippingOption(warehouse=depot, code="x", name="Express", mode="express",
                            incoterm="FOB", transit_days_min=3, transit_days_max=7,
                            cost_amount=Decimal("10"), cost_currency="EUR")
    assert errors_of(option)["incoterm"] == [
        "FOB is for sea and inland waterway transport only; use FCA, CPT, CIP, DAP, DPU or DDP "
        "for other modes."
    ]


def test_warehouse_location_must_be_a_country(region):
    assert "location" in errors_of(warehouse(region, location="ZZ"))


def certificate_type(region, **overrides) -> CertificateType:
    values = {"region": region, "code": "weee_de", "name": "WEEE"}
    return CertificateType(**{**values, **overrides})


def test_malformed_identifier_regex_is_refused(region):
    errors = errors_of(certificate_type(region, identifier_pattern="DE[0-9{8}"))
    assert errors["identifier_pattern"][0].startswith(
        "“DE[0-9{8}” is not a valid regular expression: "
    )


def test_identifier_example_must_match_the_pattern(region):
    errors = errors_of(certificate_type(region, identifier_pattern=r"DE\d{8}",
                                        identifier_example="DE1234"))
    assert errors["identifier_example"] == [
        "The example “DE1234” does not match the identifier pattern."
    ]


def test_identifier_pattern_matches_whole_identifiers(region):
    kind = certificate_type(region, identifier_pattern=r"WEEE-Reg\.-Nr\. DE \d{8}")
    assert kind.identifier_is_valid("WEEE-Reg.-Nr. DE 12345678")
    assert not kind.identifier_is_valid("WEEE-Reg.-Nr. DE 123456789")


def test_max_validity_needs_an_expiring_type(region):
    errors = errors_of(certificate_type(region, max_validity_days=1826))
    assert errors["max_validity_days"] == [
        "Only a type that expires can have a maximum validity."
    ]


def test_rule_needs_a_category_or_property_and_an_ordered_period(region):
    kind = certificate_type(region)
    kind.save()
    rule = ComplianceRule(region=region, code="r", certificate_type=kind)
    assert errors_of(rule)["__all__"] == [
        "Choose the categories or the product properties the rule applies to."
    ]


def test_rule_cannot_use_another_regions_certificate_type(region):
    other = Region.objects.create(code="oth", name="Other")
    foreign = certificate_type(other)
    foreign.save()
    rule = ComplianceRule(region=region, code="r", certificate_type=foreign, categories=["toys"])
    assert errors_of(rule)["certificate_type"] == [
        "WEEE is not part of this region; pick one from the same region."
    ]


def test_vat_rate_bounds_and_period(region):
    de = region.countries.get(code="DE")
    errors = errors_of(TaxRate(country=de, kind="standard", rate=Decimal("119")))
    assert errors["rate"] == ["Ensure this value is less than or equal to 100."]
    import datetime

    errors = errors_of(TaxRate(country=de, kind="reduced", rate=Decimal("7"),
                               valid_from=datetime.date(2026, 2, 1),
                               valid_until=datetime.date(2026, 1, 1)))
    assert errors["valid_until"] == ["A rate cannot end before it starts."]


def test_two_standard_rates_cannot_overlap(region):
    de = region.countries.get(code="DE")
    TaxRate.objects.create(country=de, kind="standard", rate=Decimal("19"))
    errors = errors_of(TaxRate(country=de, kind="standard", rate=Decimal("16")))
    assert errors["__all__"] == [
        "DE already has a standard vat rate of 19.00 % for part of this period; end that one first."
    ]


def test_language_country_must_be_in_the_region(region):
    other = Region.objects.create(code="oth", name="Other")
    fr = Country.objects.create(code="FR", region=other, currency="EUR", default_language="fr",
                                timezone="Europe/Paris")
    errors = errors_of(RegionLanguage(region=region, country=fr, language="fr"))
    assert errors["country"] == [
        "France (FR) is not part of this region; pick one from the same region."
    ]


def test_only_one_default_language_per_region(region):
    RegionLanguage.objects.create(region=region, language="de", is_default=True)
    errors = errors_of(RegionLanguage(region=region, language="en", is_default=True))
    assert errors["is_default"] == [
        "Another language is already the default here; untick it first."
    ]
