"""The issue's "Done when", walked as the merchant would: a Chinese merchant (a member of a
supplier, not staff, reading the site in zh-Hans) takes a listing blocked in Germany towards
sellable through the workspace and the preview only.

Every URL after the first page comes from the page before (its links and its forms'
actions), parsed from the HTML: nothing here knows the workspace's or the preview's routes.
The preview's German column is read after each step, and its verdict moves: the missing
Declaration of Conformity becomes one waiting for verification, naming the responsible
person lifts that blocker, approving the German machine text ends the Chinese fallback.

The declaration is the manufacturer's own (the eu pack marks eu-doc-ce
`sells_while_pending`): it counts while the region's ops check the upload, as a warning, and a
rejection would block again (tests/marketplace/compliance/test_law_cases.py,
"eu-de-lamp-doc-pending"). So after the merchant's three steps a German buyer sees the listing
sellable through the public listings API and opens the checkout from the preview's link, with
nobody's help; when an EU operator then verifies the declaration, the last warning goes.
the checkout from the preview's link."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from marketplace.catalog.models import ListingTranslation, TranslationState
from marketplace.compliance.models import Certificate, ResponsiblePerson
from regions.compliance.models import CertificateType
from regions.core.models import Region
from tests.marketplace.compliance.conftest import pdf_bytes, upload
from tests.marketplace.localization.conftest import translate
from tests.region_fixtures import eu_ops  # noqa: F401

pytestmark = pytest.mark.django_db

GERMAN_MARKET = "DE-consumer"
MACHINE_GERMAN = "CNC-Graviermaschine 6090"
PENDING_FIX = "查看核验状态"  # a pending certificate's fix: "See its verification status"


# --- Reading pages as a browser would -------------------------------------------------------

@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # name -> [(value, label)] of selects, checkboxes and radios: what a person chooses from.
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)

    def data(self, **chosen) -> dict:
        """The form as submitted: the fields' current values, `chosen` replacing them (a
        list for several values of one name)."""
        data: dict[str, list] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, value in chosen.items():
            data[name] = value if isinstance(value, list) else [value]
        return {name: values if len(values) > 1 else values[0]
                for name, values in data.items()}

    def value_labelled(self, name: str, text: str) -> str:
        [value] = [value for value, label in self.choices[name] if label == text]
        return value


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._textarea: str | None = None
        self._label_for: str | None = None
        self._ids: dict[str, tuple[str, str]] = {}  # input id -> (name, value)
        self._labels: dict[str, str] = {}  # input id -> its label text
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input":
            kind, name = a.get("type", "text"), a.get("name")
            if not name or kind == "file":
                return
            if kind == "submit":
                form.buttons.append(name)
            elif kind in ("checkbox", "radio"):
                form.choices.setdefault(name, []).append((a.get("value", "on"), a.get("id", "")))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            else:
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and a.get("name"):
            form.buttons.append(a["name"])
        elif tag == "select":
            self._select = a.get("name")
            form.choices.setdefault(self._select, [])
        elif tag == "option" and self._select:
            self._option = (a.get("value", ""), "selected" in a)
            self._text = []
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._text = []
        elif tag == "label":
            self._label_for = a.get("for")
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.forms:
            return
        form = self.forms[-1]
        text = "".join(self._text).strip()
        if tag == "option" and self._option is not None:
            value, selected = self._option
            form.choices[self._select].append((value, text))
            if selected:
                form.fields.append((self._select, value))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            form.fields.append((self._textarea, "".join(self._text).strip("\n")))
            self._textarea = None
        elif tag == "label" and self._label_for:
            self._labels[self._label_for] = text
            self._label_for = None

    def close(self) -> None:
        super().close()
        # Checkboxes and radios: their labels (Django renders <label for=id>).
        for form in self.forms:
            for name, options in form.choices.items():
                form.choices[name] = [(value, self._labels.get(key, key)) if key.startswith(
                    "id_") else (value, key) for value, key in options]


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_form(client, page_url: str, form: Form, files: dict | None = None, **chosen):
    """Submit `form` of the page at `page_url` as its button would, following redirects."""
    target = urljoin(page_url, unescape(form.action)) if form.action else page_url
    return client.post(target, {**form.data(**chosen), **(files or {})}, follow=True)


def links(html: str, pattern: str) -> list[str]:
    return [unescape(href) for href in re.findall(pattern, html)]


@dataclass(frozen=True)
class Verdict:
    status: str
    fixes: list[tuple[str, str, str]]  # (severity, action, url)
    checkout_url: str


def german_column(html: str) -> Verdict:
    """The preview's German consumer column: its badge, its findings' fix links and the
    checkout button (when a German buyer could order)."""
    article = re.search(rf'<article class="market market--(\w+)"[^>]*data-market="'
                        rf'{GERMAN_MARKET}"[^>]*>(.*?)</article>', html, re.S)
    assert article is not None, "the preview has no German column"
    fixes = re.findall(r'<li class="finding finding--(\w+)"[^>]*>.*?<a class="finding__fix" '
                       r'href="([^"]+)">([^<]+?)\s*<span', article.group(2), re.S)
    checkout = links(article.group(2), r'<p class="market__checkout"><a class="button" '
                                       r'href="([^"]+)"')
    return Verdict(article.group(1),
                   [(severity, action.strip(), unescape(url)) for severity, url, action in fixes],
                   checkout[0] if checkout else "")


def fix_link(verdict: Verdict, action: str) -> str:
    [url] = [url for _severity, shown, url in verdict.fixes if shown == action]
    return url


# --- The merchant's starting point ------------------------------------------------------------

@pytest.fixture
def blocked_in_germany(listing, supplier):
    """The localization tests' radio + battery listing (Chinese source, CNY prices), its
    supplier holding a verified certificate of every type but the EU Declaration of
    Conformity, with no responsible person in the EU, and a German machine translation
    waiting for review (hidden from buyers)."""
    for kind in CertificateType.objects.exclude(region__code="eu", code="eu-doc-ce").exclude(
            region__code="eu", code="gpsr-eu-rp"):
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or f"{kind.code}-001",
                                   status="verified")
    ListingTranslation.objects.filter(listing=listing, language="de").delete()
    translate(listing, "de", MACHINE_GERMAN, state=TranslationState.NEEDS_REVIEW)
    return listing


def test_a_chinese_merchant_takes_a_listing_blocked_in_germany_to_sellable(
        client, merchant, blocked_in_germany, eu_ops):  # noqa: F811
    listing = blocked_in_germany
    client.force_login(merchant)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-Hans"

    # The first page: the workspace, which opens in the merchant's language.
    home = client.get("/portal/workspace/", follow=True)
    home_html = home.content.decode()
    assert home.status_code == 200
    assert '<html lang="zh-hans"' in home_html
    [preview_url] = links(home_html, rf'data-status="blocked" href="([^"]+market='
                                     rf'{GERMAN_MARKET}[^"]*)"')

    # The preview: blocked in Germany, with a way to fix each finding.
    preview = client.get(preview_url).content.decode()
    assert '<html lang="zh-hans"' in preview
    before = german_column(preview)
    assert before.status == "blocked"
    assert before.checkout_url == ""
    assert {(severity, action) for severity, action, _url in before.fixes} == {
        ("blocker", "添加证书"), ("blocker", "指定负责人"), ("warning", "添加译文")}
    for _severity, _action, url in before.fixes:
        assert not url.startswith("/admin/"), url

    # 1. The certificate: the fix link opens the upload form with the type chosen.
    certificates_url = fix_link(before, "添加证书")
    page = client.get(certificates_url)
    assert page.status_code == 200
    [form] = [f for f in forms_in(page.content.decode()) if "number" in dict(f.fields)]
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    assert dict(form.fields)["certificate_type"] == str(doc.pk)
    named_acts = [value for value, _label in form.choices["acts"]
                  if value in ("emc", "red", "rohs", "batteries", "red-cyber")]
    response = post_form(client, certificates_url, form,
                         files={"file": upload("DoC-6090.pdf", pdf_bytes())},
                         number="DOC-6090-2026", issuer="Shenzhen Audio Works",
                         acts=named_acts, listings=[str(listing.pk)])
    assert response.status_code == 200
    assert response.redirect_chain, response.content.decode()[:3000]
    certificate = Certificate.objects.get(certificate_type=doc)
    assert certificate.status == "pending"

    after_certificate = german_column(client.get(preview_url).content.decode())
    # The missing declaration is now one waiting for verification: a warning, since the
    # manufacturer declares it; the missing responsible person still blocks.
    assert after_certificate.status == "blocked"
    assert {(severity, action) for severity, action, _url in after_certificate.fixes} == {
        ("warning", PENDING_FIX), ("blocker", "指定负责人"), ("warning", "添加译文")}

    # Its fix link shows where the declaration stands: on record, waiting for verification.
    status_page = client.get(fix_link(after_certificate, PENDING_FIX)).content.decode()
    assert f'data-certificate="{certificate.pk}" data-status="pending"' in status_page
    assert "待核验" in status_page

    # 2. The responsible person in the EU: the fix link opens the form for the region.
    people_url = fix_link(after_certificate, "指定负责人")
    page = client.get(people_url)
    assert page.status_code == 200
    [form] = [f for f in forms_in(page.content.decode()) if "street_address" in dict(f.fields)]
    assert dict(form.fields)["region"] == str(Region.objects.get(code="eu").pk)
    response = post_form(
        client, people_url, form, name="EU Compliance Partner GmbH",
        role=next(value for value, _label in form.choices["role"] if value),
        street_address="Hafenstraße 1", postal_code="47119", city="Duisburg",
        country=form.value_labelled("country", "德国"), email="rp@compliance.example")
    assert response.redirect_chain, response.content.decode()[:3000]
    assert ResponsiblePerson.objects.get(supplier=listing.supplier).region.code == "eu"

    after_person = german_column(client.get(preview_url).content.decode())
    assert after_person.status == "warnings"
    assert {(severity, action) for severity, action, _url in after_person.fixes} == {
        ("warning", PENDING_FIX), ("warning", "添加译文")}

    # 3. The German translation: the fix link opens it beside the source; approve it as is.
    translation_url = fix_link(after_person, "添加译文")
    page = client.get(translation_url)
    page_html = page.content.decode()
    assert page.status_code == 200
    assert MACHINE_GERMAN in page_html and listing.title in page_html
    [form] = [f for f in forms_in(page_html) if "approve" in f.buttons]
    response = post_form(client, translation_url, form, approve="")
    assert response.redirect_chain, response.content.decode()[:3000]
    german = ListingTranslation.objects.get(listing=listing, language="de")
    assert (german.state, german.reviewed_by) == (TranslationState.REVIEWED, merchant)

    # The merchant alone took it to sellable: only the check of their upload is left.
    merchant_done = german_column(client.get(preview_url).content.decode())
    assert merchant_done.status == "warnings"
    assert [(severity, action) for severity, action, _url in merchant_done.fixes] == [
        ("warning", PENDING_FIX)]
    assert merchant_done.checkout_url
    # A German buyer: the public listings API sells it, in German...
    assert german_buyer_sees(listing) == (True, MACHINE_GERMAN)
    # ...and the checkout the preview links to opens for them.
    checkout = client.get(merchant_done.checkout_url)
    assert checkout.status_code == 200
    assert MACHINE_GERMAN in checkout.content.decode()

    # The region's ops verify the declaration: the last warning goes.
    ops = Client()
    ops.force_login(eu_ops)
    verified = ops.post(reverse("admin:supplier_compliance_certificate_changelist"), {
        "action": "verify_selected", "_selected_action": [certificate.pk], "confirmed": "yes"})
    assert verified.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "verified"
    final = german_column(client.get(preview_url).content.decode())
    assert (final.status, final.fixes) == ("sellable", [])


def german_buyer_sees(listing) -> tuple[bool, str]:
    """(sellable, title) of the listing in the public listings API, as a German consumer."""
    api = APIClient().get("/api/v1/listings/", {"region": "eu", "country": "DE",
                                                 "lang": "de", "buyer": "consumer"})
    assert api.status_code == 200
    [item] = [item for item in api.json()["results"] if item["id"] == listing.pk]
    return item["sellable"], item["title"]
