"""generate_listings: a made-up catalog of the asked size, realistic, in chunks; never in
production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from marketplace.catalog.generate import LISTINGS_PER_SUPPLIER, load_templates
from marketplace.catalog.models import (
    Listing,
    ListingAttribute,
    ListingStatus,
    ListingTranslation,
    PriceTier,
    Supplier,
)
from marketplace.compliance.models import Certificate
from tests.region_fixtures import packs  # noqa: F401

# The packs give the certificate types the generated certificates need.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("packs")]


def test_it_creates_the_asked_number_in_chunks_with_tiers_translations_and_certificates(capsys):
    templates, _ = load_templates()

    call_command("generate_listings", "--count", "450", "--chunk-size", "100",
                 "--translated", "1", "--certified", "1")

    listings = Listing.objects.all()
    assert listings.count() == 450
    assert Supplier.objects.filter(slug__startswith="gen-").count() == 450 // (
        LISTINGS_PER_SUPPLIER) + 1
    assert listings.filter(price_tiers__isnull=True).count() == 0
    assert listings.values("title").distinct().count() == 450  # a model number each
    assert set(listings.values_list("category", flat=True)) <= {
        t.fields["category"] for t in templates}
    assert 0 < listings.filter(status=ListingStatus.DRAFT).count() < 450 * 0.15
    translated = ListingTranslation.objects.select_related("listing")
    assert translated.exists()
    assert all(t.source_hash == t.listing.source_hash for t in translated)  # current, shown
    assert ListingAttribute.objects.exists()
    assert Certificate.objects.filter(supplier__slug__startswith="gen-").exists()
    assert "Added 450 listings" in capsys.readouterr().out


def test_a_second_run_adds_new_suppliers_and_listings():
    call_command("generate_listings", "--count", "5")
    call_command("generate_listings", "--count", "5")

    assert Listing.objects.count() == 10
    assert sorted(Supplier.objects.values_list("slug", flat=True)) == ["gen-1", "gen-2"]


def test_the_same_seed_gives_the_same_catalog():
    def catalog() -> list[tuple]:
        return list(PriceTier.objects.order_by("listing__title", "min_quantity").values_list(
            "listing__title", "min_quantity", "unit_price"))

    call_command("generate_listings", "--count", "20")
    first = catalog()
    Listing.objects.all().delete()
    call_command("generate_listings", "--count", "20")

    assert catalog() == first


def test_it_leaves_the_planner_statistics_of_what_it_loaded():
    # Without them SQLite reads the batch commands' keyset chunks through the status index
    # and sorts every published listing per chunk (bench/batch_commands.py at 100k).
    call_command("generate_listings", "--count", "30")

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx = %s",
                           [Listing._meta.db_table, "listing_status_recent_first"])
            assert cursor.fetchone()[0].split()[0] == "30"
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s",
                           [Listing._meta.db_table])
            assert cursor.fetchone()[0] == 30


def test_it_refuses_in_production_and_writes_nothing(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError) as refused:
        call_command("generate_listings", "--count", "10")

    assert str(refused.value) == ("generate_listings writes made-up listings into the catalog; "
                                  "refusing in production (MARKETPLACE_ENV=production).")
    assert (Listing.objects.count(), Supplier.objects.count()) == (0, 0)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--count", "0"], "--count must be from 1 to 10,000,000; it is 0."),
    (["--count", "5", "--chunk-size", "0"], "--chunk-size must be from 1 to 50,000; it is 0."),
])
def test_bad_sizes_are_refused(arguments, message):
    with pytest.raises(CommandError) as refused:
        call_command("generate_listings", *arguments)

    assert str(refused.value) == message
    assert Listing.objects.count() == 0


def test_generated_certificates_list_the_acts_of_their_demo_originals():
    # A declaration of conformity without its acts covers nothing the DoC rules ask for: every
    # generated listing of a certified electronics or machinery supplier would be blocked.
    _, demo_suppliers = load_templates()
    listed = {(slug, record["type"], record["number"]): record.get("acts", [])
              for slug, supplier in demo_suppliers.items()
              for record in supplier.get("certificates", [])}

    call_command("generate_listings", "--count", "400", "--certified", "1")

    generated = Certificate.objects.filter(supplier__slug__startswith="gen-").select_related(
        "certificate_type")
    with_acts = [c for c in generated if c.acts]
    assert with_acts  # the demo's DoCs list acts, so some copies must too
    origin = {supplier.slug: supplier for supplier in Supplier.objects.filter(
        slug__startswith="gen-")}
    names = {record["name"]: slug for slug, record in demo_suppliers.items()}
    for certificate in generated:
        template = names[origin[certificate.supplier.slug].name.rsplit(" (generated", 1)[0]]
        assert certificate.acts == listed[template, certificate.certificate_type.code,
                                          certificate.number]
