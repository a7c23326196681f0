"""Regional ops verify and reject certificates in a real browser; the report follows."""

import pytest

from marketplace.compliance.models import Certificate, ComplianceReport
from regions.compliance.models import CertificateType
from tests.browser_fixtures import screenshot

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def test_eu_ops_verify_and_reject_certificates(page, live_server, packs, tmp_path, settings):
    from marketplace.catalog.models import Supplier
    from tests.marketplace.compliance.conftest import make_listing
    from tests.region_fixtures import operator

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    operator("eu-operator", "eu")
    supplier = Supplier.objects.create(name="Shenzhen Hexin Audio Technology Co., Ltd.",
                                       slug="sz-hexin-audio", country="CN")
    listing = make_listing(supplier)
    kind = {k.code: k for k in CertificateType.objects.filter(region__code__in=["eu", "us"])}
    weee = Certificate.objects.create(supplier=supplier, certificate_type=kind["weee-de"],
                                      number="WEEE-Reg.-Nr. DE 12345678")
    lucid = Certificate.objects.create(supplier=supplier, certificate_type=kind["lucid-de"],
                                       number="DE1234567890123")
    fcc = Certificate.objects.create(supplier=supplier, certificate_type=kind["fcc-id"],
                                     number="2ABCD-BT100")
    log_in(page, live_server, "eu-operator", "pw-eu-operator")

    # Only the EU's certificates, pending first.
    page.goto(f"{live_server.url}/admin/supplier_compliance/certificate/")
    numbers = page.locator("#result_list tbody tr td.field-number").all_inner_texts()
    screenshot(page, "admin-compliance-certificates-to-verify")
    assert set(numbers) == {weee.number, lucid.number}
    assert fcc.number not in numbers

    # Verify the WEEE registration.
    page.check(f"input[name=_selected_action][value='{weee.pk}']")
    page.select_option("select[name=action]", "verify_selected")
    page.click("button[name=index]")
    page.wait_for_selector("#confirm-question")
    screenshot(page, "admin-compliance-verify-confirmation")
    page.click("#confirm-button")
    page.wait_for_selector(".messagelist .success")
    assert "1 certificate(s) verified" in page.locator(".messagelist").inner_text()

    # Reject the LUCID number without a reason: refused; then with one.
    page.check(f"input[name=_selected_action][value='{lucid.pk}']")
    page.select_option("select[name=action]", "reject_selected")
    page.click("button[name=index]")
    page.click("#confirm-button")
    page.wait_for_selector(".messagelist .error")
    assert "Nothing was rejected" in page.locator(".messagelist").inner_text()
    page.check(f"input[name=_selected_action][value='{lucid.pk}']")
    page.select_option("select[name=action]", "reject_selected")
    page.fill("input[name=reason]", "The LUCID register shows another company for this number.")
    page.click("button[name=index]")
    assert page.input_value("#id_reason") == (
        "The LUCID register shows another company for this number.")
    page.click("#confirm-button")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "admin-compliance-certificates-after-verdicts")

    weee.refresh_from_db()
    lucid.refresh_from_db()
    assert (weee.status, lucid.status) == ("verified", "rejected")

    # The re-checked report, with the rejection reason shown to the supplier.
    report = ComplianceReport.objects.get(listing=listing, region__code="eu", is_latest=True)
    page.goto(f"{live_server.url}/admin/supplier_compliance/compliancereport/")
    screenshot(page, "admin-compliance-reports")
    page.goto(f"{live_server.url}/admin/supplier_compliance/compliancereport/{report.pk}/change/")
    findings = page.locator(".field-findings_table").inner_text()
    screenshot(page, "admin-compliance-report-detail")
    assert "Certificate rejected" in findings  # the code's label, not the code
    assert "another company for this number" in findings
    assert "weee-de" not in {f["certificate_type"] for f in report.findings}

    # Another region's certificate is refused.
    response = page.goto(
        f"{live_server.url}/admin/supplier_compliance/certificate/{fcc.pk}/change/")
    assert response.status == 403
