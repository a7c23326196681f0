"""A listing's product image: what an upload must be to be kept, where it is kept, how it is
served.

As with certificates (regions.compliance.documents), the file is judged by its content, never
by its name or the type the browser declared: the first bytes must be a PNG, JPEG or WebP
signature and Pillow must then decode it whole, within a pixel budget. It is kept in the
private storage under a random name and leaves only through `image_response`, which states
the content type it sniffed and forbids the browser to guess another one or run anything in
it (an image that is really HTML or SVG never reaches a page's origin).

Before it is kept, an upload loses its metadata (`without_metadata`): a phone photo's EXIF
carries the GPS position where it was taken and the camera's serial number, which buyers
must not be able to read from a product image. The EXIF orientation is applied to the pixels
first, so the photo still stands upright without it."""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from regions.compliance.documents import JPEG, PNG
from regions.core.sizes import read_within_limit

WEBP = "image/webp"
EXTENSIONS = {PNG: ".png", JPEG: ".jpg", WEBP: ".webp"}
PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}
SNIFF_BYTES = 16
# A product photo needs no more than this (a 6000 x 4000 camera image is 24 megapixels);
# past it Pillow's decompression-bomb guard refuses the file before decoding.
MAX_PIXELS = 40_000_000


def sniff_image(head: bytes) -> str | None:
    """The image type the first bytes announce (PNG, JPEG or WebP), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def validate_product_image(upload) -> str:
    """Accept a PNG, JPEG or WebP upload and return its content type; raise ValidationError
    (with a `code`) for anything else. The file is rewound afterwards."""
    data = read_within_limit(
        upload, settings.LISTING_IMAGE_MAX_UPLOAD_BYTES,
        over_size=_("The image is %(size)s MB; images may be at most %(limit)s MB."),
        over_read=_("The image is larger than %(limit)s MB."))
    content_type = sniff_image(data[:SNIFF_BYTES])
    if content_type is None:
        raise ValidationError(
            _("Only PNG, JPEG and WebP images are accepted (judged by the file's content, "
              "not its name)."), code="unsupported_type")
    _check_decodes(data, content_type)
    return content_type


def _check_decodes(data: bytes, content_type: str) -> None:
    from PIL import Image, UnidentifiedImageError

    expected = PILLOW_FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(
                        _("The image has more than %(megapixels)s megapixels; scale it "
                          "down."), code="too_many_pixels",
                        params={"megapixels": MAX_PIXELS // 1_000_000})
                # verify() checks the structure, load() that every pixel is there (a
                # truncated JPEG passes the first).
                image.verify()
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image has more than %(megapixels)s megapixels; scale it down."),
            code="too_many_pixels",
            params={"megapixels": MAX_PIXELS // 1_000_000}) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("The image cannot be read: the file is truncated or damaged."),
            code="corrupt") from error


# EXIF tag 0x0112: how the camera was held; 1 is upright, 2-8 a flip and/or a rotation.
ORIENTATION_TAG = 0x0112
JPEG_KEPT_QUALITY = 95
WEBP_QUALITY = 90


def without_metadata(upload, content_type: str) -> ContentFile:
    """The checked image `upload` (see validate_product_image) re-encoded in its own format
    with no EXIF, XMP or comments, its EXIF orientation applied to the pixels. An upright
    JPEG keeps its quantization tables (no second generation of compression loss)."""
    from PIL import Image, ImageOps

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    fmt = PILLOW_FORMATS[content_type]
    out = io.BytesIO()
    with Image.open(io.BytesIO(data), formats=[fmt]) as image:
        # The one piece of metadata kept: the colour profile, which is about how the pixels
        # look (without it a wide-gamut photo's colours turn dull) and says nothing of its
        # maker. The encoders write EXIF and XMP only when given them.
        params: dict = {"exif": b"", "icc_profile": image.info.get("icc_profile")}
        frames = getattr(image, "n_frames", 1)
        if fmt != "JPEG" and frames > 1:
            # An animation is kept whole; a rotation would have to be applied frame by frame,
            # and animations do not come from cameras.
            image.save(out, format=fmt, save_all=True, **params, **_quality(fmt, upright=True))
        elif image.getexif().get(ORIENTATION_TAG, 1) in range(2, 9):
            upright = ImageOps.exif_transpose(image)
            upright.info.pop("comment", None)
            upright.save(out, format=fmt, **params, **_quality(fmt, upright=False))
        else:
            image.info.pop("comment", None)
            image.save(out, format=fmt, **params, **_quality(fmt, upright=True))
    return ContentFile(out.getvalue(), name=getattr(upload, "name", None) or "image")


def _quality(fmt: str, *, upright: bool) -> dict:
    if fmt == "JPEG":
        # "keep" reuses the file's own tables, possible only when the pixels did not move.
        return ({"quality": "keep", "subsampling": "keep"} if upright
                else {"quality": JPEG_KEPT_QUALITY})
    if fmt == "WEBP":
        return {"quality": WEBP_QUALITY}
    return {}


def listing_image_upload_to(instance, filename: str) -> str:
    """A random name: the uploader's file name is neither trusted nor revealed on disk."""
    extension = EXTENSIONS.get(getattr(instance, "image_content_type", ""), "")
    return f"listing-images/{uuid.uuid4().hex}{extension}"


def image_response(fieldfile: FieldFile) -> FileResponse:
    """Send a stored product image to be shown in a page. The caller has checked that the
    user may see its listing. The type is read from the file itself; anything else is sent
    as a download of opaque bytes."""
    handle = fieldfile.open("rb")
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    content_type = sniff_image(head)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream",
                            as_attachment=content_type is None)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Drafts' images are private to their merchants: no shared cache may keep one.
    response["Cache-Control"] = "private, max-age=300"
    return response
