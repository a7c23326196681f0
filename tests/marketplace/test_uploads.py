"""Uploads Django cannot read are refused with a message naming the field, at every door that
takes a file; a file sent without a name is refused, not dropped."""

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT

from marketplace.compliance.admin import CertificateForm
from marketplace.compliance.models import Certificate
from tests.region_fixtures import packs  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def multipart(file_name: str, field: str = "file") -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"number\"\r\n\r\n"
            f"CE-1\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n").encode() \
        + PDF + f"\r\n--{BOUNDARY}--\r\n".encode()


@pytest.mark.parametrize("path", [
    "/admin/supplier_compliance/certificate/add/",
    "/portal/eu/de/documents/",
    "/portal/workspace/en/certificates/",
])
def test_a_100000_character_file_name_is_a_400_naming_the_field(client, path):
    response = client.generic("POST", path, multipart("a" * 100_000 + ".pdf", "document"),
                              content_type=MULTIPART_CONTENT, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.content.decode() == (
        "document: The file's name is too long or the upload is damaged: name the file with "
        "at most 255 characters and upload it again.")
    assert Certificate.objects.count() == 0


def test_a_long_but_readable_file_name_reaches_the_view(admin_client, packs):  # noqa: F811
    response = admin_client.generic("POST", "/admin/supplier_compliance/certificate/add/",
                                    multipart("a" * 300 + ".pdf"),
                                    content_type=MULTIPART_CONTENT)

    assert response.status_code == 200  # the admin form again, with its own errors
    assert Certificate.objects.count() == 0


def test_the_admin_refuses_a_certificate_file_without_a_name(admin_client, packs):  # noqa: F811
    # Django reads a file part with filename="" as a text field: the form sees no upload.
    response = admin_client.generic("POST", "/admin/supplier_compliance/certificate/add/",
                                    multipart(""), content_type=MULTIPART_CONTENT,
                                    HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        "The file came without a name: name it (such as certificate.pdf) and upload it again."]
    assert Certificate.objects.count() == 0


def test_no_file_chosen_is_no_error_of_the_file_field():
    form = CertificateForm(data={"file": ""}, files={})

    form.is_valid()

    assert "file" not in form.errors
