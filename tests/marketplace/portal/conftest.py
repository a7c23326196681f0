"""Applicants, filled-in applications and documents for the portal tests."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test.signals import setting_changed
from django.utils import timezone
from pypdf import PdfWriter

from marketplace.portal import services
from regions.compliance.models import CertificateType
from tests.region_fixtures import eu_ops, operator, packs, uk_ops  # noqa: F401

PASSWORD = "Lniane-Obrusy-2026!"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the catalogs and make Django forget any catalog loaded before they existed."""
    call_command("compile_translations", stdout=io.StringIO())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    """Uploads in a temporary folder; rate-limit counters from an earlier test forgotten."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "deklaracja.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def make_applicant(region_code: str = "eu", email: str = "anna@lniana.pl", language: str = "pl",
                   confirmed: bool = True):
    from regions.core.models import Region

    application = services.create_account(region=Region.objects.get(code=region_code),
                                          language=language, email=email, password=PASSWORD)
    if confirmed:
        application.email_confirmed_at = timezone.now()
        application.save()
    return application


POLISH_COMPANY = {
    "legal_name": "Lniana Tkalnia Sp. z o.o.", "country": "PL", "vat_id": "PL5260250995",
    "registration_number": "012100784", "street_address": "ul. Piotrkowska 104",
    "postal_code": "90-926", "city": "Łódź", "country_area": "",
}


def fill(application, company: dict | None = None, *, document: bool = True):
    """Every required step done, with valid Polish data (as the forms would have saved it)."""
    application = services.save_company(application, company or POLISH_COMPANY)
    application = services.save_contact(application, {"contact_name": "Anna Nowak",
                                                      "phone": "+48426323000"})
    application = services.save_offer(application, {"categories": ["textiles"],
                                                    "origin_country": "PL"})
    if document:
        kind = CertificateType.objects.get(region__code=application.region.code,
                                           code="gpsr-eu-rp")
        services.add_document(application, {"certificate_type": kind, "number": "GPSR-2026-001",
                                            "issuer": "Lniana", "file": pdf_upload()},
                              content_type="application/pdf")
    return application


@pytest.fixture
def applicant(packs):  # noqa: F811
    return make_applicant()


@pytest.fixture
def filled(applicant):
    return fill(applicant)


@pytest.fixture
def submitted(filled):
    return services.submit(filled)


def sign_in(client, application) -> None:
    client.force_login(application.user)
