"""Who may fetch a listing's image at /catalog/listings/<pk>/image/: a published listing's is
public; a draft's belongs to its supplier's members, to the ops of the regions it is checked
for (as in the listing admin) and to superusers; anyone else gets a 404 that does not say
whether the listing exists."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.catalog.models import Listing, Supplier
from tests.marketplace.catalog.test_admin_ops import checked_in
from tests.marketplace.catalog.test_images import image_bytes
from tests.marketplace.compliance.conftest import make_listing
from tests.region_fixtures import eu_ops, packs, superuser, uk_ops  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def with_image(listing: Listing, status: str) -> Listing:
    listing.image.save("x", SimpleUploadedFile("a.png", image_bytes("PNG")), save=False)
    listing.status = status
    listing.save()
    return listing


@pytest.fixture
def supplier(packs) -> Supplier:  # noqa: F811
    return Supplier.objects.create(name="Hexin Audio", slug="hexin", country="CN")


@pytest.fixture
def uk_draft(supplier) -> Listing:
    """A draft checked for sale in the UK only."""
    listing = with_image(make_listing(supplier, title="Earbuds for the UK"), "draft")
    checked_in(listing, "uk")
    return listing


def url(listing: Listing) -> str:
    return f"/catalog/listings/{listing.pk}/image/"


def test_ops_see_the_draft_images_of_their_regions(client, uk_ops, uk_draft):  # noqa: F811
    client.force_login(uk_ops)

    response = client.get(url(uk_draft))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_ops_of_another_region_get_a_404(client, eu_ops, uk_draft):  # noqa: F811
    client.force_login(eu_ops)

    assert client.get(url(uk_draft)).status_code == 404


def test_staff_without_a_region_get_a_404(client, uk_draft):
    staff = get_user_model().objects.create_user("helpdesk", password="pw", is_staff=True)
    client.force_login(staff)

    assert client.get(url(uk_draft)).status_code == 404


def test_superusers_see_every_draft_image(client, superuser, uk_draft):  # noqa: F811
    client.force_login(superuser)

    assert client.get(url(uk_draft)).status_code == 200


def test_suppliers_see_their_own_drafts_images_only(client, supplier, uk_draft):
    own = get_user_model().objects.create_user("hexin-member", password="pw")
    supplier.members.add(own)
    other = get_user_model().objects.create_user("lebao-member", password="pw")
    Supplier.objects.create(name="Lebao Toys", slug="lebao", country="CN").members.add(other)

    client.force_login(own)
    assert client.get(url(uk_draft)).status_code == 200
    client.force_login(other)
    assert client.get(url(uk_draft)).status_code == 404
    client.logout()
    assert client.get(url(uk_draft)).status_code == 404


def test_a_published_listings_image_is_public(client, eu_ops, supplier):  # noqa: F811
    # Checked nowhere: not in any operator's scope, yet buyers everywhere may see it.
    published = with_image(make_listing(supplier, title="Earbuds"), "published")

    assert client.get(url(published)).status_code == 200
    client.force_login(eu_ops)
    assert client.get(url(published)).status_code == 200
