"""Uploaded documents: accepted by content (PDF, PNG, JPEG), everything else refused with a
code, nothing stored; files kept privately and served only to those who may see them."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.compliance.models import Certificate
from regions.compliance.documents import private_storage, validate_document
from regions.compliance.models import CertificateType
from tests.marketplace.compliance.conftest import image_bytes, pdf_bytes, upload


def refusal_code(file) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_document(file)
    return caught.value.code


@pytest.mark.parametrize(("content", "expected"), [
    (pdf_bytes(), "application/pdf"),
    (image_bytes("PNG"), "image/png"),
    (image_bytes("JPEG"), "image/jpeg"),
])
def test_accepts_pdf_png_jpeg_and_rewinds(content, expected):
    file = upload("scan", content)
    file.read(3)

    assert validate_document(file) == expected
    assert file.tell() == 0


def test_type_comes_from_content_not_name_or_declared_type():
    # A PNG named and declared as a PDF is a PNG.
    assert validate_document(upload("doc.pdf", image_bytes("PNG"), "application/pdf")) == \
        "image/png"


def test_refuses_a_file_over_the_size_limit(settings):
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 1000
    content = pdf_bytes() + b"\n" * 1000

    assert refusal_code(upload("doc.pdf", content)) == "too_large"


def test_size_limit_is_checked_by_reading_when_the_size_is_unknown(settings):
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 100
    file = upload("doc.pdf", pdf_bytes())
    file.size = None  # a stream that does not say how big it is

    assert refusal_code(file) == "too_large"


@pytest.mark.parametrize(("name", "content"), [
    ("certificate.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
    ("certificate.png", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 40),
    ("certificate.jpg", b"#!/bin/sh\nrm -rf /\n"),
    ("certificate.pdf", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 30),
])
def test_refuses_renamed_executables_and_archives(name, content):
    assert refusal_code(upload(name, content)) == "executable"


def test_refuses_other_types():
    assert refusal_code(upload("certificate.pdf", b"Declaration of conformity\n")) == \
        "unsupported_type"


def test_refuses_an_empty_file():
    assert refusal_code(upload("certificate.pdf", b"")) == "empty"


@pytest.mark.parametrize("content", [
    b"%PDF-x.y\n" + pdf_bytes()[9:],  # malformed version
    b"\n\n  " + pdf_bytes(),  # header not at the start (a polyglot's trick)
])
def test_refuses_a_pdf_with_a_bad_header(content):
    assert refusal_code(upload("certificate.pdf", content)) == "bad_pdf_header"


def test_refuses_a_truncated_pdf():
    content = pdf_bytes()
    assert refusal_code(upload("certificate.pdf", content[: len(content) // 2])) == "corrupt"


def test_refuses_a_pdf_whose_body_is_garbage():
    content = b"%PDF-1.7\n" + b"garbage " * 50 + b"\n%%EOF\n"
    assert refusal_code(upload("certificate.pdf", content)) == "corrupt"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_refuses_a_truncated_image(fmt):
    content = image_bytes(fmt)
    assert refusal_code(upload("scan", content[: len(content) // 2])) == "corrupt"


def test_messages_are_translatable_and_name_the_limit(settings):
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        validate_document(upload("doc.pdf", pdf_bytes() + b"\0" * 1024 * 1024))
    assert caught.value.messages[0].endswith("at most 1 MB.")


def test_private_storage_has_no_url():
    with pytest.raises(ValueError, match="no URL"):
        private_storage.url("certificates/x.pdf")


# --- on a certificate -------------------------------------------------------------------


def eu_doc(packs) -> CertificateType:
    return CertificateType.objects.get(region=packs["eu"], code="eu-doc-ce")


def test_a_refused_file_stores_nothing(packs, supplier, private_media):
    certificate = Certificate(supplier=supplier, certificate_type=eu_doc(packs),
                              number="HX-DOC-X1-2025-01",
                              file=upload("doc.pdf", b"MZ" + b"\x00" * 100))

    with pytest.raises(ValidationError) as caught:
        certificate.full_clean()

    assert caught.value.error_dict["file"][0].code == "executable"
    assert Certificate.objects.count() == 0
    assert not private_media.exists() or not any(private_media.rglob("*.*"))


def test_an_accepted_file_is_stored_privately_under_a_random_name(packs, supplier,
                                                                   private_media):
    certificate = Certificate(supplier=supplier, certificate_type=eu_doc(packs),
                              number="HX-DOC-X1-2025-01",
                              file=upload("Hexin DoC X1.pdf", pdf_bytes()))
    certificate.full_clean()
    certificate.save()

    stored = list(private_media.rglob("*.pdf"))
    assert len(stored) == 1
    assert "Hexin" not in stored[0].name
    assert certificate.file_name == "Hexin DoC X1.pdf"
    assert certificate.file_content_type == "application/pdf"
