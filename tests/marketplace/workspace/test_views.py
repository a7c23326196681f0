"""The workspace's pages as a merchant uses them: listings, certificates, translations, each
saved through the services every door uses, and refused input in the merchant's language with
nothing stored."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from marketplace.catalog.models import (
    Listing,
    ListingAttribute,
    ListingTranslation,
    PriceTier,
    Supplier,
    TranslationState,
)
from marketplace.compliance.models import Certificate, ComplianceReport
from marketplace.portal.emails import send_decision
from marketplace.portal.models import Application, Status
from regions.compliance.models import CertificateType
from regions.core.models import Region
from tests.marketplace.compliance.conftest import pdf_bytes, upload
from tests.marketplace.workspace.conftest import translate
from tests.marketplace.workspace.test_permissions import listing_post

pytestmark = pytest.mark.django_db


def test_the_home_shows_each_markets_verdict_with_the_preview_one_click_away(signed_in,
                                                                              listing):
    html = signed_in.get("/portal/workspace/zh-hans/").content.decode()

    assert '<html lang="zh-hans"' in html
    assert "数控雕刻机 6090" in html
    for market in ("DE-consumer", "GB-consumer", "US-business", "FR-business", "PL-consumer"):
        assert f'data-market="{market}"' in html
        assert (f'data-status="blocked" href="/preview/listings/{listing.pk}/?market={market}"'
                in html)
    assert ">禁止销售<" in html or ">已阻止<" in html or ">不可销售<" in html


def test_a_new_listing_is_saved_with_its_tiers_and_attributes(signed_in, supplier, packs):
    response = signed_in.post("/portal/workspace/en/listings/new/", listing_post())

    listing = Listing.objects.get(title="Wireless speaker S1")
    assert response.status_code == 302
    assert response["Location"] == f"/portal/workspace/en/listings/{listing.pk}/"
    assert listing.supplier == supplier and listing.status == "draft"
    assert listing.source_hash  # written by save_listing
    assert list(listing.price_tiers.values_list("min_quantity", "unit_price")) == [
        (10, Decimal("12.5000"))]
    assert list(listing.attributes.values_list("name", "value", "unit")) == [("Power", "20", "W")]


def test_markup_is_sanitized_as_at_every_door(signed_in, supplier, packs):
    signed_in.post("/portal/workspace/en/listings/new/", listing_post(
        description='<p onclick="x()">Loud.</p><script>alert(1)</script>'))

    assert Listing.objects.get().description == "<p>Loud.</p>"


def test_editing_the_text_outdates_its_translations_and_says_so(signed_in, listing):
    data = listing_post(**{
        "status": "published", "title": "数控雕刻机 6090 Pro", "source_language": "zh-Hans",
        "source_currency": "CNY", "tiers-TOTAL_FORMS": "2", "tiers-INITIAL_FORMS": "2",
        "tiers-0-id": listing.price_tiers.get(min_quantity=1).pk, "tiers-0-min_quantity": "1",
        "tiers-0-unit_price": "9000", "tiers-1-id": listing.price_tiers.get(min_quantity=10).pk,
        "tiers-1-min_quantity": "10", "tiers-1-unit_price": "8800", "tiers-1-DELETE": "on"})

    response = signed_in.post(f"/portal/workspace/de/listings/{listing.pk}/", data,
                              follow=True)

    listing.refresh_from_db()
    assert listing.title == "数控雕刻机 6090 Pro"
    assert list(listing.price_tiers.values_list("min_quantity", "unit_price")) == [
        (1, Decimal("9000.0000"))]
    assert set(listing.translations.values_list("state", flat=True)) == {
        TranslationState.OUTDATED}
    assert "Übersetzungen in 2 Sprachen sind jetzt veraltet" in response.content.decode()


@pytest.mark.parametrize(("language", "field", "value", "message"), [
    ("zh-hans", "hs_code", "85", "HS 编码为 6、8 或 10 位数字，例如 851830。"),
    ("de", "hs_code", "85", "Ein HS-Code hat 6, 8 oder 10 Ziffern, z. B. 851830."),
    ("zh-hans", "lead_time_min_days", "30", "最短生产周期长于最长生产周期。"),
    ("de", "lead_time_min_days", "30", "Die kürzeste Lieferzeit ist länger als die längste."),
    ("zh-hans", "title", "", "该字段是必填项。"),
])
def test_a_refused_listing_says_why_in_the_merchants_language(signed_in, supplier, packs,
                                                              language, field, value, message):
    response = signed_in.post(f"/portal/workspace/{language}/listings/new/",
                              listing_post(**{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Listing.objects.exists()


def test_a_listing_without_prices_is_refused(signed_in, supplier, packs):
    response = signed_in.post("/portal/workspace/zh-hans/listings/new/", listing_post(**{
        "tiers-0-min_quantity": "", "tiers-0-unit_price": ""}))

    assert response.status_code == 400
    assert "请至少填写一个价格档" in response.content.decode()
    assert not Listing.objects.exists() and not PriceTier.objects.exists()
    assert not ListingAttribute.objects.exists()


def test_a_certificate_is_uploaded_pending_and_the_listings_re_checked(signed_in, listing):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    response = signed_in.post("/portal/workspace/en/certificates/", {
        "certificate_type": doc.pk, "number": "DOC-2026-001", "issuer": "TÜV",
        "valid_until": "2030-01-01", "listings": [listing.pk],
        "file": upload("declaration.pdf", pdf_bytes())}, follow=True)

    certificate = Certificate.objects.get()
    assert certificate.status == "pending" and certificate.supplier == listing.supplier
    assert certificate.file_name == "declaration.pdf"
    assert certificate.file_content_type == "application/pdf"
    assert list(certificate.listings.all()) == [listing]
    assert ComplianceReport.objects.filter(listing=listing, region__code="eu",
                                           trigger="workspace").exists()
    html = response.content.decode()
    assert f'data-certificate="{certificate.pk}" data-status="pending"' in html
    assert "Waiting for verification" in html


def test_a_certificate_number_is_stored_normalised(signed_in, listing):
    fcc = CertificateType.objects.get(region__code="us", code="fcc-id")

    signed_in.post("/portal/workspace/en/certificates/", {
        "certificate_type": fcc.pk, "number": " FCC ID: 2abcd-bt100 ",
        "file": upload("grant.pdf", pdf_bytes())})

    assert Certificate.objects.get().number == "2ABCD-BT100"


def test_a_placeholder_number_is_refused_in_chinese(signed_in, listing):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    response = signed_in.post("/portal/workspace/zh-hans/certificates/", {
        "certificate_type": doc.pk, "number": "n/a",
        "file": upload("declaration.pdf", pdf_bytes())})

    assert response.status_code == 400
    assert "不要填写“n/a”之类的占位符" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_document_that_is_not_a_pdf_or_image_is_refused_in_chinese(signed_in, listing):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    response = signed_in.post("/portal/workspace/zh-hans/certificates/", {
        "certificate_type": doc.pk, "number": "DOC-2026-001", "valid_until": "2030-01-01",
        "file": upload("declaration.pdf", b"MZ\x90\x00 not a pdf")})

    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_rejected_certificate_shows_the_reason_escaped(signed_in, listing, supplier):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    Certificate.objects.create(supplier=supplier, certificate_type=doc, number="DOC-1",
                               status="rejected",
                               rejection_reason="<b>Wrong</b> brand on the declaration")

    html = signed_in.get("/portal/workspace/de/certificates/").content.decode()

    assert "Abgelehnt" in html
    assert "&lt;b&gt;Wrong&lt;/b&gt; brand on the declaration" in html
    assert "<b>Wrong</b>" not in html


@pytest.mark.parametrize(("language", "names"), [
    ("de", ["Niederspannungsrichtlinie 2014/35/EU", "Funkanlagenrichtlinie 2014/53/EU"]),
    ("zh-hans", ["低电压指令 2014/35/EU", "无线电设备指令 2014/53/EU"]),
])
def test_the_acts_a_doc_lists_are_offered_in_the_merchants_language(signed_in, listing,
                                                                    language, names):
    html = signed_in.get(f"/portal/workspace/{language}/certificates/").content.decode()

    assert [name in html for name in names] == [True, True]
    assert "Low Voltage Directive 2014/35/EU" not in html


def test_the_certificate_fix_link_preselects_the_type(signed_in, listing):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    html = signed_in.get(f"/portal/workspace/en/certificates/?certificate_type={doc.pk}"
                         ).content.decode()

    assert f'<option value="{doc.pk}" selected>' in html


def test_a_merchant_writes_a_translation_beside_the_source(signed_in, listing, merchant):
    url = f"/portal/workspace/en/listings/{listing.pk}/translations/fr/"
    page = signed_in.get(url).content.decode()
    assert "数控雕刻机 6090" in page and 'lang="fr"' in page

    response = signed_in.post(url, {"title": "Graveuse CNC 6090",
                                    "description": "<p>Graveuse industrielle.</p>",
                                    "source_hash": listing.source_hash})

    assert response.status_code == 302
    french = ListingTranslation.objects.get(listing=listing, language="fr")
    assert (french.title, french.state, french.reviewed_by) == (
        "Graveuse CNC 6090", TranslationState.REVIEWED, merchant)


def test_approving_machine_text_marks_it_reviewed(signed_in, listing, merchant):
    translate(listing, "pl", "Grawerka CNC 6090", state=TranslationState.MACHINE)

    response = signed_in.post(f"/portal/workspace/en/listings/{listing.pk}/translations/pl/",
                              {"approve": "1"})

    assert response.status_code == 302
    polish = ListingTranslation.objects.get(listing=listing, language="pl")
    assert (polish.title, polish.state, polish.reviewed_by) == (
        "Grawerka CNC 6090", TranslationState.REVIEWED, merchant)


def test_approving_text_made_from_an_older_source_is_refused_with_the_reason(signed_in,
                                                                              listing):
    translate(listing, "pl", "Grawerka CNC 6090", state=TranslationState.MACHINE)
    Listing.objects.filter(pk=listing.pk).update(source_hash="changed-since")

    response = signed_in.post(f"/portal/workspace/de/listings/{listing.pk}/translations/pl/",
                              {"approve": "1"})

    assert response.status_code == 409
    assert "Der Text des Angebots hat sich geändert" in response.content.decode()
    polish = ListingTranslation.objects.get(listing=listing, language="pl")
    assert polish.state == TranslationState.MACHINE and polish.reviewed_by is None


def test_a_language_no_market_offers_is_not_found(signed_in, listing):
    assert signed_in.get(
        f"/portal/workspace/en/listings/{listing.pk}/translations/tlh/").status_code == 404


def test_the_approval_email_and_page_lead_to_the_workspace(client, packs, mailoutbox):
    user = get_user_model().objects.create_user("anna@lniana.example", "anna@lniana.example",
                                                "pw")
    application = Application.objects.create(
        user=user, region=Region.objects.get(code="eu"), language="pl",
        legal_name="Lniana", status=Status.APPROVED, email_confirmed_at=timezone.now())

    send_decision(application, "https://market.example/portal/eu/pl/")

    assert "https://market.example/portal/workspace/pl/" in mail.outbox[0].body
    client.force_login(user)
    html = client.get("/portal/eu/pl/").content.decode()
    assert 'data-link="workspace" href="/portal/workspace/pl/"' in html


def test_a_document_over_the_upload_limit_is_refused(signed_in, listing, settings):
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 1024 * 1024
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    response = signed_in.post("/portal/workspace/de/certificates/", {
        "certificate_type": doc.pk, "number": "DOC-2026-001", "valid_until": "2030-01-01",
        "file": upload("declaration.pdf", pdf_bytes() + b"\0" * 1024 * 1024)})

    assert response.status_code == 400
    assert "Die Datei ist 1,1 MB groß; erlaubt sind höchstens 1 MB." in response.content.decode()
    assert not Certificate.objects.exists()


def test_supplier_text_is_escaped_on_every_page(signed_in, listing):
    Listing.objects.filter(pk=listing.pk).update(title='<script>alert("x")</script>',
                                                 description='<img src=x onerror="y()">')

    for path in ("", f"listings/{listing.pk}/", f"listings/{listing.pk}/translations/de/"):
        html = signed_in.get(f"/portal/workspace/en/{path}").content.decode()
        assert '<script>alert("x")' not in html, path
        assert "onerror" not in html or "&lt;img" in html, path


def test_a_member_of_two_suppliers_chooses_only_among_them(signed_in, merchant, supplier,
                                                           other_supplier, packs):
    second = Supplier.objects.create(name="Shenzhen Audio Export", slug="sz-export",
                                     country="CN")
    second.members.add(merchant)

    refused = signed_in.post("/portal/workspace/en/listings/new/",
                             {**listing_post(), "supplier": other_supplier.pk})
    saved = signed_in.post("/portal/workspace/en/listings/new/",
                           {**listing_post(), "supplier": second.pk})

    assert refused.status_code == 400
    assert saved.status_code == 302
    assert list(Listing.objects.values_list("supplier__slug", flat=True)) == ["sz-export"]
