"""The compliance admin for ops: region-scoped certificates, reports and responsible persons;
verify / reject (with a reason) actions that re-check at once; uploads refused with nothing
stored."""

import pytest
from django.urls import reverse

from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from marketplace.compliance.services import record_reports
from regions.compliance.models import CertificateType, VerificationStatus
from tests.marketplace.compliance.conftest import pdf_bytes, upload


def url(model, view="changelist", *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def eu_certificate(packs, supplier, listing) -> Certificate:
    return Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"))


@pytest.fixture
def us_certificate(packs, supplier) -> Certificate:
    return Certificate.objects.create(
        supplier=supplier, number="2ABCD-BT100",
        certificate_type=CertificateType.objects.get(region=packs["us"], code="fcc-id"))


def test_ops_see_only_their_regions_certificates(client, eu_ops, eu_certificate,
                                                 us_certificate):
    client.force_login(eu_ops)

    response = client.get(url(Certificate))

    assert [c.pk for c in response.context["cl"].result_list] == [eu_certificate.pk]
    assert client.get(url(Certificate, "change", us_certificate.pk)).status_code == 403


def test_verify_records_who_and_rechecks(client, eu_ops, eu_certificate, listing):
    client.force_login(eu_ops)

    response = client.post(url(Certificate), {"action": "verify_selected", "confirmed": "yes",
                                              "_selected_action": [eu_certificate.pk]},
                           follow=True)

    eu_certificate.refresh_from_db()
    assert response.status_code == 200
    assert (eu_certificate.status, eu_certificate.verified_by) == ("verified", eu_ops)
    report = ComplianceReport.objects.get(listing=listing, region__code="eu", is_latest=True)
    assert "weee-de" not in {f["certificate_type"] for f in report.findings}


def test_reject_without_a_reason_changes_nothing(client, eu_ops, eu_certificate):
    client.force_login(eu_ops)

    response = client.post(url(Certificate), {"action": "reject_selected", "reason": " ",
                                              "confirmed": "yes",
                                              "_selected_action": [eu_certificate.pk]},
                           follow=True)

    eu_certificate.refresh_from_db()
    assert eu_certificate.status == VerificationStatus.PENDING
    assert "Nothing was rejected: Say why" in response.content.decode()
    assert ComplianceReport.objects.count() == 0


def test_reject_with_a_reason_reaches_the_suppliers_report(client, eu_ops, eu_certificate,
                                                            listing):
    client.force_login(eu_ops)

    client.post(url(Certificate), {"action": "reject_selected", "confirmed": "yes",
                                   "reason": "Registration is for another brand.",
                                   "_selected_action": [eu_certificate.pk]})

    eu_certificate.refresh_from_db()
    assert eu_certificate.status == VerificationStatus.REJECTED
    assert eu_certificate.rejection_reason == "Registration is for another brand."
    report = ComplianceReport.objects.get(listing=listing, region__code="eu", is_latest=True)
    [finding] = [f for f in report.findings if f["certificate_type"] == "weee-de"]
    assert finding["code"] == "certificate_rejected"


def add_form(packs, supplier, **extra) -> dict:
    return {"supplier": supplier.pk, "number": "HX-DOC-X1-2025-01",
            "certificate_type": CertificateType.objects.get(region=packs["eu"],
                                                            code="eu-doc-ce").pk,
            "issuer": "", "valid_from": "", "valid_until": "", "status": "pending",
            "rejection_reason": "", **extra}


def test_an_uploaded_executable_is_refused_and_nothing_is_stored(client, eu_ops, packs,
                                                                 supplier, private_media):
    client.force_login(eu_ops)

    response = client.post(url(Certificate, "add"), add_form(
        packs, supplier, file=upload("DoC.pdf", b"MZ\x90\x00" + b"\x00" * 200)))

    assert response.status_code == 200  # the form again, with the error
    assert "program or an archive" in response.content.decode()
    assert Certificate.objects.count() == 0
    assert not private_media.exists() or not any(private_media.rglob("*.*"))


def test_an_uploaded_pdf_is_kept_and_linked_for_download(client, eu_ops, packs, supplier,
                                                         private_media):
    client.force_login(eu_ops)

    response = client.post(url(Certificate, "add"), add_form(
        packs, supplier, file=upload("DoC X1.pdf", pdf_bytes())))

    assert response.status_code == 302
    certificate = Certificate.objects.get()
    page = client.get(url(Certificate, "change", certificate.pk)).content.decode()
    assert f'href="/api/v1/certificates/{certificate.pk}/file/"' in page
    assert client.get(f"/api/v1/certificates/{certificate.pk}/file/").status_code == 200


def test_ops_see_only_their_regions_reports_and_filter_by_code(client, eu_ops, uk_ops, packs,
                                                               listing):
    record_reports([listing], packs["eu"], trigger="command")
    record_reports([listing], packs["us"], trigger="command")
    client.force_login(eu_ops)

    shown = client.get(url(ComplianceReport)).context["cl"].result_list
    assert [r.region.code for r in shown] == ["eu"]
    filtered = client.get(url(ComplianceReport) + "?code=certificate_missing")
    assert len(filtered.context["cl"].result_list) == 1
    none = client.get(url(ComplianceReport) + "?code=certificate_expired")
    assert len(none.context["cl"].result_list) == 0
    us_report = ComplianceReport.objects.get(region__code="us")
    assert client.get(url(ComplianceReport, "change", us_report.pk)).status_code == 403


def test_report_messages_are_escaped(client, superuser, packs, supplier, listing):
    Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678", status="rejected",
        rejection_reason="<script>alert(1)</script>",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"))
    [report] = record_reports([listing], packs["eu"], trigger="command")
    client.force_login(superuser)

    page = client.get(url(ComplianceReport, "change", report.pk)).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_ops_add_a_responsible_person_in_their_region_only(client, eu_ops, packs, supplier):
    client.force_login(eu_ops)
    form = {"supplier": supplier.pk, "region": packs["eu"].pk, "name": "Hexin Europe B.V.",
            "street_address": "Keizersgracht 1", "postal_code": "1015 CC",
            "city": "Amsterdam", "email": "rp@hexin-audio.example",
            "role": "authorised_representative"}

    wrong = client.post(url(ResponsiblePerson, "add"), {**form, "country": "GB"})
    assert wrong.status_code == 200 and ResponsiblePerson.objects.count() == 0
    assert "The responsible person must be established in Austria, " in wrong.content.decode()

    right = client.post(url(ResponsiblePerson, "add"), {**form, "country": "NL"})
    assert right.status_code == 302
    assert ResponsiblePerson.objects.get().region.code == "eu"


def test_ops_add_a_responsible_person_in_a_member_state_the_pack_does_not_sell_to(
        client, eu_ops, packs, supplier):
    client.force_login(eu_ops)

    response = client.post(url(ResponsiblePerson, "add"), {
        "supplier": supplier.pk, "region": packs["eu"].pk, "name": "Hexin Lux S.à r.l.",
        "street_address": "12 rue de la Gare", "postal_code": "1611", "city": "Luxembourg",
        "country": "LU", "email": "rp@hexin-audio.example", "role": "importer"})

    assert response.status_code == 302
    assert ResponsiblePerson.objects.get().country.code == "LU"


def test_ops_typing_a_weee_number_with_its_label_store_it_normalised(client, eu_ops, packs,
                                                                     supplier, private_media):
    client.force_login(eu_ops)
    weee = CertificateType.objects.get(region=packs["eu"], code="weee-de")

    response = client.post(url(Certificate, "add"), add_form(
        packs, supplier, certificate_type=weee.pk, number="weee-reg.-nr.  de12345678"))

    assert response.status_code == 302
    assert Certificate.objects.get().number == "DE 12345678"


def test_ops_typing_a_placeholder_are_refused_with_the_format(client, eu_ops, packs, supplier,
                                                              private_media):
    client.force_login(eu_ops)
    weee = CertificateType.objects.get(region=packs["eu"], code="weee-de")

    response = client.post(url(Certificate, "add"), add_form(
        packs, supplier, certificate_type=weee.pk, number="WEEE-Reg.-Nr. DE 00000000"))

    assert response.status_code == 200
    assert "expected the format such as “DE 12345678”" in response.content.decode()
    assert Certificate.objects.count() == 0
