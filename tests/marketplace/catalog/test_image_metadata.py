"""Listing images lose their metadata on upload: a phone photo's GPS position and camera
serial number never reach buyers, and its EXIF orientation is applied to the pixels first."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from marketplace.catalog.images import without_metadata
from marketplace.catalog.models import Listing
from tests.marketplace.catalog.test_admin_image import change_data
from tests.marketplace.localization.conftest import make_listing

GPS_IFD, GPS_LATITUDE_REF, GPS_LATITUDE = 0x8825, 1, 2
BODY_SERIAL_NUMBER, EXIF_IFD, ORIENTATION, MAKE = 0xA431, 0x8769, 0x0112, 0x010F
RED, BLUE = (255, 0, 0), (0, 0, 255)


def phone_photo(orientation: int = 6) -> bytes:
    """A 40 x 20 JPEG as a phone stores a portrait shot: the sensor's landscape pixels (red
    left half, blue right half) and EXIF saying "rotate 90° clockwise to show", with the GPS
    position, the camera make and its serial number."""
    image = Image.new("RGB", (40, 20), BLUE)
    image.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "PhoneMaker"
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL_NUMBER] = "SN-0042-SECRET"
    exif.get_ifd(GPS_IFD).update({GPS_LATITUDE_REF: "N", GPS_LATITUDE: (52.0, 31.0, 12.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=95, comment=b"shot at home")
    return out.getvalue()


def test_the_test_photo_carries_what_must_go():
    with Image.open(io.BytesIO(phone_photo())) as photo:
        exif = photo.getexif()
        assert exif.get_ifd(GPS_IFD)[GPS_LATITUDE_REF] == "N"
        assert exif.get_ifd(EXIF_IFD)[BODY_SERIAL_NUMBER] == "SN-0042-SECRET"
        assert photo.info["comment"] == b"shot at home"


def assert_no_metadata(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as stored:
        assert "exif" not in stored.info
        assert "comment" not in stored.info
        assert "xmp" not in stored.info
        assert dict(stored.getexif()) == {}
    assert b"SN-0042-SECRET" not in data
    assert b"PhoneMaker" not in data
    assert b"shot at home" not in data


def test_a_jpeg_loses_gps_and_serial_and_stands_upright():
    stripped = without_metadata(io.BytesIO(phone_photo()), "image/jpeg").read()

    assert_no_metadata(stripped)
    with Image.open(io.BytesIO(stripped)) as stored:
        assert stored.format == "JPEG"
        # Rotated 90° clockwise: 20 wide, 40 tall, the sensor's left (red) half on top.
        assert stored.size == (20, 40)
        top, bottom = stored.getpixel((10, 5)), stored.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_an_upright_jpeg_keeps_its_pixels_and_size():
    stripped = without_metadata(io.BytesIO(phone_photo(orientation=1)), "image/jpeg").read()

    assert_no_metadata(stripped)
    with Image.open(io.BytesIO(stripped)) as stored:
        assert (stored.format, stored.size) == ("JPEG", (40, 20))
        assert stored.getpixel((5, 10))[0] > 200
        assert stored.getpixel((35, 10))[2] > 200


@pytest.mark.parametrize(("fmt", "content_type"), [("PNG", "image/png"),
                                                   ("WEBP", "image/webp")])
def test_png_and_webp_keep_their_format_and_lose_their_exif(fmt, content_type):
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL_NUMBER] = "SN-0042-SECRET"
    out = io.BytesIO()
    Image.new("RGB", (30, 20), RED).save(out, format=fmt, exif=exif)
    assert b"SN-0042-SECRET" in out.getvalue()

    stripped = without_metadata(io.BytesIO(out.getvalue()), content_type).read()

    with Image.open(io.BytesIO(stripped)) as stored:
        assert (stored.format, stored.size) == (fmt, (30, 20))
    assert b"SN-0042-SECRET" not in stripped
    assert b"PhoneMaker" not in stripped


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.mark.django_db
def test_an_uploaded_photo_is_stored_without_metadata(admin_client, supplier, private_media):
    listing = make_listing(supplier)
    url = reverse("admin:catalog_listing_change", args=[listing.pk])
    photo = SimpleUploadedFile("IMG_0042.jpg", phone_photo(), content_type="image/jpeg")

    response = admin_client.post(url, change_data(admin_client, listing, image=photo))

    assert response.status_code == 302
    listing = Listing.objects.get(pk=listing.pk)
    assert listing.image_content_type == "image/jpeg"
    assert listing.image.name.endswith(".jpg")
    with listing.image.open("rb") as handle:
        stored = handle.read()
    assert_no_metadata(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (20, 40)
    served = b"".join(admin_client.get(f"/catalog/listings/{listing.pk}/image/").streaming_content)
    assert served == stored
