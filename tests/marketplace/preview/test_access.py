"""Only the listing's supplier (and superusers) may preview it; others cannot tell it exists."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.marketplace.preview.conftest import make_listing, preview_url

pytestmark = pytest.mark.django_db


def test_a_member_of_the_supplier_sees_the_preview(client, merchant, listing):
    client.force_login(merchant)

    response = client.get(preview_url(listing, "DE-consumer"))

    assert response.status_code == 200
    assert "CNC-Graviermaschine 6090" in response.content.decode()


def test_a_member_of_another_supplier_gets_404(client, other_merchant, listing):
    client.force_login(other_merchant)

    response = client.get(preview_url(listing, "DE-consumer"))

    assert response.status_code == 404
    assert "CNC" not in response.content.decode()


def test_a_missing_listing_is_the_same_404(client, other_merchant, listing):
    client.force_login(other_merchant)
    assert client.get(f"/preview/listings/{listing.pk + 1000}/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, listing):
    url = preview_url(listing, "DE-consumer")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/login/?next=/preview/listings/{listing.pk}/%3Fmarket%3DDE-consumer")


def test_a_superuser_sees_any_listing(client, listing):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root")
    client.force_login(root)

    assert client.get(preview_url(listing, "DE-consumer")).status_code == 200


def test_a_staff_user_outside_the_supplier_gets_404(client, listing):
    staff = get_user_model().objects.create_user("ops", password="pw", is_staff=True)
    client.force_login(staff)

    assert client.get(preview_url(listing, "DE-consumer")).status_code == 404


def test_the_index_lists_only_the_merchants_own_listings(client, merchant, other_merchant,
                                                         listing):
    from marketplace.catalog.models import Supplier

    theirs = make_listing(Supplier.objects.get(slug="nb-lamps"), title="Someone else's lamp")
    client.force_login(merchant)

    page = client.get("/preview/").content.decode()

    assert f'href="/preview/listings/{listing.pk}/"' in page
    assert "Someone else" not in page and f"/preview/listings/{theirs.pk}/" not in page


def test_the_index_needs_a_login(client, db):
    response = client.get("/preview/")
    assert (response.status_code, response["Location"]) == (
        302, "/accounts/login/?next=/preview/")


def test_the_login_form_leads_to_the_merchants_listings(client, merchant):
    form = client.get("/accounts/login/").content.decode()
    # Without ?next= the form itself says where to go (LOGIN_REDIRECT_URL is not ours to set).
    login_form = form.split('action="/accounts/login/"', 1)[1].split("</form>", 1)[0]
    [next_url] = re.findall(r'name="next" value="([^"]*)"', login_form)

    response = client.post("/accounts/login/", {"username": "merchant",
                                                "password": "pw-merchant", "next": next_url})

    assert (response.status_code, response["Location"]) == (302, "/preview/")


def test_logging_out_leads_back_to_the_login_page(client, merchant):
    client.force_login(merchant)
    page = client.get("/preview/").content.decode()
    assert 'action="/accounts/logout/"' in page

    response = client.post("/accounts/logout/", {"next": "/accounts/login/"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert client.get("/preview/").status_code == 302
