"""A listing's product image through the workspace: uploaded with the listing, refused in the
merchant's language when it is not a PNG, JPEG or WebP (nothing stored), and served only to
those who may see the listing, with headers that keep the browser from guessing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.catalog.models import Listing
from tests.marketplace.catalog.test_images import image_bytes
from tests.marketplace.workspace.test_permissions import listing_post

pytestmark = pytest.mark.django_db


def photo(fmt: str = "PNG", name: str = "speaker.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(fmt), content_type="image/png")


def test_a_new_listing_keeps_its_image_under_a_random_name(signed_in, supplier, packs):
    response = signed_in.post("/portal/workspace/en/listings/new/",
                              listing_post(image=photo("WEBP", name="my speaker.webp")))

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.image_content_type == "image/webp"
    assert listing.image.name.startswith("listing-images/")
    assert listing.image.name.endswith(".webp")
    assert "speaker" not in listing.image.name


def test_the_edit_page_shows_the_current_image(signed_in, supplier, packs):
    signed_in.post("/portal/workspace/en/listings/new/", listing_post(image=photo()))
    listing = Listing.objects.get()

    html = signed_in.get(f"/portal/workspace/en/listings/{listing.pk}/").content.decode()

    assert f'id="listing-image" src="/catalog/listings/{listing.pk}/image/"' in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize(("language", "message"), [
    ("de", "Nur PNG-, JPEG- und WebP-Bilder werden angenommen (nach dem Inhalt der Datei "
           "beurteilt, nicht nach ihrem Namen)."),
    ("zh-hans", "仅接受 PNG、JPEG 和 WebP 图片（按文件内容判断，而非文件名）。"),
])
def test_a_file_that_is_not_an_image_is_refused_in_the_merchants_language(
        signed_in, supplier, packs, language, message):
    fake = SimpleUploadedFile("speaker.png", b"<html><script>alert(1)</script>",
                              content_type="image/png")

    response = signed_in.post(f"/portal/workspace/{language}/listings/new/",
                              listing_post(image=fake))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Listing.objects.exists()


def test_an_image_over_the_limit_is_refused_in_german(signed_in, listing, settings):
    settings.LISTING_IMAGE_MAX_UPLOAD_BYTES = 100
    data = listing_post(status="published", title=listing.title, source_language="zh-Hans",
                        source_currency="CNY", image=photo())

    response = signed_in.post(f"/portal/workspace/de/listings/{listing.pk}/", data)

    listing.refresh_from_db()
    assert response.status_code == 400
    assert "Bilder dürfen höchstens 0,1 MB groß sein." in response.content.decode()
    assert not listing.image


def test_a_published_listings_image_is_served_to_anyone_as_what_it_is(client, listing):
    listing.image.save("x", photo("JPEG"), save=False)
    listing.image_content_type = "image/jpeg"
    listing.save()

    response = client.get(f"/catalog/listings/{listing.pk}/image/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert b"".join(response.streaming_content) == image_bytes("JPEG")


def test_a_drafts_image_is_only_for_its_suppliers_members(client, signed_in, listing):
    listing.image.save("x", photo(), save=False)
    listing.status = "draft"
    listing.save()
    stranger = get_user_model().objects.create_user("stranger", password="pw")
    url = f"/catalog/listings/{listing.pk}/image/"

    assert signed_in.get(url).status_code == 200
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_listing_without_an_image_or_its_file_is_a_404(client, listing):
    url = f"/catalog/listings/{listing.pk}/image/"
    assert client.get(url).status_code == 404

    Listing.objects.filter(pk=listing.pk).update(image="listing-images/gone.png")

    assert client.get(url).status_code == 404
