"""rows.select and select_all: the hand-built SELECTs of the API's page reads give the values
the ORM gives, alone or sent together."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalog.models import Listing, PriceTier
from marketplace.compliance.models import Certificate, ComplianceReport
from marketplace.compliance.services import record_reports
from marketplace.localization.rows import Among, Read, select, select_all
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


def test_reads_sent_together_carry_what_each_read_alone_gives(packs, listing):
    # Given: dates beside datetimes, decimals, JSON and orderings, the columns a backend
    # converts or a UNION could confuse.
    kind = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    certificate = Certificate.objects.create(
        supplier=listing.supplier, certificate_type=kind, number="DoC-1",
        valid_until=datetime.date(2027, 1, 31), valid_from=datetime.date(2025, 2, 1),
        status=VerificationStatus.VERIFIED, categories=["consumer_electronics", "toys"])
    certificate.listings.add(listing)
    record_reports([listing], packs["eu"], trigger="command")
    reads = [
        Read(ComplianceReport, ("listing_id", "fingerprint", "checked_at"), "listing_id",
             [listing.pk], where=(("is_latest", True),)),
        Read(PriceTier, ("listing_id", "min_quantity", "unit_price"), "listing_id",
             [listing.pk], order_by=("-min_quantity",)),
        Read(Certificate, ("id", "number", "valid_until", "valid_from", "categories"),
             "supplier_id", [listing.supplier_id], order_by=("id",)),
        Read(Certificate.listings.through, ("certificate_id", "listing_id"), "certificate_id",
             Among(Certificate, "id", "supplier_id", [listing.supplier_id])),
        Read(PriceTier, ("min_quantity",), "listing_id", []),  # nothing to match: not sent
    ]

    # When
    with CaptureQueriesContext(connection) as captured:
        together = select_all(reads)

    # Then: one statement, and what each read alone gives, with the same Python types.
    assert len(captured) == 1
    alone = [select(read.model, read.columns, key=read.key, values=read.values,
                    where=read.where, order_by=read.order_by) for read in reads[:3]]
    alone.append([(certificate.pk, listing.pk)])
    alone.append([])
    assert together == alone
    assert together[1] == [(listing.pk, 10, Decimal("8800.00")), (listing.pk, 1,
                                                                   Decimal("9600.00"))]
    [(_, _, valid_until, valid_from, categories)] = together[2]
    assert (type(valid_until), type(valid_from), categories) == (
        datetime.date, datetime.date, ["consumer_electronics", "toys"])
    assert type(together[0][0][2]) is datetime.datetime


def test_nothing_to_read_sends_nothing(packs, listing):
    with CaptureQueriesContext(connection) as captured:
        assert select_all([Read(PriceTier, ("min_quantity",), "listing_id", []),
                           Read(PriceTier, ("min_quantity",), "listing_id", [listing.pk],
                                where=(("min_quantity", []),))]) == [[], []]
    assert len(captured) == 0


def test_a_column_of_unknown_json_form_is_refused_on_every_database(packs, listing):
    with pytest.raises(TypeError, match="image"):
        select_all([Read(Listing, ("id", "image"), "id", [listing.pk])])


def test_a_read_orders_its_rows_nulls_last_ascending_and_first_descending(packs, listing):
    kind = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    for number, until in (("B", datetime.date(2027, 1, 1)), ("A", None),
                          ("C", datetime.date(2026, 1, 1))):
        Certificate.objects.create(supplier=listing.supplier, certificate_type=kind,
                                   number=number, valid_until=until)

    def numbers(order_by):
        [rows] = select_all([Read(Certificate, ("number", "valid_until"), "supplier_id",
                                  [listing.supplier_id], order_by=order_by)])
        return [number for number, _ in rows]

    assert numbers(("valid_until",)) == ["C", "B", "A"]
    assert numbers(("-valid_until",)) == ["A", "B", "C"]
    assert numbers(("number",)) == ["A", "B", "C"]


def test_matching_among_strings_quotes_each_of_them(packs, listing):
    kind = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    odd = ['A"1', "B\\2", "C,{3}", "D'4", "E 5"]
    for number in [*odd, "F6"]:
        Certificate.objects.create(supplier=listing.supplier, certificate_type=kind,
                                   number=number)

    [rows] = select_all([Read(Certificate, ("number",), "supplier_id", [listing.supplier_id],
                              where=(("number", odd),), order_by=("number",))])

    assert [number for (number,) in rows] == sorted(odd)
