"""run_review against the local OpenAI-compatible server: what is sent, what is kept, what is
dropped, and how each failure ends the review."""

import json
import threading
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.ai.models import Outcome, UsageRecord
from marketplace.catalog.models import ListingTranslation, TranslationOrigin, TranslationState
from marketplace.catalog.services import save_listing, write_translation
from marketplace.compliance.models import Certificate
from marketplace.compliance_review.models import ClaimFinding, ClaimReview, ReviewStatus
from marketplace.compliance_review.services import (
    NOT_CONFIGURED_MESSAGE,
    create_review,
    run_review,
)
from regions.compliance.models import CertificateType, VerificationStatus
from regions.core.models import Region
from tests.marketplace.ai.fake_openai import FAKE_MODEL, Reply, completion
from tests.marketplace.compliance_review.review_fixtures import (
    EACH_KIND,
    GERMAN_DESCRIPTION,
    GERMAN_TITLE,
    finding,
    make_listing,
    push_findings,
    sent_payload,
)

pytestmark = pytest.mark.django_db


def german(listing, state=TranslationState.MACHINE) -> ListingTranslation:
    return write_translation(listing, "de", title=GERMAN_TITLE, description=GERMAN_DESCRIPTION,
                             origin=TranslationOrigin.MACHINE, state=state,
                             made_from_hash=listing.source_hash, model=FAKE_MODEL)


def stored(review: ClaimReview) -> list[tuple[str, str, str, str]]:
    return list(review.findings.order_by("pk").values_list("code", "language", "evidence",
                                                          "status"))


# -- a good reply -----------------------------------------------------------------------------


def test_a_good_reply_stores_one_finding_of_each_kind(fake_openai, make_client, speaker,
                                                      packs):
    push_findings(fake_openai, EACH_KIND)

    review = run_review(speaker, packs["eu"], client=make_client())

    assert (review.status, review.model, review.message) == (
        ReviewStatus.COMPLETED, FAKE_MODEL, "4 finding(s).")
    assert stored(review) == [
        ("ai.unbacked_certification_claim", "en", "CE certified", "open"),
        ("ai.medical_or_safety_claim", "en", "Relieves stress and improves sleep", "open"),
        ("ai.missing_mandatory_warning", "en", "Great gift for kids aged 2+", "open"),
        ("ai.category_mismatch", "en", "Wireless Bluetooth speaker", "open"),
    ]
    assert set(review.findings.values_list("listing", "region")) == {
        (speaker.pk, packs["eu"].pk)}
    # And the review carries what the ledger recorded for it: 120 + 30 tokens at 0.15/0.60
    assert (review.requests, review.prompt_tokens, review.completion_tokens) == (1, 120, 30)
    assert str(review.cost) == "0.03600000"
    assert review.usage_records().get().purpose == "compliance_review"


def test_the_request_carries_texts_category_properties_and_certificates(
        fake_openai, make_client, speaker, packs):
    # Given a usable German translation, an outdated French one, a certificate of the EU's
    # CE type covering the listing, a US certificate and one for another listing only
    german(speaker)
    write_translation(speaker, "fr", title="Enceinte", description="<p>Enceinte</p>",
                      origin=TranslationOrigin.MACHINE, state=TranslationState.MACHINE,
                      made_from_hash=speaker.source_hash)
    ListingTranslation.objects.filter(listing=speaker, language="fr").update(
        source_hash="0" * 64)
    ce = CertificateType.objects.get(region=packs["eu"], code="eu-doc-ce")
    Certificate.objects.create(supplier=speaker.supplier, certificate_type=ce,
                               number="DoC-2025-001", status=VerificationStatus.VERIFIED,
                               valid_until=date(2030, 1, 1))
    other = make_listing(speaker.supplier, title="Other speaker")
    rohs = CertificateType.objects.get(region=packs["eu"], code="rohs-test-report")
    Certificate.objects.create(supplier=speaker.supplier, certificate_type=rohs,
                               number="R-1").listings.add(other)
    us_type = CertificateType.objects.filter(region=packs["us"]).first()
    Certificate.objects.create(supplier=speaker.supplier, certificate_type=us_type, number="X")
    push_findings(fake_openai, [])

    review = run_review(speaker, packs["eu"], client=make_client())

    payload = sent_payload(fake_openai)
    assert payload["market"] == {"region": "eu", "name": packs["eu"].name}
    assert payload["category"] == "consumer_electronics"
    assert payload["properties"] == ["contains_battery", "electrical", "packaged"]
    assert [(t["language"], t["origin"]) for t in payload["texts"]] == [
        ("en", "source"), ("de", "translation")]
    # The text is plain: no markup is sent, so none is quoted back
    assert payload["texts"][0]["text"].startswith(
        "Wireless Bluetooth speaker BT100\n\nPortable speaker, CE certified and FDA approved.")
    assert "<" not in payload["texts"][0]["text"]
    assert payload["certificates"] == [{
        "type": "eu-doc-ce", "type_name": ce.name, "number": "DoC-2025-001",
        "status": "verified", "valid_until": "2030-01-01",
        "scope": "all of the supplier's listings"}]
    request = fake_openai.requests[0].body
    assert request["response_format"]["json_schema"]["strict"] is True
    assert (review.status, review.languages, review.source_hash) == (
        "completed", ["en", "de"], speaker.source_hash)
    assert review.message == "0 finding(s)."


def test_evidence_from_a_translation_is_checked_against_that_translation(
        fake_openai, make_client, speaker, packs):
    german(speaker)
    push_findings(fake_openai, [
        finding("unbacked_certification_claim", "CE-zertifiziert", language="de"),
        # In the English text, not in the German one it names
        finding("unbacked_certification_claim", "CE certified", language="de"),
    ])

    review = run_review(speaker, packs["eu"], client=make_client())

    assert stored(review) == [("ai.unbacked_certification_claim", "de", "CE-zertifiziert",
                               "open")]
    assert review.message == "1 finding(s); 1 dropped (evidence not in the listing text: 1)."


# -- findings that do not hold up ------------------------------------------------------------


def test_evidence_not_in_the_listing_is_dropped_and_counted(fake_openai, make_client,
                                                           speaker, packs):
    push_findings(fake_openai, [
        finding("unbacked_certification_claim", "CE certified"),
        finding("unbacked_certification_claim", "UL listed"),  # invented
        finding("medical_or_safety_claim", "cures insomnia"),  # invented
    ])

    review = run_review(speaker, packs["eu"], client=make_client())

    assert [code for code, *_ in stored(review)] == ["ai.unbacked_certification_claim"]
    assert review.dropped == {"evidence not in the listing text": 2}
    assert review.message == "1 finding(s); 2 dropped (evidence not in the listing text: 2)."


def test_quotes_match_across_whitespace_case_entities_and_markup(fake_openai, make_client,
                                                                packs, supplier):
    listing = make_listing(supplier, description="<p>Made of  food&#8209;safe &amp; "
                                                 "<b>BPA-free</b>\n plastic.</p>")
    push_findings(fake_openai, [
        finding("medical_or_safety_claim", "food\u2011safe & bpa-FREE plastic"),
        finding("medical_or_safety_claim", "<b>BPA-free</b>"),  # the stored form, markup kept
    ])

    review = run_review(listing, packs["eu"], client=make_client())

    assert [evidence for _, _, evidence, _ in stored(review)] == [
        "food\u2011safe & bpa-FREE plastic", "<b>BPA-free</b>"]


def test_unknown_kinds_languages_duplicates_and_empty_findings_are_dropped(
        fake_openai, make_client, speaker, packs):
    push_findings(fake_openai, [
        finding("trademark_violation", "BT100"),
        finding("unbacked_certification_claim", "CE certified", language="fr"),  # not sent
        finding("unbacked_certification_claim", "CE certified"),
        finding("unbacked_certification_claim", "ce  CERTIFIED"),  # the same problem again
        finding("medical_or_safety_claim", "", "empty quote"),
        finding("medical_or_safety_claim", "Relieves stress", "<p></p>"),  # nothing left
        finding("category_mismatch", "Wireless " * 80),
    ])

    review = run_review(speaker, packs["eu"], client=make_client())

    assert [evidence for _, _, evidence, _ in stored(review)] == ["CE certified"]
    assert review.dropped == {
        "unknown kind": 1, "language not among the texts sent": 1, "duplicate": 1,
        "empty evidence or explanation": 2, "evidence or explanation too long": 1}


def test_markup_in_a_reply_is_stripped_from_explanations_and_never_stored_live(
        fake_openai, make_client, speaker, packs):
    push_findings(fake_openai, [
        finding("unbacked_certification_claim", "CE certified",
                '<script>alert("x")</script>No <b>CE</b> <img src=x onerror=alert(1)>'
                "declaration on record."),
        # Script in the evidence is not a quote of the listing: dropped
        finding("medical_or_safety_claim", "<script>alert(1)</script>FDA approved"),
    ])

    review = run_review(speaker, packs["eu"], client=make_client())

    [kept] = review.findings.all()
    assert kept.explanation == "No CE declaration on record."
    assert review.dropped == {"evidence not in the listing text": 1}


# -- the review fails as a whole --------------------------------------------------------------


def assert_failed_without_findings(review: ClaimReview, message_start: str) -> None:
    assert review.status == ReviewStatus.FAILED
    assert review.message.startswith(message_start), review.message
    assert ClaimFinding.objects.count() == 0
    assert review.finished_at is not None and review.lease_expires_at is None


def test_malformed_json_fails_the_review(fake_openai, make_client, speaker, packs):
    fake_openai.push_content('{"findings": [{"kind": "unbacked_certification_claim", ')

    review = run_review(speaker, packs["eu"], client=make_client())

    assert_failed_without_findings(
        review, "AI review failed: the model's reply was unusable, nothing was stored. "
                "The reply is not valid JSON")
    assert review.resumable is False
    assert UsageRecord.objects.get().outcome == Outcome.BAD_OUTPUT


def test_a_reply_that_breaks_the_schema_fails_the_review(fake_openai, make_client, speaker,
                                                        packs):
    # One good finding and one without its explanation: the reply as a whole is not the JSON
    # asked for, so not even the good one is kept
    push_findings(fake_openai, [
        EACH_KIND[0], {"kind": "medical_or_safety_claim", "language": "en",
                       "evidence": "FDA approved"}])

    review = run_review(speaker, packs["eu"], client=make_client())

    assert_failed_without_findings(review, "AI review failed: the model's reply was unusable")
    assert "missing required key 'explanation'" in review.message


def test_429_then_success_completes_after_the_clients_retry(fake_openai, make_client,
                                                           sleeps, speaker, packs):
    fake_openai.push_error(429, "Rate limit reached", retry_after="3")
    push_findings(fake_openai, EACH_KIND[:1])

    review = run_review(speaker, packs["eu"], client=make_client())

    assert (review.status, review.requests, sleeps) == ("completed", 2, [3.0])
    assert Counter(review.usage_records().values_list("outcome", flat=True)) == {
        Outcome.TRANSIENT_ERROR: 1, Outcome.OK: 1}
    assert review.findings.count() == 1


def test_429_after_the_retries_fails_the_review_resumable(fake_openai, make_client, speaker,
                                                         packs):
    for _ in range(3):
        fake_openai.push_error(429, "Rate limit reached", retry_after="7")

    review = run_review(speaker, packs["eu"], client=make_client(max_retries=2))

    assert_failed_without_findings(review, "AI review failed after a temporary error")
    assert "HTTP 429" in review.message
    assert (review.resumable, review.retry_after, review.requests) == (True, 7, 3)


def test_500_fails_the_review_and_touches_nothing_else(fake_openai, make_client, speaker,
                                                      packs):
    # Given an earlier completed review with a finding
    push_findings(fake_openai, EACH_KIND[:1])
    first = run_review(speaker, packs["eu"], client=make_client())
    fake_openai.push_error(500, "Internal server error")

    review = run_review(speaker, packs["eu"], client=make_client(max_retries=0))

    assert review.status == ReviewStatus.FAILED
    assert "HTTP 500" in review.message
    assert review.findings.count() == 0
    assert list(ClaimFinding.objects.values_list("review", flat=True)) == [first.pk]
    first.refresh_from_db()
    assert first.status == ReviewStatus.COMPLETED


def test_a_timeout_fails_the_review(fake_openai, make_client, speaker, packs):
    fake_openai.push(Reply(body=completion('{"findings": []}'), delay=1.0))

    review = run_review(speaker, packs["eu"], client=make_client(timeout=0.2, max_retries=0))

    assert_failed_without_findings(review, "AI review failed after a temporary error")
    assert "No reply within 0.2 s" in review.message
    assert review.resumable is True


def test_a_rejected_key_fails_the_review_for_good(fake_openai, make_client, speaker, packs):
    fake_openai.push_error(401, "Incorrect API key", code="invalid_api_key")

    review = run_review(speaker, packs["eu"], client=make_client())

    assert_failed_without_findings(review, "AI review failed: the AI settings need fixing.")
    assert review.resumable is False


def test_without_an_api_key_the_review_is_skipped_and_nothing_is_sent(
        fake_openai, make_client, speaker, packs, settings):
    settings.AI_API_KEY = ""

    review = run_review(speaker, packs["eu"])

    assert (review.status, review.message) == (ReviewStatus.SKIPPED, NOT_CONFIGURED_MESSAGE)
    assert review.message.startswith("AI review is off: no AI_API_KEY configured")
    assert fake_openai.requests == []
    assert UsageRecord.objects.count() == 0


# -- running twice ------------------------------------------------------------------------------


def test_a_finished_review_is_not_run_again(fake_openai, make_client, speaker, packs):
    push_findings(fake_openai, EACH_KIND[:1])
    review = run_review(speaker, packs["eu"], client=make_client())

    again = run_review(speaker, packs["eu"], review=review, client=make_client())

    assert (again.pk, again.status, len(fake_openai.requests)) == (review.pk, "completed", 1)
    assert ClaimFinding.objects.count() == 1


def test_an_outdated_translation_is_not_sent_after_a_source_edit(fake_openai, make_client,
                                                                speaker, packs):
    german(speaker)
    speaker.title = "Wireless speaker BT100"
    save_listing(speaker)
    push_findings(fake_openai, [])

    run_review(speaker, packs["eu"], client=make_client())

    assert [t["language"] for t in sent_payload(fake_openai)["texts"]] == ["en"]


def test_a_translation_waiting_for_review_is_not_sent(fake_openai, make_client, speaker,
                                                      packs):
    german(speaker, state=TranslationState.NEEDS_REVIEW)
    push_findings(fake_openai, [])

    run_review(speaker, packs["eu"], client=make_client())

    assert [t["language"] for t in sent_payload(fake_openai)["texts"]] == ["en"]


def test_expired_certificates_are_sent_with_their_end_date(fake_openai, make_client,
                                                          speaker, packs):
    ce = CertificateType.objects.get(region=packs["eu"], code="eu-doc-ce")
    yesterday = date.today() - timedelta(days=1)
    Certificate.objects.create(supplier=speaker.supplier, certificate_type=ce, number="OLD",
                               valid_until=yesterday).listings.add(speaker)
    push_findings(fake_openai, [])

    run_review(speaker, packs["eu"], client=make_client())

    [sent] = sent_payload(fake_openai)["certificates"]
    assert (sent["number"], sent["status"], sent["valid_until"], sent["scope"]) == (
        "OLD", "pending", yesterday.isoformat(), "this listing")


def test_a_review_held_by_a_live_run_is_left_alone(fake_openai, make_client, speaker, packs):
    review = create_review(speaker, packs["eu"])
    ClaimReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.RUNNING, claimed_by="other-host:1:abc",
        lease_expires_at=timezone.now() + timedelta(seconds=60))

    returned = run_review(speaker, packs["eu"], review=review, client=make_client())

    assert (returned.status, returned.claimed_by) == ("running", "other-host:1:abc")
    assert fake_openai.requests == []


def test_the_review_of_a_dead_worker_is_taken_over_once_its_lease_expired(
        fake_openai, make_client, speaker, packs):
    review = create_review(speaker, packs["eu"])
    ClaimReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.RUNNING, claimed_by="dead-host:1:abc",
        lease_expires_at=timezone.now() - timedelta(seconds=1))
    push_findings(fake_openai, EACH_KIND[:1])

    returned = run_review(speaker, packs["eu"], review=review, client=make_client(),
                          worker="new-host:2:def")

    assert (returned.status, returned.claimed_by, returned.findings.count()) == (
        "completed", "new-host:2:def", 1)


# Transactional: the other worker updates the review on its own connection mid-request.
@pytest.mark.django_db(transaction=True)
def test_a_run_that_was_taken_over_mid_request_writes_nothing(fake_openai, make_client,
                                                             supplier):
    # Given the EU region and a listing (no packs: a transactional test flushes them)
    region = Region.objects.create(code="eu", name="European Union")
    listing = make_listing(supplier)
    review = create_review(listing, region)
    fake_openai.push(Reply(body=completion(json.dumps({"findings": EACH_KIND[:1]})),
                           delay=0.5))

    def take_over() -> None:
        try:
            deadline = time.monotonic() + 5
            while not fake_openai.requests and time.monotonic() < deadline:
                time.sleep(0.01)
            ClaimReview.objects.filter(pk=review.pk).update(claimed_by="new-host:9:xyz")
        finally:
            connections.close_all()

    other = threading.Thread(target=take_over)
    other.start()
    returned = run_review(listing, region, review=review, client=make_client())
    other.join()

    # Then the reply was not written: the review is the new owner's
    assert (returned.status, returned.claimed_by) == ("running", "new-host:9:xyz")
    assert ClaimFinding.objects.count() == 0


def test_the_queries_of_a_review_do_not_grow_with_its_findings(fake_openai, make_client,
                                                              speaker, supplier, packs):
    # Given a listing with one German translation, reviewed once with one finding and once
    # (another listing, same shape) with four
    other = make_listing(supplier)
    for listing in (speaker, other):
        german(listing)
    push_findings(fake_openai, EACH_KIND[:1])
    push_findings(fake_openai, EACH_KIND)

    counts = []
    for listing in (speaker, other):
        with CaptureQueriesContext(connection) as queries:
            run_review(listing, packs["eu"], client=make_client())
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert ClaimFinding.objects.count() == 5
    # One ledger row (the client's); the rest is run_review's: claim, read, finish, history,
    # the stored report's refresh (record_reports: rules, records, AI outcomes, store: one
    # insert of the new rows, one read of their ids), and the supplier's language (this one
    # stored none: its listings' languages, one query)
    assert counts[0] <= 34, counts


def test_the_task_is_registered_with_the_celery_app():
    from marketplace.celery import app

    app.loader.import_default_modules()
    assert "compliance_review.review_listing" in app.tasks


def test_certificates_scoped_by_category_are_sent_when_they_cover_the_listing(
        fake_openai, make_client, speaker, packs):
    rohs = CertificateType.objects.get(region=packs["eu"], code="rohs-test-report")
    Certificate.objects.create(supplier=speaker.supplier, certificate_type=rohs, number="R-1",
                               categories=["consumer_electronics"])
    Certificate.objects.create(supplier=speaker.supplier, certificate_type=rohs, number="R-2",
                               categories=["toys"])
    push_findings(fake_openai, [])

    run_review(speaker, packs["eu"], client=make_client())

    assert [(c["number"], c["scope"]) for c in sent_payload(fake_openai)["certificates"]] == [
        ("R-1", "the supplier's consumer_electronics listings")]


def test_a_server_without_json_schema_output_gets_the_schema_in_the_prompt(
        fake_openai, make_client, speaker, packs):
    # A self-hosted server (AI_STRUCTURED_OUTPUT=false) that wraps its JSON in a fence
    fake_openai.push_content("```json\n" + json.dumps({"findings": EACH_KIND[:1]}) + "\n```")

    review = run_review(speaker, packs["eu"], client=make_client(structured_output=False))

    request = fake_openai.requests[0].body
    assert "response_format" not in request
    assert '"required": ["kind", "language", "evidence", "explanation"]' in (
        request["messages"][0]["content"])
    assert (review.status, review.findings.count()) == ("completed", 1)
