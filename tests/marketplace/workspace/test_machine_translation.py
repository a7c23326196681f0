"""Requesting an AI translation of one's own listing: the languages it lacks, the estimate
shown before anything is sent, and the job queued as the API queues it. Without an API key
the page says machine translation is off and offers no button."""

import pytest
from django.test import Client

from marketplace.catalog.models import Listing, TranslationState
from marketplace.translation.models import TranslationJob
from tests.marketplace.localization.conftest import translate


@pytest.fixture
def ai_on(settings):
    settings.AI_API_KEY = "sk-test-not-used"  # the estimate sends nothing
    settings.AI_MODEL = "test-model"
    settings.AI_PRICE_INPUT_PER_1K = "0.15"
    settings.AI_PRICE_OUTPUT_PER_1K = "0.60"
    return settings


@pytest.fixture
def ai_off(settings):
    settings.AI_API_KEY = ""
    return settings


def page_url(listing, lang: str = "en") -> str:
    return f"/portal/workspace/{lang}/listings/{listing.pk}/ai-translation/"


def offered(response) -> list[str]:
    return [tag for tag, _label in response.context["form"].fields["languages"].choices]


def test_without_an_api_key_the_page_says_so_and_offers_no_button(signed_in, listing, ai_off):
    page = signed_in.get(page_url(listing, "de")).content.decode()

    assert 'id="ai-off"' in page
    assert "Maschinelle Übersetzung ist auf diesem Marktplatz ausgeschaltet" in page
    assert "<button" not in page.split('id="ai-translation"')[1]


def test_without_an_api_key_a_request_is_refused_and_nothing_is_queued(signed_in, listing,
                                                                       ai_off):
    response = signed_in.post(page_url(listing), {"languages": ["fr"]})

    assert response.status_code == 409
    assert not TranslationJob.objects.exists()


def test_the_languages_offered_are_those_the_listing_lacks(signed_in, listing, ai_on):
    translate(listing, "fr", "Graveuse CNC 6090", state=TranslationState.MACHINE)
    translate(listing, "pl", "Grawerka CNC 6090")
    Listing.objects.filter(pk=listing.pk).update(source_hash="changed-since")
    listing.refresh_from_db()
    translate(listing, "it", "Incisore CNC 6090")

    tags = offered(signed_in.get(page_url(listing)))

    # de, fr and pl were made from the old text; it is current; zh-Hans is the source.
    assert {"de", "fr", "pl"} <= set(tags)
    assert "it" not in tags and "zh-Hans" not in tags


def test_a_regional_variant_read_in_its_languages_text_is_not_asked_for(signed_in, listing,
                                                                        ai_on):
    translate(listing, "en", "CNC engraver 6090", state=TranslationState.MACHINE)

    tags = offered(signed_in.get(page_url(listing)))
    edit = signed_in.get(f"/portal/workspace/de/listings/{listing.pk}/")

    # UK and US buyers read the English text (the listings API serves it to en-GB/en-US).
    assert "en-GB" not in tags and "en-US" not in tags and "en" not in tags
    states = {tag: state for tag, _name, state in edit.context["translations"]}
    assert states["en-GB"] == states["en-US"] == "Käufer lesen den Text auf Englisch"
    assert states["fr"] == "Fehlt"


def test_choosing_languages_shows_the_estimate_and_sends_nothing(signed_in, listing, ai_on):
    response = signed_in.get(page_url(listing), {"languages": ["fr", "pl"]})

    assert response.status_code == 200
    estimate = response.context["estimate"]
    assert (estimate.items, estimate.skipped, estimate.texts) == (2, 0, 4)
    assert estimate.cost > 0
    page = response.content.decode()
    assert f'data-fact="cost">{estimate.cost:.4f}<' in page
    assert '<input type="hidden" name="languages" value="fr">' in page
    assert not TranslationJob.objects.exists()


def test_confirming_queues_the_job_through_the_translation_service(
        signed_in, listing, merchant, ai_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = signed_in.post(page_url(listing), {"languages": ["fr", "pl"]})

    assert response.status_code == 302
    assert response["Location"] == f"/portal/workspace/en/listings/{listing.pk}/"
    job = TranslationJob.objects.get()
    assert (job.created_by, job.listing_ids, job.languages, job.items_total) == (
        merchant, [listing.pk], ["fr", "pl"], 2)
    assert len(callbacks) == 1  # the worker is sent the job once it is committed


def test_a_language_the_listing_does_not_lack_is_refused(signed_in, listing, ai_on):
    response = signed_in.post(page_url(listing, "de"), {"languages": ["de"]})

    assert response.status_code == 400
    assert response.context["form"].errors["languages"] == [
        "de ist keine Sprache, die diesem Angebot fehlt."]
    assert not TranslationJob.objects.exists()


def test_no_language_chosen_is_refused(signed_in, listing, ai_on):
    response = signed_in.post(page_url(listing), {})

    assert response.status_code == 400
    assert response.context["form"].errors["languages"] == ["Choose at least one language."]
    assert not TranslationJob.objects.exists()


def test_another_suppliers_listing_is_not_found_and_nothing_is_queued(signed_in,
                                                                      other_listing, ai_on):
    assert signed_in.get(page_url(other_listing)).status_code == 404
    assert signed_in.post(page_url(other_listing), {"languages": ["fr"]}).status_code == 404
    assert not TranslationJob.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(merchant, listing, ai_on):
    client = Client(enforce_csrf_checks=True)
    client.force_login(merchant)

    response = client.post(page_url(listing), {"languages": ["fr"]})

    assert response.status_code == 403
    assert not TranslationJob.objects.exists()


def test_other_methods_are_refused(signed_in, listing, ai_on):
    assert signed_in.put(page_url(listing)).status_code == 405
    assert not TranslationJob.objects.exists()


def test_the_listing_page_links_to_the_request(signed_in, listing):
    page = signed_in.get(f"/portal/workspace/en/listings/{listing.pk}/").content.decode()

    assert f'href="{page_url(listing)}"' in page
