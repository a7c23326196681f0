"""What a product image upload must be: PNG, JPEG or WebP by its content, whole, within the
size and pixel limits; anything else is refused with a reason and a code."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.catalog.images import sniff_image, validate_product_image


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.mark.parametrize(("fmt", "content_type"), [
    ("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_png_jpeg_and_webp_are_accepted_by_their_content(fmt, content_type):
    assert validate_product_image(upload(image_bytes(fmt), name="photo.txt")) == content_type


def _refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_product_image(upload(content))
    return caught.value.code


def test_html_named_png_is_refused():
    assert _refusal(b"<html><script>alert(1)</script></html>") == "unsupported_type"


def test_svg_and_gif_are_refused():
    assert _refusal(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>') == "unsupported_type"
    assert _refusal(image_bytes("GIF")) == "unsupported_type"


def test_a_truncated_image_is_refused():
    assert _refusal(image_bytes("PNG", (400, 400))[:200]) == "corrupt"


def test_an_empty_file_is_refused():
    assert _refusal(b"") == "empty"


def test_a_file_over_the_limit_is_refused_before_reading(settings):
    settings.LISTING_IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    content = image_bytes("PNG")
    big = SimpleUploadedFile("big.png", content)
    big.size = 3 * 1024 * 1024

    with pytest.raises(ValidationError) as caught:
        validate_product_image(big)

    assert caught.value.code == "too_large"
    assert caught.value.message % caught.value.params == (
        "The image is 3 MB; images may be at most 1 MB.")


def test_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr("marketplace.catalog.images.MAX_PIXELS", 100)

    assert _refusal(image_bytes("PNG", (20, 20))) == "too_many_pixels"


def test_the_file_is_rewound_after_checking():
    file = upload(image_bytes("PNG"))

    validate_product_image(file)

    assert file.tell() == 0


def test_webp_needs_both_riff_and_webp_markers():
    assert sniff_image(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_image(b"RIFF\x00\x00\x00\x00WAVEfmt ") is None
