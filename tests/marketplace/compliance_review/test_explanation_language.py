"""The AI review explains in the merchant's language, and says so when an explanation (or a
finding's sentence) is not in the reader's language, instead of switching to English silently."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from marketplace.compliance_review.models import ClaimFinding
from marketplace.compliance_review.prompts import SYSTEM_PROMPT
from marketplace.compliance_review.services import explanation_language, run_review
from regions.compliance import messages
from tests.marketplace.compliance_review.review_fixtures import (
    finding,
    make_listing,
    push_findings,
    sent_payload,
)

pytestmark = pytest.mark.django_db

CE = "CE certified"


@pytest.mark.parametrize(("source_language", "merchant"), [
    ("zh", "zh-hans"), ("pl", "pl"), ("en", "en")])
def test_the_merchants_language_is_the_ui_language_closest_to_its_listings(
        supplier, packs, source_language, merchant):
    listing = make_listing(supplier, source_language=source_language)

    assert explanation_language(listing) == merchant


def test_the_model_is_asked_to_explain_in_the_merchants_language_and_it_is_stored(
        fake_openai, make_client, supplier, packs):
    speaker = make_listing(supplier, source_language="zh")
    push_findings(fake_openai, [finding("unbacked_certification_claim", CE,
                                        explanation="没有CE证书。", language="zh")])

    review = run_review(speaker, packs["eu"], client=make_client())

    assert sent_payload(fake_openai)["explanation_language"] == {
        "code": "zh-hans", "name": "Simplified Chinese"}
    assert '"explanation_language"' in SYSTEM_PROMPT and "in English" not in SYSTEM_PROMPT
    assert list(ClaimFinding.objects.filter(review=review).values_list(
        "explanation", "explanation_language")) == [("没有CE证书。", "zh-hans")]


def test_a_stored_preference_beats_the_listings_language(
        fake_openai, make_client, supplier, packs):
    # A Chinese factory writing its listings in English, reading Chinese.
    supplier.language = "zh-hans"
    supplier.save()
    speaker = make_listing(supplier, source_language="en")
    push_findings(fake_openai, [finding("unbacked_certification_claim", CE,
                                        explanation="没有CE证书。", language="en")])

    review = run_review(speaker, packs["eu"], client=make_client())

    assert explanation_language(speaker) == "zh-hans"
    assert sent_payload(fake_openai)["explanation_language"] == {
        "code": "zh-hans", "name": "Simplified Chinese"}
    assert list(ClaimFinding.objects.filter(review=review).values_list(
        "explanation_language", flat=True)) == ["zh-hans"]


def ai_params(**extra) -> dict:
    return {"kind": "Unbacked certification claim", "evidence": CE, "status": "open",
            "explanation": "No CE certificate is on record.", **extra}


@pytest.mark.parametrize(("reader", "params", "note"), [
    ("pl", ai_params(explanation_language="en"), " (wyjaśnienie w języku: angielski)"),
    ("de", ai_params(), " (Erläuterung auf Englisch)"),  # before the language was asked
    ("zh-hans", ai_params(explanation_language="pl"), " （说明为波兰语）"),
    ("en", ai_params(explanation_language="en"), ""),
    ("pl", ai_params(explanation_language="pl"), ""),
])
def test_an_explanation_not_in_the_readers_language_says_which_it_is(reader, params, note):
    with translation.override(reader):
        text = messages.render("ai.unbacked_certification_claim", params)

    assert text.endswith(f"No CE certificate is on record.{note}")


def test_a_finding_sentence_without_a_translation_says_it_is_in_english(monkeypatch):
    monkeypatch.setitem(messages.TEMPLATES, "certificate_missing",
                        gettext_lazy("Nobody translated this sentence about %(type)s."))

    with translation.override("de"):
        german = messages.render("certificate_missing", {"type": "X"})
    with translation.override("en"):
        english = messages.render("certificate_missing", {"type": "X"})

    assert german == "Nobody translated this sentence about X. (auf Englisch)"
    assert english == "Nobody translated this sentence about X."


def test_a_translated_finding_sentence_has_no_note():
    with translation.override("zh-hans"):
        text = messages.render("certificate_missing", {"type": "RoHS"})

    assert "（英文）" not in text and "none is on record" not in text
