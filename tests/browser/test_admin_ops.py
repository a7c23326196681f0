"""Regional ops in a real browser: log in, see only their region, edit, read the history."""

import pytest

from regions.payments.models import PaymentMethod
from tests.browser_fixtures import screenshot

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def test_eu_operator_sees_and_edits_only_the_eu(page, live_server, packs):
    from tests.region_fixtures import operator

    operator("eu-operator", "eu")
    log_in(page, live_server, "eu-operator", "pw-eu-operator")

    page.goto(f"{live_server.url}/admin/regions_payments/paymentmethod/")
    rows = page.locator("#result_list tbody tr")
    names = rows.locator("th a").all_inner_texts()
    screenshot(page, "admin-eu-ops-payment-methods")
    eu_names = set(PaymentMethod.objects.filter(region__code="eu").values_list("name", flat=True))
    assert set(names) == eu_names
    assert "BLIK" in names
    uk_only = set(PaymentMethod.objects.filter(region__code="uk").values_list("name", flat=True))
    assert not (uk_only - eu_names) & set(names)

    uk_method = PaymentMethod.objects.filter(region__code="uk").first()
    response = page.goto(
        f"{live_server.url}/admin/regions_payments/paymentmethod/{uk_method.pk}/change/"
    )
    assert response.status == 403

    blik = PaymentMethod.objects.get(region__code="eu", code="blik")
    page.goto(f"{live_server.url}/admin/regions_payments/paymentmethod/{blik.pk}/change/")
    screenshot(page, "admin-eu-ops-blik-change")
    page.fill("#id_notes", "Most issuers cap BLIK at 10,000 PLN per payment.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{live_server.url}/admin/regions_payments/paymentmethod/{blik.pk}/history/")
    history = page.locator("#change-history").inner_text()
    screenshot(page, "admin-eu-ops-blik-history")
    assert "eu-operator" in history
    assert "Most issuers cap BLIK at 10,000 PLN per payment." in history


def test_superuser_region_page_shows_the_whole_configuration(page, live_server, packs,
                                                             django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", "pw-root")
    log_in(page, live_server, "root", "pw-root")

    page.goto(f"{live_server.url}/admin/regions_core/region/")
    screenshot(page, "admin-superuser-regions")
    assert page.locator("#result_list tbody tr").count() == 3

    page.click("text=eu")
    page.wait_for_selector("#countries-group")
    screenshot(page, "admin-superuser-region-eu")
    assert "Poland" in page.locator("#countries-group").inner_text()


# The changelists ops work in, at 1366 px: every column in view (no horizontal scrolling).
OPS_CHANGELISTS = [
    ("certificates", "/admin/supplier_compliance/certificate/"),
    ("compliance-reports", "/admin/supplier_compliance/compliancereport/"),
    ("listings", "/admin/catalog/listing/"),
    ("suppliers", "/admin/catalog/supplier/"),
    ("orders", "/admin/checkout/order/"),
    ("warehouses", "/admin/regions_warehouses/warehouse/"),
    ("countries", "/admin/regions_core/country/"),
    ("payment-methods", "/admin/regions_payments/paymentmethod/"),
]


def test_eu_operator_changelists_fit_1366_px(page, live_server, packs):
    from io import StringIO

    from django.core.management import call_command

    from tests.marketplace.checkout.test_admin_ops import make_order
    from tests.region_fixtures import operator

    call_command("load_demo", "--no-packs", stdout=StringIO())
    call_command("check_compliance", "--region", "eu", stdout=StringIO())
    order = make_order("eu", "DE", "MR-2026-000123")
    make_order("us", "US", "MR-2026-000124")
    operator("eu-operator", "eu")
    log_in(page, live_server, "eu-operator", "pw-eu-operator")

    for name, path in OPS_CHANGELISTS:
        response = page.goto(f"{live_server.url}{path}")
        screenshot(page, f"admin-eu-ops-1366-{name}")
        assert response.status == 200, path
        overflow = page.evaluate(
            "(() => { const r = document.querySelector('#changelist .results');"
            " return r ? r.scrollWidth - r.clientWidth : 0; })()")
        assert overflow <= 0, f"{path}: {overflow} px off to the right"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366, path

    # Four warehouses make a short page: the location filter lists their countries only.
    page.goto(f"{live_server.url}/admin/regions_warehouses/warehouse/")
    assert page.evaluate("document.documentElement.scrollHeight") < 1600
    assert "Times in Europe/Brussels" in page.locator("#time-zone").text_content()

    # The EU order only; its offline payment recorded after a confirmation page.
    page.goto(f"{live_server.url}/admin/checkout/order/")
    assert page.locator("#result_list tbody th a").all_inner_texts() == ["MR-2026-000123"]
    page.check(f"input[name=_selected_action][value='{order.pk}']")
    page.select_option("select[name=action]", "record_received")
    page.click("button[name=index]")
    page.wait_for_selector("#confirm-question")
    screenshot(page, "admin-eu-ops-record-payment-confirmation")
    assert order.payments.get().status == "pending"
    page.click("#confirm-button")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "admin-eu-ops-record-payment-done")
    assert order.payments.get().status == "paid"


def test_eu_operator_reads_why_a_us_object_is_refused_and_goes_back(page, live_server, packs):
    from tests.region_fixtures import operator

    operator("eu-operator", "eu")
    log_in(page, live_server, "eu-operator", "pw-eu-operator")
    page.goto(f"{live_server.url}/admin/regions_payments/paymentmethod/")
    us_method = PaymentMethod.objects.filter(region__code="us").first()

    response = page.goto(
        f"{live_server.url}/admin/regions_payments/paymentmethod/{us_method.pk}/change/",
        referer=f"{live_server.url}/admin/regions_payments/paymentmethod/")
    screenshot(page, "admin-eu-ops-403")

    assert response.status == 403
    assert page.locator("#forbidden-reason").inner_text() == (
        "This belongs to a region you do not operate.")
    page.click("#forbidden-back")
    page.wait_for_selector("#result_list")
    assert page.url.endswith("/admin/regions_payments/paymentmethod/")
