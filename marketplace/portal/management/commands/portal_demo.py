"""Demo applicants for the supplier portal: a Polish textile maker whose application waits for
the EU's ops, and a German machinery firm with a draft. Idempotent: existing accounts are
left as they are."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_countries import countries
from pypdf import PdfWriter

from marketplace.portal import services
from marketplace.portal.models import Application
from regions.compliance.models import CertificateType
from regions.core.demo_guard import refuse_in_production
from regions.core.models import Region

APPLICANTS = [
    {
        "email": "anna@lniana.example", "password": "lniana-demo-2026", "language": "pl",
        "submit": True,
        "company": {"legal_name": "Lniana Tkalnia Sp. z o.o.", "country": "PL",
                    "vat_id": "PL5260250995", "registration_number": "012100784",
                    "street_address": "ul. Piotrkowska 104", "postal_code": "90-926",
                    "city": "Łódź", "country_area": ""},
        "contact": {"contact_name": "Anna Nowak", "phone": "+48426323000"},
        "offer": {"categories": ["textiles"], "origin_country": "PL"},
        "warehouse": {"name": "Magazyn Łódź-Widzew", "country": "PL", "city": "Łódź"},
    },
    {
        "email": "jan@stahlwerk-becker.example", "password": "stahlwerk-demo-2026",
        "language": "de", "submit": False,
        "company": {"legal_name": "Stahlwerk Becker GmbH", "country": "DE",
                    "vat_id": "DE136695976",
                    "registration_number": "Berlin (Charlottenburg) HRB 12345",
                    "street_address": "Industriestraße 12", "postal_code": "10115",
                    "city": "Berlin", "country_area": ""},
        "contact": None, "offer": None, "warehouse": None,
    },
]


class Command(BaseCommand):
    help = "Create the supplier portal's demo applicants in the EU (needs load_region eu)."

    def handle(self, *args, **options) -> None:
        refuse_in_production("portal_demo")
        region = Region.objects.filter(code="eu").first()
        if region is None:
            raise CommandError("Load the EU region first: manage.py load_region eu")
        for data in APPLICANTS:
            if Application.objects.filter(user__email=data["email"]).exists():
                self.stdout.write(f"{data['email']}: exists, left as it is.")
                continue
            self._create(region, data)
            self.stdout.write(f"{data['email']} / {data['password']}: "
                              f"/portal/eu/{data['language']}/")

    @transaction.atomic
    def _create(self, region: Region, data: dict) -> None:
        application = services.create_account(region=region, language=data["language"],
                                              email=data["email"], password=data["password"])
        application.email_confirmed_at = timezone.now()
        application.save()
        application = services.save_company(application, data["company"])
        if data["contact"]:
            application = services.save_contact(application, data["contact"])
        if data["offer"]:
            application = services.save_offer(application, data["offer"])
        if data["warehouse"]:
            services.add_warehouse(application, data["warehouse"])
        if data["submit"]:
            kind = CertificateType.objects.get(region=region, code="gpsr-eu-rp")
            services.add_document(application, {
                "certificate_type": kind,
                # An EU manufacturer is its own responsible person: its name and address.
                "number": "{legal_name}, {street_address}, {postal_code} {city}, {name}".format(
                    **data["company"], name=countries.name(data["company"]["country"])),
                "issuer": data["company"]["legal_name"],
                "file": SimpleUploadedFile("gpsr-responsible-person.pdf", _blank_pdf())},
                content_type="application/pdf")
            services.submit(application)


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
