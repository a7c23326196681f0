"""One responsible-person rule, declared by the pack, on every path: the ResponsiblePerson
model (admin, workspace) and a representative type recorded as a certificate (its clean, and
the rule check for a row written around it)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.compliance.models import Certificate, ResponsiblePerson
from marketplace.compliance.services import check
from regions.compliance import representatives
from regions.compliance.models import CertificateType, VerificationStatus
from regions.compliance.representatives import address_problem
from regions.core import declarations
from regions.core.market import resolve_market_context
from regions.core.models import Country, Region
from tests.marketplace.compliance.conftest import make_listing

CHINESE_FACTORY = "Shenzhen Hexin Factory, Bao'an District, Shenzhen 518000, China"
# The eu pack's declaration: the 27 member states, named in code order.
EU_27 = ("Austria, Belgium, Bulgaria, Cyprus, Czechia, Germany, Denmark, Estonia, Spain, "
         "Finland, France, Greece, Croatia, Hungary, Ireland, Italy, Lithuania, Luxembourg, "
         "Latvia, Malta, Netherlands, Poland, Portugal, Romania, Sweden, Slovenia, Slovakia")


def person(region: str, country: str, **fields) -> ResponsiblePerson:
    values = {"name": "Hexin Rep", "street_address": "1 High Street", "postal_code": "SW1A 1AA",
              "city": "London", "email": "rep@hexin.example", "role": "importer"}
    return ResponsiblePerson(supplier_id=fields.pop("supplier").pk,
                             region=Region.objects.get(code=region),
                             country=country, **{**values, **fields})


def requirement(listing, region: str, country: str, code: str):
    market = resolve_market_context(region=region, country=country, buyer="consumer")
    summary = check(listing, market)
    [found] = [r for r in summary.requirements if r.certificate_type == code]
    return found, [f.code for f in summary.findings if f.certificate_type == code]


def test_a_uk_responsible_person_satisfies_the_uk_economic_operator(packs, supplier):
    radio = make_listing(supplier)  # earbuds: electrical, radio
    assert requirement(radio, "uk", "GB", "uk-economic-operator")[1] == ["certificate_missing"]
    rep = person("uk", "GB", supplier=supplier, name="Hexin Audio UK Ltd",
                 postal_code="le19 1wz", city="Leicester")

    rep.full_clean()
    rep.save()

    assert rep.postal_code == "LE19 1WZ"
    found, findings = requirement(radio, "uk", "GB", "uk-economic-operator")
    assert (found.status, found.certificate_number, findings) == (
        "satisfied", "Hexin Audio UK Ltd", [])


@pytest.mark.parametrize(("region", "country", "fields", "errors"), [
    ("uk", "GB", {"postal_code": "518000"}, {
        "postal_code": ["“518000” is not a postal code of United Kingdom (example: EC1Y 8SY)."]}),
    ("uk", "GB", {"role": "fulfilment_service_provider"}, {
        "role": ["Choose the role the law allows: Manufacturer, Authorised representative, "
                 "Importer."]}),
    ("eu", "NL", {"postal_code": "1015 CC", "role": ""}, {
        "role": ["Choose the role the law allows: Manufacturer, Importer, Authorised "
                 "representative, Fulfilment service provider."]}),
    ("eu", "GB", {}, {
        "country": [f"The responsible person must be established in {EU_27}; United Kingdom "
                    "is not."]}),
    ("eu", "CH", {"postal_code": "8001", "city": "Zürich"}, {
        "country": [f"The responsible person must be established in {EU_27}; Switzerland "
                    "is not."]}),
    ("uk", "IE", {"postal_code": "D02 X285", "city": "Dublin"}, {
        "country": ["The responsible person must be established in United Kingdom; Ireland "
                    "is not."]}),
])
def test_a_responsible_person_the_pack_does_not_allow_is_refused(packs, supplier, region,
                                                                  country, fields, errors):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        person(region, country, supplier=supplier, **fields).full_clean()

    assert refused.value.message_dict == errors


@pytest.mark.parametrize(("country", "postal_code", "city"), [
    ("LU", "1611", "Luxembourg"), ("FI", "00100", "Helsinki"), ("GR", "105 57", "Athens"),
])
def test_an_eu_responsible_person_may_be_in_a_member_state_the_pack_does_not_sell_to(
        packs, supplier, country, postal_code, city):
    assert not Country.objects.filter(region__code="eu", code=country).exists()
    rep = person("eu", country, supplier=supplier, postal_code=postal_code, city=city)

    rep.full_clean()
    rep.save()

    assert ResponsiblePerson.objects.get().country.code == country


def test_an_australian_responsible_supplier_may_be_in_new_zealand(all_packs, supplier):
    # The au pack sells to Australia only; its declaration names AU and NZ.
    rep = person("au", "NZ", supplier=supplier, postal_code="1010", city="Auckland")

    rep.full_clean()

    assert rep.country.code == "NZ"


def test_where_a_representative_may_be_established_comes_from_the_declaration(all_packs):
    assert len(representatives.established_in("eu")) == 27
    assert representatives.established_in("uk") == ("GB",)


def test_a_canadian_representative_has_no_role_and_a_canadian_postal_code(all_packs, supplier):
    rep = person("ca", "CA", supplier=supplier, postal_code="m5x 1a9", city="Toronto",
                 role="importer")

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        rep.full_clean()

    assert refused.value.message_dict == {
        "role": ["The law names no roles for this region's representative; leave it empty."]}
    rep.role = ""
    rep.full_clean()
    assert rep.postal_code == "M5X 1A9"


def gpsr_certificate(supplier, number: str) -> Certificate:
    return Certificate(supplier=supplier, number=number, status=VerificationStatus.VERIFIED,
                       certificate_type=CertificateType.objects.get(region__code="eu",
                                                                    code="gpsr-eu-rp"))


def test_a_gpsr_certificate_naming_a_factory_in_china_is_refused(packs, supplier):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        gpsr_certificate(supplier, CHINESE_FACTORY).full_clean()

    [message] = refused.value.message_dict["number"]
    assert message.startswith(f"“{CHINESE_FACTORY}” is not the name and postal address (with "
                              "its postal code) of a representative established in Austria, ")
    assert message.endswith("Record it under Compliance → Responsible persons, with its address.")


def test_a_gpsr_certificate_written_around_clean_does_not_satisfy_gpsr(packs, supplier):
    listing = make_listing(supplier)
    gpsr_certificate(supplier, CHINESE_FACTORY).save()  # no full_clean: a bulk write, old row

    found, findings = requirement(listing, "eu", "DE", "gpsr-eu-rp")

    assert (found.status, findings) == ("invalid_identifier", ["certificate_invalid_identifier"])
    market = resolve_market_context(region="eu", country="DE", buyer="consumer")
    with translation.override("en"):
        [message] = [f.message for f in check(listing, market).findings
                     if f.certificate_type == "gpsr-eu-rp"]
    assert message == (f"Your GPSR EU responsible person “{CHINESE_FACTORY}” is not the name "
                       "and address of a representative established where the law requires; "
                       "name your responsible person, with its address, instead.")


def test_a_gpsr_certificate_with_an_eu_address_satisfies_gpsr(packs, supplier):
    listing = make_listing(supplier)
    certificate = gpsr_certificate(
        supplier, "EuroBridge Compliance GmbH, Hafenstraße 12, 47119 Duisburg, Germany")
    certificate.full_clean()
    certificate.save()

    found, findings = requirement(listing, "eu", "DE", "gpsr-eu-rp")

    assert (found.status, findings) == ("satisfied", [])


@pytest.mark.parametrize(("number", "accepted"), [
    ("Example Imports Pty Ltd, 1 George St, Sydney NSW 2000, Australia", True),
    ("Kiwi Imports Ltd, 1 Queen St, Auckland 1010, New Zealand", True),  # AU or NZ (EESS)
    ("Example Imports Pty Ltd, 1 George St, Sydney NSW 2000", False),  # which country?
    (CHINESE_FACTORY, False),
])
def test_an_australian_responsible_supplier_is_in_australia_or_new_zealand(
        all_packs, supplier, number, accepted):
    kind = CertificateType.objects.get(region__code="au", code="au-responsible-supplier")
    certificate = Certificate(supplier=supplier, certificate_type=kind, number=number,
                              status=VerificationStatus.VERIFIED)

    errors = {}
    try:
        certificate.full_clean()
    except ValidationError as error:
        errors = error.message_dict

    assert ("number" not in errors) is accepted


def test_every_representative_types_example_is_an_address_its_rule_accepts(all_packs):
    kinds = CertificateType.objects.filter(code__in=declarations.representative_types())

    assert sorted((kind.code, address_problem(kind.code, kind.identifier_example))
                  for kind in kinds) == [
        ("au-responsible-supplier", None), ("gpsr-eu-rp", None),
        ("ised-canadian-representative", None), ("uk-economic-operator", None)]
