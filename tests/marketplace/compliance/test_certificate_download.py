"""GET /api/v1/certificates/{id}/file/: the supplier's members and the region's ops only."""

import pytest
from rest_framework.test import APIClient

from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType
from tests.marketplace.compliance.conftest import pdf_bytes, upload


@pytest.fixture
def certificate(packs, supplier) -> Certificate:
    certificate = Certificate(
        supplier=supplier,
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"),
        number="WEEE-Reg.-Nr. DE 12345678", file=upload("WEEE <Hexin>.pdf", pdf_bytes()))
    certificate.full_clean()
    certificate.save()
    return certificate


def download(user, certificate: Certificate):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(f"/api/v1/certificates/{certificate.pk}/file/")


def test_a_supplier_member_downloads_the_document_as_an_attachment(member, certificate):
    response = download(member, certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_the_regions_ops_download_it(eu_ops, certificate):
    assert download(eu_ops, certificate).status_code == 200


def test_another_regions_ops_are_refused(uk_ops, certificate):
    assert download(uk_ops, certificate).status_code == 403


def test_a_member_of_another_supplier_is_refused(stranger, certificate):
    assert download(stranger, certificate).status_code == 403


def test_anonymous_users_are_refused(certificate):
    assert download(None, certificate).status_code in (401, 403)


def test_a_certificate_without_a_file_answers_404(member, packs, supplier):
    bare = Certificate.objects.create(
        supplier=supplier, number="HX-DOC-X1-2025-01",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="eu-doc-ce"))
    assert download(member, bare).status_code == 404
