"""Certificates on record: identifiers in the type's format, validity in order and within the
type's maximum, scope, rejection with a reason. Refused input stores nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType, VerificationStatus


def kind(packs, region: str, code: str) -> CertificateType:
    return CertificateType.objects.get(region=packs[region], code=code)


def errors_of(certificate: Certificate) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        certificate.full_clean()
    return {field: errors[0].code for field, errors in caught.value.error_dict.items()}


@pytest.mark.parametrize(("region", "code", "number"), [
    ("eu", "weee-de", "WEEE-Reg.-Nr. DE 12345678"),
    ("eu", "weee-de", "WEEE-Reg.-Nr. DE12345678"),
    ("eu", "lucid-de", "DE1234567890123"),
    ("us", "fcc-id", "2ABCD-BT100"),
    ("eu", "eu-doc-ce", "HX-DOC-X1-2025-01"),  # a DoC reference is the maker's own numbering
])
def test_identifiers_in_the_types_format_are_accepted(packs, supplier, region, code, number):
    Certificate(supplier=supplier, certificate_type=kind(packs, region, code),
                number=number).full_clean()


@pytest.mark.parametrize(("region", "code", "number"), [
    ("eu", "weee-de", "WEEE-Reg.-Nr. DE 1234567"),  # 7 digits
    ("eu", "lucid-de", "DE123456789012"),  # 12 digits
    ("eu", "lucid-de", "FR1234567890123"),
    ("us", "fcc-id", "2abcd bt100"),  # no space between grantee and product code
])
def test_identifiers_in_another_format_are_refused(packs, supplier, region, code, number):
    certificate = Certificate(supplier=supplier, certificate_type=kind(packs, region, code),
                              number=number)

    assert errors_of(certificate) == {"number": "invalid_identifier"}
    assert Certificate.objects.count() == 0


def test_the_refusal_shows_the_expected_format(packs, supplier):
    certificate = Certificate(supplier=supplier, certificate_type=kind(packs, "eu", "lucid-de"),
                              number="DE123")
    with pytest.raises(ValidationError) as caught:
        certificate.full_clean()
    assert "DE1234567890123" in caught.value.message_dict["number"][0]


def test_validity_cannot_end_before_it_starts(packs, supplier):
    certificate = Certificate(
        supplier=supplier, certificate_type=kind(packs, "eu", "ppe-eu-type-exam"),
        number="2849-PPE-0318-25", valid_from=datetime.date(2025, 2, 10),
        valid_until=datetime.date(2025, 2, 9))

    assert errors_of(certificate) == {"valid_until": "ends_before_start"}


def test_ppe_certificates_are_valid_for_at_most_five_years(packs, supplier):
    ppe = kind(packs, "eu", "ppe-eu-type-exam")
    assert ppe.max_validity_days == 1826  # from the EU pack: 5 years (PPE Reg. 2016/425)
    start = datetime.date(2025, 2, 10)
    fine = Certificate(supplier=supplier, certificate_type=ppe, number="2849-PPE-0318-25",
                       valid_from=start, valid_until=start + datetime.timedelta(days=1826))
    fine.full_clean()
    too_long = Certificate(supplier=supplier, certificate_type=ppe, number="2849-PPE-0318-25",
                           valid_from=start,
                           valid_until=start + datetime.timedelta(days=1827))

    assert errors_of(too_long) == {"valid_until": "validity_too_long"}


def test_a_type_that_expires_needs_an_end_date(packs, supplier):
    certificate = Certificate(supplier=supplier,
                              certificate_type=kind(packs, "eu", "ppe-eu-type-exam"),
                              number="2849-PPE-0318-25", valid_from=datetime.date(2025, 2, 10))
    assert errors_of(certificate) == {"valid_until": "end_date_required"}


def test_a_capped_validity_needs_a_start_date(packs, supplier):
    certificate = Certificate(supplier=supplier,
                              certificate_type=kind(packs, "eu", "ppe-eu-type-exam"),
                              number="2849-PPE-0318-25", valid_until=datetime.date(2030, 1, 1))
    assert errors_of(certificate) == {"valid_from": "validity_too_long"}


def test_a_rejection_needs_a_reason(packs, supplier):
    certificate = Certificate(supplier=supplier, certificate_type=kind(packs, "eu", "eu-doc-ce"),
                              number="HX-DOC-X1-2025-01", status=VerificationStatus.REJECTED,
                              rejection_reason="  ")
    assert errors_of(certificate) == {"rejection_reason": "reason_required"}


def test_scope_categories_must_be_known(packs, supplier):
    certificate = Certificate(supplier=supplier, certificate_type=kind(packs, "eu", "eu-doc-ce"),
                              number="HX-DOC-X1-2025-01", categories=["toys", "gadgets"])
    assert errors_of(certificate) == {"categories": "unknown_category"}


def test_scope_covers_listings_and_categories(packs, supplier, listing):
    from tests.marketplace.compliance.conftest import make_listing
    toy = make_listing(supplier, title="Plush bear", category="toys", radio=False,
                       contains_battery=False)
    doc = kind(packs, "eu", "eu-doc-ce")
    everything = Certificate.objects.create(supplier=supplier, certificate_type=doc, number="A")
    toys_only = Certificate.objects.create(supplier=supplier, certificate_type=doc, number="B",
                                           categories=["toys"])
    earbuds_only = Certificate.objects.create(supplier=supplier, certificate_type=doc,
                                              number="C")
    earbuds_only.listings.add(listing)

    assert everything.covers(listing) and everything.covers(toy)
    assert toys_only.covers(toy) and not toys_only.covers(listing)
    assert earbuds_only.covers(listing) and not earbuds_only.covers(toy)
