"""The compliance admin for ops: verify and reject ask first, the columns ops decide on are
on the list, and filters speak in words, not codes."""

import pytest
from django.urls import reverse

from marketplace.compliance.models import Certificate
from marketplace.compliance.services import record_reports
from regions.compliance.models import CertificateType, VerificationStatus

CERTIFICATES = "/admin/supplier_compliance/certificate/"
REPORTS = "/admin/supplier_compliance/compliancereport/"


@pytest.fixture
def eu_certificate(packs, supplier, listing) -> Certificate:
    return Certificate.objects.create(
        supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"))


@pytest.mark.parametrize("action", ["verify_selected", "reject_selected"])
def test_verify_and_reject_ask_first_and_change_nothing(client, eu_ops, eu_certificate, action):
    client.force_login(eu_ops)

    response = client.post(CERTIFICATES, {"action": action, "reason": "Wrong brand.",
                                          "_selected_action": [eu_certificate.pk]})

    eu_certificate.refresh_from_db()
    assert response.status_code == 200
    assert response.templates[0].name == "admin/confirm_action.html"
    assert list(response.context["objects"]) == [eu_certificate]
    assert eu_certificate.status == VerificationStatus.PENDING


def test_the_reject_confirmation_carries_the_reason_typed_in_the_action_bar(
        client, eu_ops, eu_certificate):
    client.force_login(eu_ops)

    response = client.post(CERTIFICATES, {"action": "reject_selected", "reason": "Wrong brand.",
                                          "_selected_action": [eu_certificate.pk]})

    assert 'value="Wrong brand."' in response.content.decode()


def test_the_certificate_list_shows_supplier_status_and_validity(client, eu_ops,
                                                                 eu_certificate):
    client.force_login(eu_ops)

    response = client.get(CERTIFICATES)

    assert response.context["cl"].list_display == [
        "action_checkbox", "certificate_type", "number", "status", "supplier", "valid_from",
        "valid_until", "has_document"]


def test_report_filters_and_columns_speak_in_words(client, eu_ops, listing, packs):
    record_reports([listing], packs["eu"], trigger="command")
    client.force_login(eu_ops)

    response = client.get(REPORTS)

    html = response.content.decode()
    specs = {str(spec.title): spec for spec in response.context["cl"].filter_specs}
    assert "AI review" in specs and "ai status" not in {t.lower() for t in specs}
    finding = specs["finding"]
    displays = [c["display"] for c in finding.choices(response.context["cl"])]
    assert "Certificate missing" in displays and "certificate_missing" not in displays
    checked_by = [c["display"] for c in specs["checked by"].choices(response.context["cl"])]
    assert checked_by == ["All", "Command"]
    assert ">certificate_missing<" not in html  # in the filter's URL only, never shown


def test_the_report_page_names_each_finding(client, eu_ops, listing, packs):
    [report] = record_reports([listing], packs["eu"], trigger="command")
    client.force_login(eu_ops)

    html = client.get(reverse("admin:supplier_compliance_compliancereport_change",
                              args=[report.pk])).content.decode()

    assert "<td>Certificate missing</td>" in html
