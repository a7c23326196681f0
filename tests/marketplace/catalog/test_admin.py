import pytest
from django.urls import reverse

from marketplace.catalog.models import ListingTranslation, TranslationOrigin, TranslationState
from marketplace.catalog.services import write_translation
from tests.marketplace.localization.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(supplier):
    listing = make_listing(supplier)
    write_translation(listing, "de", title="Maschine", description="<p>Text</p>",
                      origin=TranslationOrigin.MACHINE, state=TranslationState.MACHINE,
                      made_from_hash=listing.source_hash, model="gpt-test")
    return listing


def test_translation_is_edited_beside_its_source(admin_client, translated):
    translation = translated.translations.get()
    url = reverse("admin:catalog_listingtranslation_change", args=[translation.pk])

    page = admin_client.get(url).content.decode()
    assert "数控雕刻机 6090" in page and "Maschine" in page

    response = admin_client.post(url, {"title": "CNC-Graviermaschine", "state": "reviewed",
                                       "description": "<p>Geprüft<script>x()</script></p>"})

    assert response.status_code == 302
    translation.refresh_from_db()
    assert (translation.title, translation.description, translation.origin, translation.state) \
        == ("CNC-Graviermaschine", "<p>Geprüft</p>", "human", "reviewed")
    assert translation.reviewed_by.username == "admin"


def test_editing_the_source_in_the_admin_outdates_translations(admin_client, translated):
    url = reverse("admin:catalog_listing_change", args=[translated.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"title": "数控雕刻机 6090 Pro", "supplier": translated.supplier_id,
                 "price_tiers-TOTAL_FORMS": 0, "price_tiers-INITIAL_FORMS": 0,
                 "attributes-TOTAL_FORMS": 0, "attributes-INITIAL_FORMS": 0,
                 "translations-TOTAL_FORMS": 0, "translations-INITIAL_FORMS": 0})
    for flag in ("contains_battery", "radio", "for_children"):
        if not data.get(flag):
            data.pop(flag, None)
    data.pop("voltage", None)
    data.pop("image", None)  # no file: the initial value is an empty FieldFile, not a field value

    response = admin_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "1 translation is now outdated" in response.content.decode()
    assert ListingTranslation.objects.get().state == "outdated"
