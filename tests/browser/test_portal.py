"""Suppliers onboard in a real browser, in Polish and in German; the EU's ops approve one in
the admin. Screenshots in test-artifacts/screenshots/portal-*.png."""

import re

import pytest
from django.core import mail
from django_countries import countries

from marketplace.catalog.models import Supplier
from marketplace.compliance.models import Certificate
from marketplace.portal.models import Application, Status
from tests.browser_fixtures import screenshot
from tests.marketplace.portal.conftest import (  # noqa: F401
    compiled_translations,
    isolated,
    pdf_bytes,
)
from tests.region_fixtures import operator

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lniane-Obrusy-2026!"

POLISH = {
    "lang": "pl", "email": "anna@lniana.pl",
    "company": {"legal_name": "Lniana Tkalnia Sp. z o.o.", "country": "PL",
                "vat_id": "PL 526-025-09-95", "registration_number": "012100784",
                "street_address": "ul. Piotrkowska 104", "postal_code": "90-926",
                "city": "Łódź"},
    "bad_vat": "PL5260250996", "bad_vat_message": "Numer VAT UE: nieprawidłowa cyfra kontrolna",
    "contact": {"contact_name": "Anna Nowak", "phone": "42 632 30 00"},
    "category": "textiles", "origin": "PL",
    "certificate_type": "Osoba odpowiedzialna w UE (GPSR)",  # the eu pack's name, in Polish
    "warehouse": {"name": "Magazyn Łódź-Widzew", "country": "PL", "city": "Łódź"},
    "texts": {"signup": "Załóż konto", "save": "Zapisz i przejdź dalej", "upload": "Prześlij",
              "add": "Dodaj", "continue": "Dalej", "submit": "Złóż wniosek",
              "unconfirmed": "Najpierw potwierdź swój adres e-mail",
              "submitted": "Złożony, oczekuje na weryfikację", "login": "Zaloguj się",
              "approved": "Zatwierdzony"},
}

GERMAN = {
    "lang": "de", "email": "jan.becker@stahlwerk-becker.de",
    "company": {"legal_name": "Stahlwerk Becker GmbH", "country": "DE",
                "vat_id": "DE 136 695 976",
                "registration_number": "Berlin (Charlottenburg) HRB 12345",
                "street_address": "Industriestraße 12", "postal_code": "10115",
                "city": "Berlin"},
    "bad_vat": "FR40303265045", "bad_vat_message": "beginnt mit FR",
    "contact": {"contact_name": "Jan Becker", "phone": "030 1234567"},
    "category": "machinery", "origin": "DE",
    "certificate_type": "Verantwortliche Person in der EU (GPSR)",
    "warehouse": None,
    "texts": {"signup": "Konto erstellen", "save": "Speichern und weiter",
              "upload": "Hochladen", "add": "Hinzufügen", "continue": "Weiter",
              "submit": "Antrag einreichen",
              "unconfirmed": "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse",
              "submitted": "Eingereicht, wird geprüft", "login": "Anmelden",
              "approved": "Angenommen"},
}


def button(page, text: str):
    return page.locator("main").get_by_role("button", name=text, exact=True)


def onboard(page, live_server, tmp_path, data: dict) -> Application:
    lang, texts, shot = data["lang"], data["texts"], f"portal-{data['lang']}"
    base = f"{live_server.url}/portal/eu/{lang}/"

    page.goto(base)
    page.wait_for_selector(f"html[lang={lang}]")
    screenshot(page, f"{shot}-1-landing")
    page.locator("main").get_by_role("link", name=texts["signup"]).click()
    page.fill("#id_email", data["email"])
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    button(page, texts["signup"]).click()

    # Company: a VAT ID that fails is reported next to its field, in the page's language.
    page.wait_for_selector("#id_legal_name")
    for name, value in data["company"].items():
        if name == "country":
            page.select_option("#id_country", value)
        else:
            page.fill(f"#id_{name}", value)
    page.fill("#id_vat_id", data["bad_vat"])
    button(page, texts["save"]).click()
    error = page.locator("[data-field=vat_id] .errorlist")
    assert data["bad_vat_message"] in error.inner_text()
    screenshot(page, f"{shot}-2-company-error")
    page.fill("#id_vat_id", data["company"]["vat_id"])
    button(page, texts["save"]).click()

    page.wait_for_selector("#id_contact_name")
    page.fill("#id_contact_name", data["contact"]["contact_name"])
    page.fill("#id_phone", data["contact"]["phone"])
    screenshot(page, f"{shot}-3-contact")
    button(page, texts["save"]).click()

    page.wait_for_selector("input[name=categories]")
    page.check(f"input[name=categories][value={data['category']}]")
    page.select_option("#id_origin_country", data["origin"])
    screenshot(page, f"{shot}-4-offer")
    button(page, texts["save"]).click()

    page.wait_for_selector("#id_certificate_type")
    document = tmp_path / f"certificate-{lang}.pdf"
    document.write_bytes(pdf_bytes())
    page.select_option("#id_certificate_type", label=data["certificate_type"])
    # The EU responsible person is recorded by its name and address (an EU manufacturer is
    # its own): the address rule the pack declares checks the country and postal code.
    company = data["company"]
    page.fill("#id_number", f"{company['legal_name']}, {company['street_address']}, "
                            f"{company['postal_code']} {company['city']}, "
                            f"{countries.name(company['country'])}")
    page.fill("#id_issuer", data["company"]["legal_name"])
    page.set_input_files("#id_file", str(document))
    button(page, texts["upload"]).click()
    page.wait_for_selector("table.documents")
    screenshot(page, f"{shot}-5-certificates")
    page.locator("main").get_by_role("link", name=texts["continue"], exact=True).click()

    page.wait_for_selector("#id_name")  # warehouses, the optional step
    if data["warehouse"]:
        page.fill("#id_name", data["warehouse"]["name"])
        page.select_option("#id_country", data["warehouse"]["country"])
        page.fill("#id_city", data["warehouse"]["city"])
        button(page, texts["add"]).click()
        page.wait_for_selector("table.warehouses")
    screenshot(page, f"{shot}-6-warehouses")
    page.locator("main").get_by_role("link", name=texts["continue"], exact=True).click()

    # Not confirmed yet: submitting is refused with the reason.
    page.wait_for_selector("#submit-application")
    page.click("#submit-application")
    assert texts["unconfirmed"] in page.locator(".messages").inner_text()
    screenshot(page, f"{shot}-7-review-unconfirmed")

    [email] = [m for m in mail.outbox if data["email"] in m.to]
    link = re.search(r"https?://\S+/confirm/\S+/", email.body).group(0)
    page.goto(link)
    page.goto(f"{base}review/")
    page.click("#submit-application")
    page.wait_for_selector("[data-status=submitted]")
    assert texts["submitted"] in page.locator(".status").inner_text()
    screenshot(page, f"{shot}-8-submitted")

    # Resume after signing out and in again.
    page.locator("header").get_by_role("button").click()
    page.goto(f"{base}login/")
    page.fill("#id_email", data["email"])
    page.fill("#id_password", PASSWORD)
    button(page, texts["login"]).click()
    page.wait_for_selector("[data-status=submitted]")
    return Application.objects.get(user__email=data["email"])


def test_polish_and_german_suppliers_onboard_and_eu_ops_approve(page, live_server, packs,
                                                               tmp_path, browser):
    polish = onboard(page, live_server, tmp_path, POLISH)
    german_page = browser.new_context(viewport={"width": 1366, "height": 900},
                                      locale="de-DE").new_page()
    german = onboard(german_page, live_server, tmp_path, GERMAN)

    assert (polish.status, polish.vat_id, polish.phone) == (
        Status.SUBMITTED, "PL5260250995", "+48426323000")
    assert polish.warehouses.get().name == "Magazyn Łódź-Widzew"
    assert (german.status, german.vat_id, german.phone, german.language) == (
        Status.SUBMITTED, "DE136695976", "+49301234567", "de")

    # The EU's ops approve the Polish application in the admin.
    operator("eu-operator", "eu")
    admin = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    admin.goto(f"{live_server.url}/admin/login/")
    admin.fill("#id_username", "eu-operator")
    admin.fill("#id_password", "pw-eu-operator")
    admin.click("input[type=submit]")
    admin.goto(f"{live_server.url}/admin/portal/application/?status__exact=submitted")
    assert admin.locator("#result_list tbody tr").count() == 2
    screenshot(admin, "portal-admin-1-applications")
    admin.click("text=Lniana Tkalnia Sp. z o.o.")
    admin.wait_for_selector("#review-decision")
    screenshot(admin, "portal-admin-2-application")
    with admin.expect_download() as download:
        admin.click("text=certificate-pl.pdf")
    assert download.value.suggested_filename == "certificate-pl.pdf"
    admin.click("#approve-link")
    admin.wait_for_selector("#confirm-question")
    assert Supplier.objects.filter(name="Lniana Tkalnia Sp. z o.o.").count() == 0
    admin.click("#confirm-button")
    admin.wait_for_selector(".messagelist .success")
    screenshot(admin, "portal-admin-3-approved")

    supplier = Supplier.objects.get(name="Lniana Tkalnia Sp. z o.o.")
    assert list(supplier.members.values_list("email", flat=True)) == ["anna@lniana.pl"]
    assert Certificate.objects.get(supplier=supplier).status == "pending"

    # The German application is rejected with a reason the applicant reads in German.
    admin.goto(f"{live_server.url}/admin/portal/application/{german.pk}/change/")
    admin.click("#reject-link")
    admin.fill("#id_reason", "Bitte laden Sie die Konformitätserklärung der Maschine hoch.")
    admin.click("input[name=_reject]")
    admin.wait_for_selector(".messagelist .success")

    page.reload()
    page.wait_for_selector("[data-status=approved]")
    assert POLISH["texts"]["approved"] in page.locator(".status").inner_text()
    screenshot(page, "portal-pl-9-approved")
    german_page.reload()
    german_page.wait_for_selector(".rejection")
    assert "Konformitätserklärung der Maschine" in german_page.locator(".rejection").inner_text()
    assert "Unser Team konnte Ihren Antrag noch nicht annehmen" in german_page.content()
    screenshot(german_page, "portal-de-9-rejected")
