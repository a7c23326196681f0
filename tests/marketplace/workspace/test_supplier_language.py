"""The supplier's language on the company page: a Chinese factory writing its listings in
English reads its compliance e-mail in Chinese; choosing another language on the page (a real
form POST with its CSRF token) changes the next e-mail; a language that is not offered is
refused in the page's language with nothing saved; /portal/workspace/ opens in the stored
language."""

import re

import pytest
from django.core import mail
from django.test import Client

from marketplace.catalog.models import Supplier
from marketplace.compliance.recheck import notify_suppliers
from marketplace.compliance.services import record_reports
from tests.marketplace.localization.conftest import make_listing

CHINESE_SUBJECT = "欧盟 合规检查：1 个商品需要您处理"
GERMAN_SUBJECT = "Compliance in Europäische Union: 1 Angebot braucht Ihre Aufmerksamkeit"
COMPANY_FIELDS = {"street_address": "", "postal_code": "", "city": "", "country_area": "",
                  "vat_id": "", "registration_number": "", "phone": "",
                  "registrations-TOTAL_FORMS": "0", "registrations-INITIAL_FORMS": "0"}


@pytest.fixture
def english_listing(packs, supplier, merchant):
    """A Chinese factory that writes its listings in English, its member with an address."""
    merchant.email = "sales@sz-audio.example"
    merchant.save()
    return make_listing(supplier, source_language="en", title="X1 wireless earbuds")


@pytest.fixture
def csrf_client(merchant) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(merchant)
    return client


def company_url(supplier, lang: str = "zh-hans") -> str:
    return f"/portal/workspace/{lang}/company/{supplier.pk}/"


def compliance_email(listing, packs):
    """Re-check the listing in the EU and send its supplier the e-mail, as the daily task."""
    mail.outbox.clear()
    [report] = record_reports([listing], packs["eu"], trigger="beat")
    assert notify_suppliers({listing.supplier_id: [(listing, report)]}, packs["eu"]) == 1
    [email] = mail.outbox
    return email


def post_with_csrf(client: Client, url: str, data: dict):
    """Submit the page's form that holds the language field, with the token it carries."""
    page = client.get(url).content.decode()
    [form] = [form for form in re.findall(r"<form.*?</form>", page, re.S)
              if 'name="language"' in form]
    [token] = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


def test_english_listings_and_a_chinese_preference_give_a_chinese_email(
        packs, supplier, english_listing):
    Supplier.objects.filter(pk=supplier.pk).update(language="zh-hans")

    email = compliance_email(english_listing, packs)

    assert email.to == ["sales@sz-audio.example"]
    assert email.subject == CHINESE_SUBJECT
    assert email.body.startswith("Shenzhen Audio Works，您好：\n\n我们重新检查了您在 欧盟 的商品。")


def test_without_a_preference_the_email_follows_the_listings_language(
        packs, supplier, english_listing):
    email = compliance_email(english_listing, packs)

    assert email.subject == "Compliance in European Union: 1 listing needs your attention"


def test_the_company_page_shows_the_language_they_are_written_to_today(
        signed_in, supplier, english_listing):
    page = signed_in.get(company_url(supplier)).content.decode()

    assert "您阅读的语言" in page
    assert '<option value="en" selected>English</option>' in page
    assert '<option value="zh-hans">简体中文</option>' in page


def test_choosing_german_on_the_company_page_changes_the_next_email(
        packs, supplier, english_listing, csrf_client):
    Supplier.objects.filter(pk=supplier.pk).update(language="zh-hans")
    assert compliance_email(english_listing, packs).subject == CHINESE_SUBJECT

    response = post_with_csrf(csrf_client, company_url(supplier),
                              {**COMPANY_FIELDS, "language": "de"})

    assert response.status_code == 302
    assert Supplier.objects.get(pk=supplier.pk).language == "de"
    assert compliance_email(english_listing, packs).subject == GERMAN_SUBJECT


def test_a_post_without_the_csrf_token_changes_nothing(supplier, english_listing, csrf_client):
    response = csrf_client.post(company_url(supplier), {**COMPANY_FIELDS, "language": "de"})

    assert response.status_code == 403
    assert Supplier.objects.get(pk=supplier.pk).language == ""


@pytest.mark.parametrize(("value", "message"), [
    ("tlh", "选择一个有效的选项。 tlh 不在可用的选项中。"),
    ("", "该字段是必填项。")])
def test_a_language_not_offered_is_refused_in_the_pages_language_and_nothing_is_saved(
        supplier, english_listing, csrf_client, value, message):
    Supplier.objects.filter(pk=supplier.pk).update(language="zh-hans", city="Shenzhen")
    before = Supplier.objects.filter(pk=supplier.pk).values().get()

    response = post_with_csrf(csrf_client, company_url(supplier),
                              {**COMPANY_FIELDS, "city": "Dongguan", "language": value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Supplier.objects.filter(pk=supplier.pk).values().get() == before


def test_the_workspace_entry_opens_in_the_stored_language(signed_in, supplier):
    Supplier.objects.filter(pk=supplier.pk).update(language="pl")

    response = signed_in.get("/portal/workspace/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 302
    assert response["Location"] == "/portal/workspace/pl/"


def test_without_a_stored_language_the_entry_opens_in_the_visitors(signed_in):
    response = signed_in.get("/portal/workspace/", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Location"] == "/portal/workspace/de/"
