"""Regional ops see the listings and suppliers of their regions in the admin, read-only: a
listing checked for sale there, a supplier selling or applying there."""

import pytest
from django.utils import timezone

from marketplace.catalog.models import Listing, Supplier
from marketplace.compliance.models import ComplianceReport
from regions.core.models import Region
from tests.marketplace.compliance.conftest import make_listing
from tests.region_fixtures import eu_ops, packs, superuser  # noqa: F401

pytestmark = pytest.mark.django_db


def checked_in(listing: Listing, region_code: str, *, latest: bool = True) -> None:
    ComplianceReport.objects.create(listing=listing, region=Region.objects.get(code=region_code),
                                    fingerprint="f", checked_at=timezone.now(), is_latest=latest)


@pytest.fixture
def catalog(packs):  # noqa: F811
    eu_supplier = Supplier.objects.create(name="Hexin Audio", slug="hexin", country="CN")
    us_supplier = Supplier.objects.create(name="Lebao Toys", slug="lebao", country="CN")
    eu_listing = make_listing(eu_supplier, title="Earbuds for the EU")
    us_listing = make_listing(us_supplier, title="Toy car for the US")
    checked_in(eu_listing, "eu", latest=False)
    checked_in(eu_listing, "eu")  # two reports: still one row in the list
    checked_in(us_listing, "us")
    return {"eu": eu_listing, "us": us_listing}


def test_eu_ops_see_the_listings_checked_for_the_eu(client, eu_ops, catalog):  # noqa: F811
    client.force_login(eu_ops)

    response = client.get("/admin/catalog/listing/")

    assert response.status_code == 200
    assert [x.title for x in response.context["cl"].result_list] == ["Earbuds for the EU"]


def test_eu_ops_see_only_suppliers_selling_in_the_eu(client, eu_ops, catalog):  # noqa: F811
    client.force_login(eu_ops)

    response = client.get("/admin/catalog/supplier/")

    assert [s.name for s in response.context["cl"].result_list] == ["Hexin Audio"]


def test_eu_ops_cannot_open_a_us_listing_or_supplier(client, eu_ops, catalog):  # noqa: F811
    client.force_login(eu_ops)
    us = catalog["us"]

    assert client.get(f"/admin/catalog/listing/{us.pk}/change/").status_code == 403
    assert client.get(f"/admin/catalog/supplier/{us.supplier_id}/change/").status_code == 403
    assert client.get(f"/admin/catalog/listing/{catalog['eu'].pk}/change/").status_code == 200


def test_ops_view_listings_but_cannot_change_them(client, eu_ops, catalog):  # noqa: F811
    client.force_login(eu_ops)
    listing = catalog["eu"]

    response = client.post(f"/admin/catalog/listing/{listing.pk}/change/",
                           {"title": "Renamed by ops"})

    listing.refresh_from_db()
    assert response.status_code == 403
    assert listing.title == "Earbuds for the EU"


def test_superuser_sees_every_listing(client, superuser, catalog):  # noqa: F811
    client.force_login(superuser)

    response = client.get("/admin/catalog/listing/")

    assert {x.title for x in response.context["cl"].result_list} == {
        "Earbuds for the EU", "Toy car for the US"}


def test_ops_cannot_start_a_paid_ai_translation(client, eu_ops, catalog):  # noqa: F811
    client.force_login(eu_ops)

    response = client.get("/admin/catalog/listing/")

    assert response.context["action_form"] is None  # no action at all: they look only


def test_superusers_keep_the_ai_translation_action(client, superuser, catalog):  # noqa: F811
    client.force_login(superuser)

    response = client.get("/admin/catalog/listing/")

    assert "translate_with_ai" in dict(response.context["action_form"].fields[
        "action"].choices)


def test_ops_read_a_listings_description_rendered_not_as_markup(client, eu_ops, catalog,  # noqa: F811
                                                                superuser):  # noqa: F811
    listing = catalog["eu"]
    Listing.objects.filter(pk=listing.pk).update(
        description="<p>Five pots.</p><ul><li>18/10 steel</li></ul><script>x()</script>")
    client.force_login(eu_ops)

    page = client.get(f"/admin/catalog/listing/{listing.pk}/change/").content.decode()

    assert "<p>Five pots.</p><ul><li>18/10 steel</li></ul>" in page
    assert "&lt;p&gt;" not in page and "<script>x()" not in page
    # Who may change the listing still edits the text itself.
    client.force_login(superuser)
    form = client.get(f"/admin/catalog/listing/{listing.pk}/change/").content.decode()
    assert 'name="description"' in form
