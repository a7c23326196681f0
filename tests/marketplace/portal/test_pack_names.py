"""The Polish portal and its e-mails show the eu pack's names (the region, certificate types)
in Polish: none of their English names appears where the pack translates it."""

import pytest
from django.core import mail

from marketplace.portal import services
from tests.marketplace.portal.conftest import fill, make_applicant, sign_in
from tests.regions.packs.pack_names import english_names, english_shown

PAGES = ["", "company/", "contact/", "offer/", "documents/", "warehouses/", "review/"]


@pytest.fixture
def english(packs):
    names = english_names("pl")
    assert {"European Union", "GPSR EU responsible person"} <= set(names)
    return names


def test_no_page_of_the_polish_portal_shows_an_english_pack_name(client, english):
    application = fill(make_applicant())
    sign_in(client, application)
    pages = {step: client.get(f"/portal/eu/pl/{step}").content.decode() for step in PAGES}
    services.submit(application)
    pages["submitted"] = client.get("/portal/eu/pl/").content.decode()
    client.logout()
    pages["landing"] = client.get("/portal/eu/pl/").content.decode()

    assert {page: english_shown(html, english) for page, html in pages.items()} == {
        page: [] for page in pages}
    assert "Unia Europejska" in pages["landing"]
    # the uploaded document in the list and on the review page; the type in the form's choices
    assert pages["documents/"].count("Osoba odpowiedzialna w UE (GPSR)") == 2
    assert "Osoba odpowiedzialna w UE (GPSR): GPSR-2026-001" in pages["review/"]


def test_the_polish_e_mails_name_the_region_in_polish(packs, eu_ops,
                                                     django_capture_on_commit_callbacks):
    application = services.submit(fill(make_applicant()))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, by=eu_ops,
                         portal_url="http://testserver/portal/eu/pl/")

    [approved] = mail.outbox
    assert "w regionie Unia Europejska" in approved.body
    assert "European Union" not in approved.body
