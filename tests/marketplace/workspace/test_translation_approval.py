"""Approving a machine translation whose source changed meanwhile (issue 13, Bad input): the
merchant edits the listing's text in the workspace, then tries to approve the machine text
made from the old one. Refused with the reason (409), and the translation stays as it was."""

from marketplace.catalog.models import ListingTranslation, TranslationState
from tests.marketplace.localization.conftest import translate
from tests.marketplace.workspace.test_permissions import listing_post


def test_approving_machine_text_after_the_merchant_changed_the_source_is_refused(
        signed_in, listing):
    translate(listing, "pl", "Grawerka CNC 6090", state=TranslationState.MACHINE)
    edit = signed_in.post(f"/portal/workspace/en/listings/{listing.pk}/", listing_post(
        title="数控雕刻机 6090 Pro", source_language="zh-Hans", source_currency="CNY",
        **{"tiers-0-min_quantity": "100"}))
    assert edit.status_code == 302
    url = f"/portal/workspace/pl/listings/{listing.pk}/translations/pl/"
    page = signed_in.get(url).content.decode()
    assert 'name="approve"' not in page  # no button for a text made from the old source

    response = signed_in.post(url, {"approve": "1"})

    assert response.status_code == 409
    assert [str(m) for m in response.context["messages"]] == [
        "Tekst oferty zmienił się od czasu powstania tego tłumaczenia. Nic nie zapisano: "
        "przetłumacz poniżej aktualny tekst."]
    polish = ListingTranslation.objects.get(listing=listing, language="pl")
    assert (polish.title, polish.state, polish.reviewed_by) == (
        "Grawerka CNC 6090", TranslationState.OUTDATED, None)
