"""The portal's pages: language and region resolution, sign-up, sign-in, steps, uploads,
submission; bad input answered next to the field in the page's language, nothing saved."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from marketplace.portal.models import Application, Document, Status
from regions.compliance.models import CertificateType
from regions.core.models import Region
from tests.marketplace.portal.conftest import (
    PASSWORD,
    POLISH_COMPANY,
    fill,
    make_applicant,
    pdf_bytes,
    pdf_upload,
    sign_in,
)

pytestmark = pytest.mark.django_db


# --- Region and language ---------------------------------------------------------------------

def test_the_portal_speaks_the_languages_the_region_offers(client, packs):
    page = client.get("/portal/eu/pl/")

    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="pl" dir="ltr">' in html
    assert "Sprzedawaj w regionie Unia Europejska" in html
    # the switcher links to this page in every offered language with a catalog
    switcher = set(re.findall(r'href="/portal/eu/([a-z-]+)/" lang=', html))
    assert switcher == {"en", "de", "fr", "it", "es", "nl", "sv", "pt"}


def test_an_unknown_region_is_not_found(client, packs):
    assert client.get("/portal/mars/en/").status_code == 404
    assert client.get("/portal/mars/").status_code == 404


def test_a_language_the_region_does_not_offer_redirects_to_its_default(client, packs):
    # Japanese is not offered in the EU; Irish is offered (in Ireland) but the portal has no
    # catalog for it.
    for language in ("ja", "ga"):
        response = client.get(f"/portal/eu/{language}/signup/")
        assert response.status_code == 302
        assert response["Location"] == "/portal/eu/en/signup/"


def test_the_region_root_opens_its_default_language(client, packs):
    assert client.get("/portal/uk/")["Location"] == "/portal/uk/en-gb/"


# --- Sign-up and sign-in ---------------------------------------------------------------------

def signup(client, email="jan@stalwerk.de", password=PASSWORD, repeat=None, lang="de"):
    return client.post(f"/portal/eu/{lang}/signup/", {
        "email": email, "password1": password, "password2": repeat or password})


def test_sign_up_creates_the_account_signs_in_and_sends_the_link_in_german(client, packs):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == "/portal/eu/de/company/"
    application = Application.objects.get()
    assert (application.user.email, application.region.code, application.language,
            application.email_confirmed) == ("jan@stalwerk.de", "eu", "de", False)
    [email] = mail.outbox
    assert email.subject == "Bestätigen Sie Ihre E-Mail-Adresse für das Lieferantenportal"
    link = re.search(r"http://testserver(/portal/eu/de/confirm/\S+/)", email.body).group(1)

    assert client.get(link)["Location"] == "/portal/eu/de/"
    assert Application.objects.get().email_confirmed


def test_a_tampered_confirmation_link_confirms_nothing(client, packs):
    signup(client)
    link = re.search(r"(/portal/eu/de/confirm/\S+)/", mail.outbox[0].body).group(1)

    response = client.get(link + "x/")

    assert response.status_code == 400
    assert "Dieser Bestätigungslink funktioniert nicht" in response.content.decode()
    assert not Application.objects.get().email_confirmed


def test_duplicate_email_is_named_next_to_the_field_in_polish(client, packs):
    make_applicant(email="anna@lniana.pl")

    response = signup(Client(), email="ANNA@lniana.pl", lang="pl")

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "Konto z tym adresem e-mail już istnieje. Zaloguj się."]
    assert Application.objects.count() == 1


def test_weak_passwords_are_refused_by_djangos_validators_in_german(client, packs):
    response = signup(client, password="12345678")

    errors = response.context["form"].errors["password1"]
    assert "Dieses Passwort ist zu kurz. Es muss mindestens 8 Zeichen enthalten." not in errors
    assert "Dieses Passwort ist zu üblich." in errors
    assert any(error.startswith("Dieses Passwort ist komplett numerisch.") for error in errors)
    assert Application.objects.count() == 0


def test_sign_in_failures_do_not_tell_whether_the_address_exists(client, packs):
    make_applicant(email="anna@lniana.pl")

    unknown = client.post("/portal/eu/pl/login/", {"email": "nobody@lniana.pl",
                                                   "password": PASSWORD})
    wrong = client.post("/portal/eu/pl/login/", {"email": "anna@lniana.pl",
                                                 "password": "wrong-password"})

    expected = ["Adres e-mail lub hasło są nieprawidłowe."]
    assert unknown.context["form"].non_field_errors() == expected
    assert wrong.context["form"].non_field_errors() == expected


def test_a_draft_is_resumed_after_signing_in_again(client, packs):
    application = make_applicant()
    client.post("/portal/eu/pl/login/", {"email": "anna@lniana.pl", "password": PASSWORD})
    client.post("/portal/eu/pl/company/", POLISH_COMPANY)
    client.post("/portal/eu/pl/logout/")

    response = client.post("/portal/eu/pl/login/", {"email": "anna@lniana.pl",
                                                    "password": PASSWORD})
    page = client.get("/portal/eu/pl/company/")

    assert response["Location"] == "/portal/eu/pl/"
    assert page.context["form"].initial["legal_name"] == "Lniana Tkalnia Sp. z o.o."
    assert Application.objects.get(pk=application.pk).vat_id == "PL5260250995"


def test_sign_up_is_rate_limited_with_a_message(client, packs, settings):
    settings.PORTAL_SIGNUP_RATE = "2/h"
    signup(Client(), email="a@example.com")
    signup(Client(), email="b@example.com")

    third = signup(Client(), email="c@example.com", lang="pl")

    assert third.status_code == 429
    assert "Zbyt wiele prób. Odczekaj kilka minut i spróbuj ponownie." in third.content.decode()
    assert Application.objects.count() == 2


def test_sign_in_is_rate_limited_even_with_the_right_password(client, packs, settings):
    settings.PORTAL_LOGIN_RATE = "3/m"
    make_applicant(email="anna@lniana.pl")
    for _ in range(3):
        client.post("/portal/eu/pl/login/", {"email": "anna@lniana.pl", "password": "nope"})

    response = client.post("/portal/eu/pl/login/", {"email": "anna@lniana.pl",
                                                    "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Throttled, a right password answers exactly like a wrong one: it is never checked.
    wrong = client.post("/portal/eu/pl/login/", {"email": "anna@lniana.pl", "password": "x"})
    assert wrong.status_code == 429
    assert wrong.context["form"].errors == response.context["form"].errors == {}


def test_every_form_needs_the_csrf_token(packs):
    application = make_applicant()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(application.user)

    for path in ("signup/", "login/", "company/", "contact/", "offer/", "documents/",
                 "warehouses/", "review/", "logout/"):
        assert browser.post(f"/portal/eu/pl/{path}", {}).status_code == 403, path
    page = browser.get("/portal/eu/pl/company/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


# --- Steps -----------------------------------------------------------------------------------

@pytest.fixture
def signed_in(client, applicant):
    sign_in(client, applicant)
    return applicant


def test_a_refused_company_step_changes_nothing_already_saved(client, signed_in):
    client.post("/portal/eu/pl/company/", POLISH_COMPANY)
    before = Application.objects.values().get()

    response = client.post("/portal/eu/pl/company/", {
        **POLISH_COMPANY, "legal_name": "Nowa nazwa", "vat_id": "PL5260250996",
        "country": "GB"})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["country"] == [
        "GB nie jest krajem tego regionu. Wybierz jeden z krajów z listy."]
    after = Application.objects.values().get()
    assert after == before


def test_the_vat_error_appears_next_to_the_field_in_the_page(client, signed_in):
    response = client.post("/portal/eu/pl/company/", {**POLISH_COMPANY,
                                                      "vat_id": "PL5260250996"})

    html = response.content.decode()
    field = re.search(r'data-field="vat_id">(.*?)</div>', html, re.S).group(1)
    assert "Numer VAT UE: nieprawidłowa cyfra kontrolna." in field
    assert Application.objects.get().vat_id == ""


def test_the_contact_step_checks_the_phone_for_the_company_country(client, signed_in):
    client.post("/portal/eu/pl/company/", POLISH_COMPANY)

    refused = client.post("/portal/eu/pl/contact/", {"contact_name": "Anna",
                                                     "phone": "030 1234567"})
    saved = client.post("/portal/eu/pl/contact/", {"contact_name": "Anna",
                                                   "phone": "42 632 30 00"})

    assert refused.context["form"].errors["phone"]
    assert saved["Location"] == "/portal/eu/pl/offer/"
    assert Application.objects.get().phone == "+48426323000"


def test_the_offer_step_saves_categories_and_origin(client, signed_in):
    response = client.post("/portal/eu/pl/offer/", {"categories": ["textiles", "furniture"],
                                                    "origin_country": "PL"})

    assert response["Location"] == "/portal/eu/pl/documents/"
    application = Application.objects.get()
    assert (application.categories, str(application.origin_country)) == (
        ["textiles", "furniture"], "PL")
    page = client.get("/portal/eu/pl/offer/").content.decode()
    assert "Tekstylia i odzież" in page


def document_post(client, upload, lang="pl", **values):
    kind = CertificateType.objects.get(region__code="eu", code="gpsr-eu-rp")
    return client.post(f"/portal/eu/{lang}/documents/", {
        "certificate_type": kind.pk,
        # The EU responsible person: a Polish manufacturer is its own (name and address).
        "number": "Lniana Sp. z o.o., ul. Piotrkowska 120, 90-006 Łódź, Polska", "issuer": "",
        "valid_from": "", "valid_until": "", "file": upload, **values})


def test_a_document_is_kept_privately_and_listed(client, signed_in, settings):
    response = document_post(client, pdf_upload("Deklaracja GPSR.pdf"))

    assert response["Location"] == "/portal/eu/pl/documents/"  # to add another
    document = Document.objects.get()
    assert document.file_name == "Deklaracja GPSR.pdf"
    assert document.file.name.startswith("certificates/")
    assert document.file.name.endswith(".pdf")
    assert "Deklaracja" not in document.file.name
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    download = client.get(f"/portal/eu/pl/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "attachment" in download["Content-Disposition"]


def test_an_oversized_file_is_refused_in_the_page_language(client, signed_in, settings):
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("deklaracja.pdf", pdf_bytes() + b"\0" * 1024 * 1024,
                             content_type="application/pdf")

    response = document_post(client, big, lang="de")

    [error] = response.context["form"].errors["file"]
    assert error == "Die Datei ist 1,1 MB groß; erlaubt sind höchstens 1 MB."
    assert Document.objects.count() == 0


def test_a_disguised_program_is_refused(client, signed_in):
    program = SimpleUploadedFile("zertifikat.pdf", b"MZ\x90\x00" + b"\x00" * 200,
                                 content_type="application/pdf")

    response = document_post(client, program, lang="de")

    assert response.context["form"].errors["file"] == [
        "Diese Datei ist ein Programm oder ein Archiv, kein Dokument. Bitte laden Sie das "
        "Zertifikat als PDF, PNG oder JPEG hoch."]
    assert Document.objects.count() == 0


def test_a_certificate_number_in_the_wrong_format_is_refused(client, signed_in):
    # LUCID numbers are DE + 13 digits; national types are offered to that country's companies.
    signed_in.country = "DE"
    signed_in.save()
    kind = CertificateType.objects.get(region__code="eu", code="lucid-de")

    response = client.post("/portal/eu/pl/documents/", {
        "certificate_type": kind.pk, "number": "???", "file": pdf_upload(),
        "valid_from": "2026-01-01", "valid_until": "2027-01-01"})

    [error] = response.context["form"].errors["number"]
    assert error.startswith("To nie jest prawidłowa wartość pola")
    assert Document.objects.count() == 0


def test_a_certificate_number_is_kept_normalised(client, signed_in):
    # The label, the spacing and the case the applicant typed are not part of the number.
    signed_in.country = "DE"
    signed_in.save()
    kind = CertificateType.objects.get(region__code="eu", code="lucid-de")

    response = client.post("/portal/eu/pl/documents/", {
        "certificate_type": kind.pk, "number": "LUCID-Nr.: de 1234567890123",
        "file": pdf_upload(), "valid_from": "", "valid_until": ""})

    assert response.status_code == 302
    assert Document.objects.get().number == "DE1234567890123"


def test_another_regions_certificate_type_is_refused(client, signed_in):
    uk_type = CertificateType.objects.filter(region__code="uk").first()

    response = document_post(client, pdf_upload(), certificate_type=uk_type.pk)

    assert response.context["form"].errors["certificate_type"] == [
        "Wybierz jeden z rodzajów certyfikatów obowiązujących w tym regionie."]


def test_warehouses_are_optional_and_can_be_added_and_removed(client, signed_in):
    client.post("/portal/eu/pl/warehouses/", {"name": "Magazyn Łódź", "country": "PL",
                                              "city": "Łódź"})
    warehouse = signed_in.warehouses.get()

    client.post(f"/portal/eu/pl/warehouses/{warehouse.pk}/delete/")

    assert signed_in.warehouses.count() == 0


def test_submission_is_refused_until_the_email_is_confirmed(client, packs):
    application = fill(make_applicant(confirmed=False))
    sign_in(client, application)

    response = client.post("/portal/eu/pl/review/", follow=True)

    assert "Najpierw potwierdź swój adres e-mail" in response.content.decode()
    assert Application.objects.get().status == Status.DRAFT


def test_submit_then_the_application_is_read_only(client, filled):
    sign_in(client, filled)

    response = client.post("/portal/eu/pl/review/", follow=True)
    html = response.content.decode()
    refused = client.post("/portal/eu/pl/company/", {**POLISH_COMPANY, "legal_name": "Inna"})

    assert "Twój wniosek został złożony" in html
    assert "Złożony, oczekuje na weryfikację" in html
    assert refused.status_code == 302
    assert Application.objects.get().legal_name == "Lniana Tkalnia Sp. z o.o."


def test_dates_are_shown_in_the_locales_format(client, submitted):
    sign_in(client, submitted)
    when = submitted.submitted_at

    german = client.get("/portal/eu/de/").content.decode()
    english = client.get("/portal/eu/en/").content.decode()

    assert f"{when.day}. " in german and f"{when.year}" in german
    assert re.search(r'data-field="submitted_at">[^<]*' + str(when.year), english)
    german_date = re.search(r'data-field="submitted_at">([^<]*)<', german).group(1)
    english_date = re.search(r'data-field="submitted_at">([^<]*)<', english).group(1)
    assert german_date != english_date


def test_the_rejection_reason_is_shown_in_the_portal_language(client, submitted, eu_ops):
    from marketplace.portal import services

    services.reject(submitted, by=eu_ops, reason="Brak <b>deklaracji</b> CE.")
    sign_in(client, submitted)

    html = client.get("/portal/eu/pl/").content.decode()

    assert "Nasz zespół nie mógł jeszcze zatwierdzić Twojego wniosku" in html
    assert "Brak &lt;b&gt;deklaracji&lt;/b&gt; CE." in html  # escaped, never markup


def test_user_input_is_escaped_everywhere(client, signed_in):
    client.post("/portal/eu/pl/company/", {**POLISH_COMPANY,
                                           "legal_name": "<script>alert(1)</script>"})

    html = client.get("/portal/eu/pl/review/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Sell in the European Union region"),
    ("de", "Verkaufen Sie in der Region Europäische Union"),
    ("fr", "Vendez dans la région Union européenne"),
    ("it", "Vendi nella regione Unione europea"),
    ("es", "Vende en la región Unión Europea"),
    ("nl", "Verkoop in de regio Europese Unie"),
    ("pl", "Sprzedawaj w regionie Unia Europejska"),
])
def test_the_landing_page_in_every_portal_language(client, packs, lang, text):
    html = client.get(f"/portal/eu/{lang}/").content.decode()

    assert text in html
    assert f'<html lang="{lang}" dir="ltr">' in html


def test_a_staff_account_is_told_it_is_not_an_applicant_and_stays_signed_in(client, eu_ops):
    client.force_login(eu_ops)

    response = client.get("/portal/eu/de/company/")

    assert response.status_code == 403
    assert "Das ist kein Lieferantenkonto" in response.content.decode()
    assert "_auth_user_id" in client.session


def test_a_uk_company_may_leave_the_vat_id_empty(client, packs):
    application = make_applicant(region_code="uk", email="tom@mill.co.uk", language="en-gb")
    sign_in(client, application)

    response = client.post("/portal/uk/en-gb/company/", {
        "legal_name": "Mill Textiles Ltd", "country": "GB", "vat_id": "",
        "registration_number": "00445790", "street_address": "1 Mill Lane",
        "postal_code": "M1 1AA", "city": "Manchester"})

    assert response["Location"] == "/portal/uk/en-gb/contact/"
    assert Application.objects.get().registration_number == "00445790"


def test_an_expired_confirmation_link_confirms_nothing(client, packs, settings):
    from marketplace.portal import services

    application = make_applicant(confirmed=False)
    token = services.confirmation_token(application)
    settings.PORTAL_CONFIRMATION_MAX_AGE_SECONDS = -1  # every link is already too old

    response = client.get(f"/portal/eu/pl/confirm/{token}/")

    assert response.status_code == 400
    assert "Ten link potwierdzający nie działa" in response.content.decode()
    assert not Application.objects.get().email_confirmed


def test_resending_the_confirmation_is_rate_limited(client, packs, settings):
    settings.PORTAL_SIGNUP_RATE = "2/h"
    application = make_applicant(confirmed=False)
    sign_in(client, application)

    for _ in range(4):
        client.post("/portal/eu/pl/confirm/resend/")

    assert len(mail.outbox) == 2


def test_a_validity_that_ends_before_it_starts_is_refused_in_spanish(client, signed_in):
    response = document_post(client, pdf_upload(), lang="es", valid_from="2026-06-01",
                             valid_until="2026-01-01")

    assert response.context["form"].errors["valid_until"] == [
        "La validez no puede terminar antes de empezar."]
    assert Document.objects.count() == 0


def test_a_region_name_no_catalog_translates_is_shown_as_the_pack_wrote_it(client, packs):
    # Region names come from the pack (Region.name), not from a list in the portal.
    Region.objects.filter(code="eu").update(name="Atlantis")

    html = client.get("/portal/eu/de/").content.decode()

    assert "Verkaufen Sie in der Region Atlantis" in html
