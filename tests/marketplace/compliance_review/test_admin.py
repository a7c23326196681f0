"""The ops side in the admin: region-scoped findings, confirm, dismiss with a reason, escaped
evidence, read-only reviews."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed

import marketplace.compliance_review
from marketplace.compliance_review.models import ClaimFinding, ClaimReview
from marketplace.compliance_review.services import NOT_CONFIGURED_MESSAGE, run_review
from marketplace.compliance_review.tasks import review_listing
from tests.marketplace.compliance_review.review_fixtures import (
    EACH_KIND,
    finding,
    make_listing,
    push_findings,
)

pytestmark = pytest.mark.django_db

FINDINGS = "/admin/compliance_review/claimfinding/"
REVIEWS = "/admin/compliance_review/claimreview/"
LOCALE_DIR = Path(marketplace.compliance_review.__file__).parent / "locale"


@pytest.fixture
def eu_review(fake_openai, make_client, speaker, packs) -> ClaimReview:
    push_findings(fake_openai, EACH_KIND[:2])
    return run_review(speaker, packs["eu"], client=make_client())


@pytest.fixture
def us_review(fake_openai, make_client, supplier, packs) -> ClaimReview:
    listing = make_listing(supplier, title="Wireless Bluetooth speaker US-9")
    push_findings(fake_openai, [EACH_KIND[0]])
    return run_review(listing, packs["us"], client=make_client())


@pytest.fixture
def eu_client(client, eu_ops):
    client.force_login(eu_ops)
    return client


def act(client, action: str, findings, language: str = "en", **data):
    return client.post(FINDINGS, {"action": action,
                                  "_selected_action": [f.pk for f in findings], **data},
                       follow=True, HTTP_ACCEPT_LANGUAGE=language)


def test_eu_ops_see_only_eu_findings(eu_client, eu_review, us_review):
    response = eu_client.get(FINDINGS)

    assert response.status_code == 200
    shown = {f.pk for f in response.context["cl"].result_list}
    assert shown == set(eu_review.findings.values_list("pk", flat=True))
    us_finding = us_review.findings.get()
    assert eu_client.get(f"{FINDINGS}{us_finding.pk}/change/").status_code == 403
    assert eu_client.get(f"{REVIEWS}{us_review.pk}/change/").status_code == 403
    assert {r.pk for r in eu_client.get(REVIEWS).context["cl"].result_list} == {eu_review.pk}


def test_eu_ops_cannot_decide_us_findings(eu_client, eu_review, us_review):
    us_finding = us_review.findings.get()

    act(eu_client, "confirm", [us_finding], confirmed="yes")
    act(eu_client, "dismiss", [us_finding], apply="1", reason="not ours")

    us_finding.refresh_from_db()
    assert (us_finding.status, us_finding.decided_by) == ("open", None)


def test_confirm_records_the_operator(eu_client, eu_ops, eu_review):
    target = eu_review.findings.get(kind="unbacked_certification_claim")

    response = act(eu_client, "confirm", [target], confirmed="yes")

    assert [str(m) for m in response.context["messages"]] == ["1 finding confirmed."]
    target.refresh_from_db()
    assert (target.status, target.decided_by) == ("confirmed", eu_ops)
    assert target.decided_at is not None


def test_confirm_asks_first_and_decides_nothing(eu_client, eu_review):
    target = eu_review.findings.get(kind="unbacked_certification_claim")

    page = act(eu_client, "confirm", [target])

    assert page.templates[0].name == "admin/confirm_action.html"
    target.refresh_from_db()
    assert (target.status, target.decided_by) == ("open", None)


def test_dismiss_asks_for_a_reason_first(eu_client, eu_review):
    targets = list(eu_review.findings.all())

    page = act(eu_client, "dismiss", targets)

    assert page.status_code == 200
    assert page.templates[0].name == "admin/compliance_review/dismiss_findings.html"
    assert set(ClaimFinding.objects.values_list("status", flat=True)) == {"open"}


def test_dismiss_without_a_reason_is_refused(eu_client, eu_review):
    targets = list(eu_review.findings.all())

    page = act(eu_client, "dismiss", targets, apply="1", reason="   ")

    assert page.context["form"].errors == {"reason": ["This field is required."]}
    assert set(ClaimFinding.objects.values_list("status", flat=True)) == {"open"}


def test_dismiss_with_a_reason_records_it(eu_client, eu_ops, eu_review):
    targets = list(eu_review.findings.all())

    response = act(eu_client, "dismiss", targets, apply="1",
                   reason="Backed by the <b>DoC</b> in the file")

    assert [str(m) for m in response.context["messages"]] == ["2 findings dismissed."]
    assert set(ClaimFinding.objects.values_list("status", "decision_reason", "decided_by")) == {
        ("dismissed", "Backed by the <b>DoC</b> in the file", eu_ops.pk)}
    # And the list shows who decided and why, escaped
    page = response.content.decode()
    assert page.count("eu-operator · ") == 2
    assert page.count("Backed by the &lt;b&gt;DoC&lt;/b&gt; in the file") == 2


def test_evidence_and_explanation_are_shown_escaped(fake_openai, make_client, supplier, packs,
                                                    eu_client):
    # Given a listing whose own text carries markup-looking text, quoted as evidence
    listing = make_listing(supplier, title='Speaker <img src=x onerror="alert(1)"> CE')
    push_findings(fake_openai, [finding(
        "unbacked_certification_claim", '<img src=x onerror="alert(1)"> CE',
        "Says CE &lt;script&gt;alert(2)&lt;/script&gt;")])
    review = run_review(listing, packs["eu"], client=make_client())
    target = review.findings.get()

    listed = eu_client.get(FINDINGS).content.decode()
    detail = eu_client.get(f"{FINDINGS}{target.pk}/change/").content.decode()

    for page in (listed, detail):
        assert "<img src=x" not in page
        assert "<script>alert(2)" not in page
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; CE" in page
    # And the quote is marked in the listing's own text
    assert "<mark>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; CE</mark>" in detail


def test_findings_cannot_be_added_edited_or_deleted(eu_client, eu_review):
    target = eu_review.findings.first()

    assert eu_client.get(f"{FINDINGS}add/").status_code == 403
    assert eu_client.post(f"{FINDINGS}{target.pk}/delete/", {"post": "yes"}).status_code == 403
    page = eu_client.get(f"{FINDINGS}{target.pk}/change/").content.decode()
    assert 'name="_save"' not in page


def test_reviews_are_read_only_with_their_status_and_message(eu_client, eu_review):
    page = eu_client.get(REVIEWS).content.decode()

    assert "2 finding(s)." in page
    response = eu_client.get(f"{REVIEWS}{eu_review.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert eu_client.post(f"{REVIEWS}{eu_review.pk}/delete/", {"post": "yes"}).status_code \
        == 403


def test_filters_by_status_kind_and_region(superuser, client, eu_review, us_review):
    client.force_login(superuser)
    eu_review.findings.filter(kind="medical_or_safety_claim").update(status="dismissed")

    def shown(query: str) -> set[int]:
        return {f.pk for f in client.get(FINDINGS + query).context["cl"].result_list}

    assert shown("?status__exact=dismissed") == {
        eu_review.findings.get(kind="medical_or_safety_claim").pk}
    assert shown("?kind__exact=unbacked_certification_claim") == {
        eu_review.findings.get(kind="unbacked_certification_claim").pk,
        us_review.findings.get().pk}
    assert shown(f"?region__id__exact={us_review.region_id}") == {us_review.findings.get().pk}


@pytest.fixture
def chinese_catalog():
    """This app's catalog compiled (.mo files are build output), and Django's translation
    cache reset so it is read."""
    call_command("compile_translations", str(LOCALE_DIR), stdout=StringIO())
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS,
                         enter=False)


def test_the_ops_pages_speak_simplified_chinese(chinese_catalog, eu_client, eu_review):
    page = eu_client.get(FINDINGS, HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()

    assert "AI 宣称发现" in page
    assert "驳回所选发现…" in page
    assert "宣称的认证没有备案证书" in page  # the kind filter
    form = act(eu_client, "dismiss", list(eu_review.findings.all()),
               language="zh-Hans").content.decode()
    assert "为什么这不是问题？" in form


def test_the_latest_review_filter_shows_what_the_report_shows(fake_openai, make_client,
                                                              speaker, packs, eu_client,
                                                              eu_review):
    push_findings(fake_openai, [EACH_KIND[3]])
    newer = run_review(speaker, packs["eu"], client=make_client())

    def shown(query: str) -> set[int]:
        return {f.pk for f in eu_client.get(FINDINGS + query).context["cl"].result_list}

    assert shown("?current=yes") == {newer.findings.get().pk}
    assert shown("?current=no") == set(eu_review.findings.values_list("pk", flat=True))


def test_review_again_queues_one_review_per_listing_and_region(
        eu_client, eu_review, us_review, monkeypatch, django_capture_on_commit_callbacks):
    sent: list[tuple] = []
    monkeypatch.setattr(review_listing, "delay", lambda *a, **kw: sent.append((a, kw)))

    with django_capture_on_commit_callbacks(execute=True):
        response = eu_client.post(REVIEWS, {
            "action": "review_again",
            "_selected_action": [eu_review.pk, us_review.pk]}, follow=True)

    # The US review is outside the operator's regions: not selectable, not queued. And with
    # no API key (the test settings) the page says the worker will skip it
    assert [str(m) for m in response.context["messages"]] == [
        "1 review queued.", NOT_CONFIGURED_MESSAGE]
    queued = ClaimReview.objects.get(status="queued")
    assert (queued.listing_id, queued.region_id) == (eu_review.listing_id, eu_review.region_id)
    assert sent == [((eu_review.listing_id, "eu"), {"review_id": queued.pk})]
