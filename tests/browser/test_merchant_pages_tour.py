"""Every page a merchant uses, in a real browser, at 1366 px and 390 px, in each language it
speaks: the supplier workspace (en, de, zh-Hans, and the Japanese and Arabic the jp and ae
packs bring, Arabic right to left), the onboarding portal (en, de, and Arabic for the UAE, the
right-to-left market; the portal has no Chinese)
and the preview for 1, 5 and 8 markets in Arabic and German (test_preview_layout.py holds
their layout in en, de and zh-Hans; here their texts and names are checked too). Each visit
checks the status, `<html lang dir>`, that nothing is wider than the screen, that no English
pack name shows on a page in another language and that no raw code (`certificate_missing`)
is in the visible text. Screenshots in
test-artifacts/screenshots/<page>-<lang>-<width>.png, to be looked at.

A test covers one language at one width and visits every page, so that the data and the
session are made once per language and width rather than once per page; the problems it finds
are listed per page."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from marketplace.catalog.models import SupplierBankAccount, TranslationState
from marketplace.compliance.models import Certificate, ResponsiblePerson
from marketplace.portal import services as portal
from marketplace.portal.models import Status
from regions.compliance.models import CertificateType
from regions.core.models import Country, Region
from tests.browser.test_preview_layout import BROKEN_WORDS, EIGHT, OVERLAPS
from tests.browser_fixtures import screenshot
from tests.marketplace.portal.conftest import make_applicant
from tests.marketplace.preview.conftest import (  # noqa: F401
    compiled_translations,
    make_listing,
    preview_url,
    rates,
    supplier,
    translate,
)
from tests.regions.packs.pack_names import english_names, english_shown

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {1366: {"width": 1366, "height": 900}, 390: {"width": 390, "height": 844}}
# With the languages the jp and ae packs bring: Arabic is the right-to-left one.
WORKSPACE_LANGUAGES = ["en", "de", "zh-hans", "ja", "ar"]
# The portal of the EU in English and German, the UAE's in Arabic (its default language).
PORTAL_LANGUAGES = {"en": "eu", "de": "eu", "ar": "ae"}

# Words joined by underscores are codes (certificate_missing, consumer_electronics), never
# something a person is meant to read.
RAW_CODE = re.compile(r"(?<![\w@.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@.])")


def _problems(page, response, *, status: int, language: str, english: list[str]) -> list[str]:
    """What is wrong with the page just loaded; empty when it is right."""
    found = []
    if response is None or response.status != status:
        found.append(f"HTTP {response and response.status}, not {status}")
    html = page.locator("html")
    expected_dir = "rtl" if language == "ar" else "ltr"
    if (html.get_attribute("lang"), html.get_attribute("dir")) != (language, expected_dir):
        found.append(f"<html lang={html.get_attribute('lang')} dir={html.get_attribute('dir')}>")
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        found.append("wider than the screen: "
                     f"{page.evaluate('document.documentElement.scrollWidth')} px")
    if language != "en":
        shown = english_shown(page.content(), english)
        found += [f"English pack name: {name}" for name in shown]
    found += [f"raw code: {code}" for code in RAW_CODE.findall(page.inner_text("body"))]
    return found


def _signed_in(browser, live_server, user, width: int, language: str):
    """A browser context in the user's language (date fields, Accept-Language) with their
    session (Django's own login, no form to fill)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=WIDTHS[width],
                                  locale={"zh-hans": "zh-CN"}.get(language, language))
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _visit(page, url: str, name: str, *, status: int = 200, language: str,
           english: list[str]) -> list[str]:
    response = page.goto(url)
    page.wait_for_selector("main h1")
    found = _problems(page, response, status=status, language=language, english=english)
    screenshot(page, name)
    return found


# --- The workspace ---------------------------------------------------------------------------

BANK_NAME = "Bank of China Shenzhen"

@pytest.fixture
def workspace_pages(packs, rates, supplier, settings, tmp_path):  # noqa: F811
    """A merchant of a Chinese supplier with everything on record that a page can show: a
    published listing with attributes, tiers and a machine translation to review, a draft,
    certificates pending, verified and rejected (with the reason), a responsible person in the
    EU, a bank account. The page names and their paths under /portal/workspace/{lang}/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    merchant = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(merchant)
    supplier.street_address, supplier.postal_code, supplier.city = (
        "科技园南区 深南大道 9988 号", "518057", "深圳")
    supplier.vat_id = ""
    supplier.save()
    listing = make_listing(supplier, title="蓝牙音箱 BT-100 便携式无线扬声器")
    for position, (name, value, unit) in enumerate(
            [("蓝牙版本", "5.3", ""), ("输出功率", "20", "W"), ("电池容量", "4000", "mAh")]):
        listing.attributes.create(name=name, value=value, unit=unit, position=position)
    translate(listing, "de", "Bluetooth-Lautsprecher BT-100, tragbar")
    translate(listing, "en", "Bluetooth speaker BT-100, portable", state=TranslationState.MACHINE)
    make_listing(supplier, title="数控雕刻机 6090 (草稿)", status="draft")
    eu_doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    Certificate.objects.create(
        supplier=supplier, certificate_type=eu_doc, number="DOC-2026-001", status="rejected",
        rejection_reason="The declaration names another manufacturer; upload the one signed "
                         "by Shenzhen Audio Works.")
    Certificate.objects.create(supplier=supplier, certificate_type=eu_doc, number="DOC-2026-002",
                               status="pending")
    ResponsiblePerson.objects.create(
        supplier=supplier, region=Region.objects.get(code="eu"), name="EuroRep GmbH",
        street_address="Friedrichstraße 123", postal_code="10117", city="Berlin",
        country=Country.objects.get(code="DE"), email="gpsr@eurorep.example")
    SupplierBankAccount.objects.create(
        supplier=supplier, account_holder=supplier.name, bank_name=BANK_NAME,
        bic="BKCHCNBJ45A", account_number="7458 2233 0912", bank_country="CN")
    outsider = get_user_model().objects.create_user("outsider", password="pw-outsider")
    pk = listing.pk
    pages = {
        "workspace-home": ("", 200),
        "workspace-listing-new": ("listings/new/", 200),
        "workspace-listing-edit": (f"listings/{pk}/", 200),
        "workspace-certificates": ("certificates/", 200),
        "workspace-responsible-persons": ("responsible-persons/?region=eu", 200),
        "workspace-translation": (f"listings/{pk}/translations/en/", 200),
        "workspace-ai-translation-off": (f"listings/{pk}/ai-translation/", 200),
        "workspace-company": ("company/", 200),
        "workspace-payout": ("payout/", 200),
    }
    return merchant, outsider, listing, pages


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", WORKSPACE_LANGUAGES)
def test_every_workspace_page(browser, live_server, workspace_pages, settings, language, width):
    merchant, outsider, listing, pages = workspace_pages
    # The supplier's own name and its bank's are its data: a city in them ("Shenzhen") is not
    # a pack's warehouse name left in English.
    own = f"{listing.supplier.name} {BANK_NAME}"
    english = [name for name in english_names(language) if name not in own]
    base = f"{live_server.url}/portal/workspace/{language}/"
    context, page = _signed_in(browser, live_server, merchant, width, language)
    problems = {}
    for name, (path, status) in pages.items():
        problems[name] = _visit(page, base + path, f"{name}-{language}-{width}",
                                status=status, language=language, english=english)
        if name == "workspace-home":
            # The listing list: both listings, each with its verdict per market.
            assert page.locator("tr[data-listing]").count() == 2
            assert page.locator(f"tr[data-listing='{listing.pk}'] [data-status]").count() == 5
        if name == "workspace-certificates":
            assert "Shenzhen Audio Works." in page.locator(".ws-reason").inner_text()

    # With an API key: the languages to choose and the estimate, before anything is sent.
    settings.AI_API_KEY = "sk-test-not-sent"
    name = "workspace-ai-translation-estimate"
    problems[name] = _visit(page, f"{base}listings/{listing.pk}/ai-translation/?languages=fr"
                                  "&languages=pl", f"{name}-{language}-{width}",
                            language=language, english=english)
    context.close()

    # Signed in but a member of no supplier: told why, in the language asked for.
    context, page = _signed_in(browser, live_server, outsider, width, language)
    name = "workspace-not-member"
    problems[name] = _visit(page, base, f"{name}-{language}-{width}", status=403,
                            language=language, english=english)
    context.close()

    assert problems == {name: [] for name in problems}


# --- The portal ------------------------------------------------------------------------------

UAE_COMPANY = {
    "legal_name": "Gulf Trading FZE", "country": "AE", "vat_id": "100123456700003",
    "registration_number": "DMCC-123456", "street_address": "Jumeirah Lakes Towers, Tower X2",
    "postal_code": "", "city": "Dubai", "country_area": "",
}
EU_COMPANY = {
    "legal_name": "Stahlwerk Becker GmbH", "country": "DE", "vat_id": "DE136695976",
    "registration_number": "HRB 12345", "street_address": "Industriestraße 12",
    "postal_code": "10115", "city": "Berlin", "country_area": "",
}


@pytest.fixture
def portal_applicants(packs, supplier):  # noqa: F811
    """For each portal: an applicant with nothing filled in, and one approved (the supplier
    they now belong to is the Chinese one, which does not matter to the page)."""
    call_command("load_region", "ae", verbosity=0)

    def applicants(region: str, language: str):
        draft = make_applicant(region, email=f"draft-{language}@example.com", language=language)
        approved = make_applicant(region, email=f"approved-{language}@example.com",
                                  language=language)
        company = UAE_COMPANY if region == "ae" else EU_COMPANY
        approved = portal.save_company(approved, company)
        approved.status, approved.supplier = Status.APPROVED, supplier
        approved.save()
        supplier.members.add(approved.user)
        return draft, approved

    return applicants


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", PORTAL_LANGUAGES)
def test_every_portal_page(browser, live_server, portal_applicants, language, width):
    region = PORTAL_LANGUAGES[language]
    draft, approved = portal_applicants(region, language)
    english = english_names(language)
    base = f"{live_server.url}/portal/{region}/{language}/"
    problems = {}

    context, page = _signed_in(browser, live_server, draft.user, width, language)
    name = "portal-application-form"
    problems[name] = _visit(page, f"{base}company/", f"{name}-{language}-{width}",
                            language=language, english=english)
    # An error state: the form sent empty comes back with every required field marked, with
    # 400 as every refused form page (marketplace/refusals.py).
    with page.expect_navigation() as sent:
        page.locator("main form button[type=submit].button--primary").click()
    page.wait_for_selector(".errorlist")
    assert page.locator("[data-field=legal_name] .errorlist").count() == 1
    name = "portal-application-error"
    problems[name] = _problems(page, sent.value, status=400, language=language,
                               english=english)
    screenshot(page, f"{name}-{language}-{width}")
    context.close()

    context, page = _signed_in(browser, live_server, approved.user, width, language)
    name = "portal-approved"
    problems[name] = _visit(page, base, f"{name}-{language}-{width}", language=language,
                            english=english)
    assert page.locator("[data-status=approved]").count() == 1
    # The next step: into the workspace, in the applicant's language where it has one.
    assert page.locator("a[href^='/portal/workspace/']").count() >= 1
    context.close()

    assert problems == {name: [] for name in problems}


# --- The preview in Arabic and German --------------------------------------------------------

@pytest.fixture
def sellable_listing(packs, rates, supplier):  # noqa: F811
    """The preview layout test's listing: sellable everywhere, with German and Arabic text."""
    call_command("load_region", "ae", verbosity=0)
    for kind in CertificateType.objects.all():
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")
    merchant = get_user_model().objects.create_user("merchant", password="pw-merchant")
    supplier.members.add(merchant)
    listing = make_listing(supplier, category="kitchenware", radio=False,
                           contains_battery=False)
    listing.attributes.create(name="材质", value="304 不锈钢", position=0)
    translate(listing, "de", "CNC-Graviermaschine 6090 mit Vakuumtisch")
    translate(listing, "ar", "آلة نقش CNC طراز 6090")
    return merchant, listing


# The first market of each comparison: the right-to-left one in Arabic, Germany in German,
# the merchant's own country in French and Polish.
PREVIEW_FIRST = {"ar": "AE-consumer", "de": "DE-consumer", "fr": "FR-business",
                 "pl": "PL-consumer"}
# A label of the market panel, in the language (it stayed English in German before).
LANGUAGE_SHOWN = {"ar": "اللغة المعروضة", "de": "Angezeigte Sprache", "fr": "Langue affichée",
                  "pl": "Wyświetlany język"}


def _compare(page, live_server, listing, language: str, count: int, width: int) -> list[str]:
    """Open the preview of `count` markets, the language's own first; what is wrong with it."""
    # The supplier's name is its data, not a pack's name (see test_every_workspace_page).
    english = [name for name in english_names(language) if name not in listing.supplier.name]
    first = PREVIEW_FIRST[language]
    markets = [first, *(key for key in EIGHT if key != first)]
    response = page.goto(live_server.url + preview_url(listing, *markets[:count]))
    page.wait_for_selector(".market")
    problems = _problems(page, response, status=200, language=language, english=english)
    problems += [f"split word: {word}" for word in page.evaluate(BROKEN_WORDS)]
    problems += [f"overlap: {parts}" for parts in page.evaluate(OVERLAPS)]
    assert page.locator(".market").count() == count
    if language == "ar":
        assert page.locator(".market[data-market=AE-consumer]").get_attribute("dir") == "rtl"
    # The language menu names the language the page is in, not the first one it lists.
    assert page.locator("#ui-language").input_value() == language
    assert page.locator(".market__language .label").first.inner_text() == (
        LANGUAGE_SHOWN[language])
    screenshot(page, f"preview-{count}-markets-{language}-{width}")
    return problems


def _preview_in(browser, live_server, merchant, language: str, width: int):
    context, page = _signed_in(browser, live_server, merchant, width, language)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                          "url": live_server.url}])
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["ar", "de"])
def test_the_preview_for_one_five_and_eight_markets(browser, live_server, sellable_listing,
                                                    language, width):
    merchant, listing = sellable_listing
    context, page = _preview_in(browser, live_server, merchant, language, width)
    problems = {f"preview-{count}-markets": _compare(page, live_server, listing, language,
                                                     count, width)
                for count in (1, 5, 8)}
    context.close()

    assert problems == {name: [] for name in problems}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "pl"])
def test_the_preview_of_five_markets_in_french_and_polish(browser, live_server,
                                                          sellable_listing, language, width):
    """France, Germany, Poland, the UK and the US for a French merchant (Poland first for a
    Polish one): every label, pack name and language name in the merchant's language."""
    merchant, listing = sellable_listing
    context, page = _preview_in(browser, live_server, merchant, language, width)
    problems = _compare(page, live_server, listing, language, 5, width)
    context.close()

    assert problems == []


def test_the_raw_code_pattern_finds_codes_and_leaves_words_alone():
    text = "Status: certificate_missing · Kategorie consumer_electronics · a@b_c.de · Nr. 5_3"
    assert RAW_CODE.findall(text) == ["certificate_missing", "consumer_electronics"]
