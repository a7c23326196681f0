"""Supplier documents: what an upload must be to be kept, where it is kept, how it is served.

Uploads are judged by their content, never by their name or the type the browser declared:
the first bytes must be a PDF, PNG or JPEG signature and the file must then parse (pypdf for
PDF, Pillow for images). Files live in a storage with no public URL; the only way out is
`document_response`, called by views that have already checked who is asking.
"""

from __future__ import annotations

import io
import os
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from regions.core.sizes import read_within_limit

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}

# Signatures of things that must never pass as a document, however they are named: Windows
# and Linux executables, macOS binaries, scripts, and archives (zip also covers docx/jar/apk).
EXECUTABLE_SIGNATURES = (
    b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe",
    b"PK\x03\x04", b"PK\x05\x06", b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b",
)
# How many bytes identify a format: the longest signature above, with margin.
SNIFF_BYTES = 16


def sniff(head: bytes) -> str | None:
    """The content type the first bytes announce (PDF, PNG or JPEG), or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def validate_document(upload) -> str:
    """Accept a PDF, PNG or JPEG upload and return its content type; raise ValidationError
    (with a `code`) for anything else. The file is rewound afterwards."""
    data = read_within_limit(
        upload, settings.CERTIFICATE_MAX_UPLOAD_BYTES,
        over_size=_("The file is %(size)s MB; files may be at most %(limit)s MB."),
        over_read=_("The file is larger than %(limit)s MB."))
    content_type = sniff(data[:SNIFF_BYTES])
    if content_type is None:
        if data.startswith(EXECUTABLE_SIGNATURES):
            raise ValidationError(
                _("This file is a program or an archive, not a document. Upload the "
                  "certificate as PDF, PNG or JPEG."), code="executable")
        if b"%PDF-" in data[:1024]:
            raise ValidationError(
                _("The PDF header is not at the start of the file; the file is damaged or "
                  "disguised. Export the PDF again."), code="bad_pdf_header")
        raise ValidationError(
            _("Only PDF, PNG and JPEG files are accepted (judged by the file's content, not "
              "its name)."), code="unsupported_type")
    if content_type == PDF:
        _check_pdf(data)
    else:
        _check_image(data, content_type)
    return content_type


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader  # heavy: imported only when a PDF arrives
    from pypdf.errors import PyPdfError

    if not _pdf_version_ok(data):
        raise ValidationError(
            _("The PDF header is malformed; export the PDF again."), code="bad_pdf_header")
    if b"%%EOF" not in data[-1024:]:
        # pypdf would rebuild a cut-off file; a document that lost its end lost content too.
        raise ValidationError(
            _("The PDF is incomplete (the upload was cut off or the file is damaged)."),
            code="corrupt")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            if reader.is_encrypted:
                raise ValidationError(
                    _("The PDF is password-protected; our team could not read it. Upload it "
                      "without a password."), code="encrypted")
            if len(reader.pages) == 0:
                raise ValidationError(_("The PDF has no pages."), code="corrupt")
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError) as error:
        raise ValidationError(
            _("The PDF cannot be read: the file is damaged."), code="corrupt") from error


def _pdf_version_ok(data: bytes) -> bool:
    # "%PDF-1.7" or "%PDF-2.0" followed by an end of line.
    version = data[5:8]
    return (len(version) == 3 and version[:1] in b"12" and version[1:2] == b"."
            and version[2:3].isdigit() and data[8:9] in (b"\r", b"\n", b" ", b"\t"))


def _check_image(data: bytes, content_type: str) -> None:
    from PIL import Image, UnidentifiedImageError

    expected = {PNG: "PNG", JPEG: "JPEG"}[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise ValidationError(
                        _("The image is not a valid %(format)s."), code="corrupt",
                        params={"format": expected})
                image.verify()
            # verify() checks structure (and PNG checksums) but not that the pixels are all
            # there: decoding catches a truncated JPEG.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image is too large in pixels to be a scanned document."),
            code="too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("The image cannot be read: the file is truncated or damaged."),
            code="corrupt") from error


class NoPublicURL(ValueError, AttributeError):
    """Asked for the URL of a private file. Also an AttributeError so that code probing
    `getattr(fieldfile, "url", None)` (Django's ClearableFileInput) treats it as absent."""


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT, read at use (tests and deployments move it),
    with no URL: nothing here is reachable except through a permission-checking view."""

    @property
    def base_location(self) -> str:
        return str(self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NoPublicURL("Private documents have no URL; serve them with document_response().")


private_storage = PrivateStorage()


def document_upload_to(instance, filename: str) -> str:
    """A random name: the uploader's file name is neither trusted nor revealed on disk."""
    extension = EXTENSIONS.get(getattr(instance, "file_content_type", ""), "")
    return f"certificates/{uuid.uuid4().hex}{extension}"


def document_response(fieldfile: FieldFile, filename: str) -> FileResponse:
    """Send a stored document as a download. The caller has checked permissions.

    The content type is read from the file itself, and the browser is told not to sniff or
    render it in the page's origin."""
    handle = fieldfile.open("rb")
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    content_type = sniff(head) or "application/octet-stream"
    base, _dot, _ext = filename.rpartition(".")
    safe_name = f"{base or filename}{EXTENSIONS.get(content_type, '')}"
    response = FileResponse(handle, as_attachment=True, filename=safe_name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
