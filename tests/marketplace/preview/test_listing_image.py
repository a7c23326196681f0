"""The preview shows the listing's product image to its merchant, and nothing when it has
none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.marketplace.catalog.test_images import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_the_preview_shows_the_product_image(client, merchant, listing):
    listing.image.save("x", SimpleUploadedFile("a.png", image_bytes("PNG")), save=False)
    listing.status = "draft"
    listing.save()
    client.force_login(merchant)

    html = client.get(f"/preview/listings/{listing.pk}/",
                      HTTP_ACCEPT_LANGUAGE="de").content.decode()

    url = f"/catalog/listings/{listing.pk}/image/"
    assert f'id="listing-image" src="{url}" alt="Produktbild"' in html
    assert client.get(url).status_code == 200


def test_a_listing_without_an_image_shows_none(client, merchant, listing):
    client.force_login(merchant)

    html = client.get(f"/preview/listings/{listing.pk}/").content.decode()

    assert 'id="listing-image"' not in html
