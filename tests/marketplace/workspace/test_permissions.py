"""Who may use the workspace, and what a member of one supplier can do with another's ids:
nothing, and learn nothing (404, the database as it was)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from marketplace.catalog.models import Listing, ListingTranslation, PriceTier
from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType
from tests.marketplace.compliance.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db



def listing_post(**overrides) -> dict:
    values = {
        "status": "draft", "title": "Wireless speaker S1", "description": "<p>Loud.</p>",
        "source_language": "en", "source_currency": "USD", "category": "consumer_electronics",
        "hs_code": "851822", "moq": "10", "lead_time_min_days": "5", "lead_time_max_days": "9",
        "tiers-TOTAL_FORMS": "1", "tiers-INITIAL_FORMS": "0", "tiers-MIN_NUM_FORMS": "0",
        "tiers-MAX_NUM_FORMS": "20", "tiers-0-min_quantity": "10", "tiers-0-unit_price": "12.50",
        "attributes-TOTAL_FORMS": "1", "attributes-INITIAL_FORMS": "0",
        "attributes-MIN_NUM_FORMS": "0", "attributes-MAX_NUM_FORMS": "50",
        "attributes-0-name": "Power", "attributes-0-value": "20", "attributes-0-unit": "W",
    }
    return {**values, **overrides}


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/portal/workspace/en/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fportal%2Fworkspace%2Fen%2F"


def test_an_account_without_a_supplier_is_told_why(client, db):
    staff = get_user_model().objects.create_user("ops", password="pw", is_staff=True)
    client.force_login(staff)

    response = client.get("/portal/workspace/de/")

    assert response.status_code == 403
    assert "Dieses Konto gehört zu keinem Lieferanten" in response.content.decode()


def test_a_language_the_workspace_lacks_goes_to_the_closest(signed_in):
    assert signed_in.get("/portal/workspace/en-gb/")["Location"] == "/portal/workspace/en/"
    assert signed_in.get("/portal/workspace/zh-CN/")["Location"] == "/portal/workspace/zh-hans/"
    assert signed_in.get("/portal/workspace/xx/")["Location"] == "/portal/workspace/en/"


def test_the_home_lists_only_the_members_own_listings(signed_in, listing, other_listing):
    html = signed_in.get("/portal/workspace/en/").content.decode()

    assert f'data-listing="{listing.pk}"' in html
    assert f'data-listing="{other_listing.pk}"' not in html
    assert "台灯 LED-7" not in html


def test_another_suppliers_listing_is_not_found_and_stays_as_it_was(signed_in, other_listing):
    url = f"/portal/workspace/en/listings/{other_listing.pk}/"
    before = Listing.objects.filter(pk=other_listing.pk).values().get()

    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url, listing_post(title="Hijacked")).status_code == 404
    assert Listing.objects.filter(pk=other_listing.pk).values().get() == before
    assert list(PriceTier.objects.filter(listing=other_listing).values_list(
        "min_quantity", "unit_price")) == [(1, Decimal("9600.0000")),
                                           (10, Decimal("8800.0000"))]


def test_another_suppliers_translation_is_not_found(signed_in, other_listing):
    url = f"/portal/workspace/en/listings/{other_listing.pk}/translations/de/"

    assert signed_in.get(url).status_code == 404
    response = signed_in.post(url, {"title": "X", "description": "<p>X</p>",
                                    "source_hash": other_listing.source_hash})
    assert response.status_code == 404
    assert not ListingTranslation.objects.filter(listing=other_listing).exists()


def test_a_certificate_cannot_cover_another_suppliers_listing(signed_in, listing, other_listing):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    response = signed_in.post("/portal/workspace/en/certificates/", {
        "certificate_type": doc.pk, "number": "DOC-2026-001",
        "valid_until": datetime.date(2030, 1, 1).isoformat(),
        "listings": [other_listing.pk],
        "file": upload("doc.pdf", pdf_bytes())})

    assert response.status_code == 400
    assert not Certificate.objects.exists()


def test_other_suppliers_certificates_are_not_shown(signed_in, listing, other_supplier):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    theirs = Certificate.objects.create(supplier=other_supplier, certificate_type=doc,
                                        number="THEIRS-42", status="rejected",
                                        rejection_reason="Their secret reason")

    html = signed_in.get("/portal/workspace/en/certificates/").content.decode()

    assert f'data-certificate="{theirs.pk}"' not in html
    assert "THEIRS-42" not in html and "Their secret reason" not in html


def test_forms_refuse_a_post_without_the_csrf_token(merchant, listing):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(merchant)

    response = client.post("/portal/workspace/en/listings/new/", listing_post())

    assert response.status_code == 403
    assert Listing.objects.count() == 1


def test_the_workspace_root_opens_in_the_visitors_language(signed_in):
    signed_in.cookies["django_language"] = "zh-hans"

    assert signed_in.get("/portal/workspace/")["Location"] == "/portal/workspace/zh-hans/"


def test_a_merchant_opening_the_portal_is_sent_to_the_workspace(signed_in, packs):
    response = signed_in.get("/portal/eu/de/")

    assert response.status_code == 302
    assert response["Location"] == "/portal/workspace/de/"


@pytest.mark.parametrize("path", ["company/", "listings/1/ai-translation/"])
def test_an_account_without_a_supplier_gets_the_reason_on_the_new_pages(client, db, path):
    staff = get_user_model().objects.create_user("ops", password="pw", is_staff=True)
    client.force_login(staff)

    response = client.post(f"/portal/workspace/de/{path}", {"languages": ["fr"]})

    assert response.status_code == 403
    assert "Dieses Konto gehört zu keinem Lieferanten" in response.content.decode()


def test_another_suppliers_company_details_stay_as_they_were(signed_in, other_supplier):
    before = type(other_supplier).objects.filter(pk=other_supplier.pk).values().get()

    response = signed_in.post(f"/portal/workspace/en/company/{other_supplier.pk}/", {
        "street_address": "Hijacked 1", "postal_code": "315000", "city": "Ningbo",
        "country_area": "", "vat_id": "", "registration_number": "", "phone": "",
        "registrations-TOTAL_FORMS": "0", "registrations-INITIAL_FORMS": "0"})

    assert response.status_code == 404
    assert type(other_supplier).objects.filter(pk=other_supplier.pk).values().get() == before
