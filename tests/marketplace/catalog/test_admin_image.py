"""The product image in the listing admin: uploaded and checked as at every door, shown as
buyers see it, a disguised file refused with nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.catalog.models import Listing
from tests.marketplace.catalog.test_images import image_bytes
from tests.marketplace.localization.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def listing(supplier) -> Listing:
    return make_listing(supplier)


def change_data(admin_client, listing: Listing, **changes) -> dict:
    form = admin_client.get(reverse("admin:catalog_listing_change", args=[listing.pk])
                            ).context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value is not None and name != "image"}
    data.update({"supplier": listing.supplier_id,
                 "price_tiers-TOTAL_FORMS": 0, "price_tiers-INITIAL_FORMS": 0,
                 "attributes-TOTAL_FORMS": 0, "attributes-INITIAL_FORMS": 0,
                 "translations-TOTAL_FORMS": 0, "translations-INITIAL_FORMS": 0})
    for flag in ("contains_battery", "radio", "for_children"):
        if not data.get(flag):
            data.pop(flag, None)
    data.pop("voltage", None)
    return {**data, **changes}


def test_ops_upload_an_image_and_see_it_as_buyers_do(admin_client, listing):
    url = reverse("admin:catalog_listing_change", args=[listing.pk])
    image = SimpleUploadedFile("pot.jpg", image_bytes("JPEG"), content_type="image/jpeg")

    response = admin_client.post(url, change_data(admin_client, listing, image=image))

    listing.refresh_from_db()
    assert response.status_code == 302
    assert listing.image_content_type == "image/jpeg"
    assert listing.image.name.endswith(".jpg")
    page = admin_client.get(url).content.decode()
    assert f'<img src="/catalog/listings/{listing.pk}/image/" alt=""' in page


def test_a_disguised_file_is_refused_in_the_admin(admin_client, listing):
    url = reverse("admin:catalog_listing_change", args=[listing.pk])
    fake = SimpleUploadedFile("pot.png", b"MZ\x90\x00 not an image", content_type="image/png")

    response = admin_client.post(url, change_data(admin_client, listing, image=fake))

    listing.refresh_from_db()
    assert response.status_code == 200
    assert ("Only PNG, JPEG and WebP images are accepted (judged by the file&#x27;s content, "
            "not its name).") in response.content.decode()
    assert not listing.image
