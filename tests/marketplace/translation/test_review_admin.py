"""The human side in the admin: starting AI jobs from listings and reviewing what came back."""

import pytest

from marketplace.ai.errors import NOT_CONFIGURED_MESSAGE
from marketplace.catalog.models import (
    ListingTranslation,
    Supplier,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import save_listing, write_translation
from marketplace.translation.jobs import create_job
from marketplace.translation.models import ItemStatus, TranslationJob, TranslationJobItem
from tests.marketplace.translation.pipeline_fixtures import make_speaker
from tests.region_fixtures import packs  # noqa: F401

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw")


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


def machine_draft(listing, language="de", notes=("length: too long",)) -> ListingTranslation:
    return write_translation(
        listing, language, title="Bluetooth-Lautsprecher", description="<p>Lautsprecher</p>",
        origin=TranslationOrigin.MACHINE, state=TranslationState.NEEDS_REVIEW,
        made_from_hash=listing.source_hash, model="fake-model-1", qa_notes=list(notes))


def held_item(listing, reply: str) -> TranslationJobItem:
    job = create_job([listing.pk], ["de"])
    item = job.items.get()
    item.status, item.code = ItemStatus.HELD, "markup"
    item.reason = f"description: contains {SCRIPT}"
    item.rejected = {"description": reply}
    item.save()
    return item


# -- translate with AI (listing action) ---------------------------------------------------


def test_action_shows_the_offered_languages_first(admin_client, packs, speakers):  # noqa: F811
    response = admin_client.post("/admin/catalog/listing/", {
        "action": "translate_with_ai", "_selected_action": [s.pk for s in speakers]})

    assert response.status_code == 200
    choices = dict(response.context["form"].fields["languages"].choices)
    assert choices["de"] == "de (eu)"
    assert "en" in choices
    assert TranslationJob.objects.count() == 0


def test_action_creates_one_job_and_says_ai_is_off(admin_client, packs, speakers, settings,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    settings.AI_API_KEY = ""

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post("/admin/catalog/listing/", {
            "action": "translate_with_ai", "_selected_action": [s.pk for s in speakers],
            "languages": ["de", "fr"], "apply": "1"}, follow=True)

    job = TranslationJob.objects.get()
    assert sorted(job.items.values_list("listing_id", "language")) == sorted(
        (s.pk, lang) for s in speakers for lang in ("de", "fr"))
    assert job.created_by.username == "root"
    assert len(callbacks) == 1  # enqueued once, after commit
    texts = [str(m) for m in response.context["messages"]]
    assert texts == [
        f'Translation job <a href="/admin/translation/translationjob/{job.pk}/change/">'
        f"{job.pk}</a> queued: 4 items.",
        NOT_CONFIGURED_MESSAGE,
    ]


# -- review queue -------------------------------------------------------------------------


def test_approve_marks_reviewed_by_the_current_user(admin_client, root, speakers):
    draft = machine_draft(speakers[0])

    response = admin_client.post("/admin/catalog/listingtranslation/", {
        "action": "approve", "confirmed": "yes", "_selected_action": [draft.pk]}, follow=True)

    draft.refresh_from_db()
    assert (draft.state, draft.origin, draft.reviewed_by) == (
        TranslationState.REVIEWED, TranslationOrigin.HUMAN, root)
    assert draft.title == "Bluetooth-Lautsprecher"
    assert [str(m) for m in response.context["messages"]] == ["Approved 1 translation."]


def test_approve_asks_first_and_changes_nothing(admin_client, speakers):
    draft = machine_draft(speakers[0])

    response = admin_client.post("/admin/catalog/listingtranslation/", {
        "action": "approve", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert response.templates[0].name == "admin/confirm_action.html"
    assert (draft.state, draft.reviewed_by) == (TranslationState.NEEDS_REVIEW, None)


def test_approve_is_refused_after_a_source_edit(admin_client, speakers):
    draft = machine_draft(speakers[0])
    speakers[0].title = "Bluetooth speaker BT100 Pro"
    save_listing(speakers[0])

    response = admin_client.post("/admin/catalog/listingtranslation/", {
        "action": "approve", "confirmed": "yes", "_selected_action": [draft.pk]}, follow=True)

    draft.refresh_from_db()
    assert (draft.state, draft.reviewed_by) == (TranslationState.OUTDATED, None)
    assert [str(m) for m in response.context["messages"]] == [
        "Not approved: “Bluetooth speaker BT100 Pro” [de]: The listing's text changed since "
        "this de translation was made; translate the current text."]


def test_queue_filters_by_state_language_and_supplier(admin_client, speakers):
    other = Supplier.objects.create(name="Yiwu Toys", slug="yw-toys", country="CN")
    machine_draft(speakers[0], "de")
    machine_draft(speakers[1], "fr")
    machine_draft(make_speaker(other, 300), "de")

    def count(**query: str) -> int:
        response = admin_client.get("/admin/catalog/listingtranslation/", query)
        assert response.status_code == 200
        return response.context["cl"].result_count

    assert count(state__exact="needs_review") == 3
    assert count(state__exact="needs_review", language__exact="de") == 2
    assert count(state__exact="needs_review", listing__supplier__id__exact=str(other.pk)) == 1
    assert count(state__exact="reviewed") == 0


def test_qa_notes_are_a_list_and_escaped(admin_client, speakers):
    machine_draft(speakers[0], notes=["length: too long", f"markup: {SCRIPT}"])

    content = admin_client.get("/admin/catalog/listingtranslation/").content.decode()

    assert ("<ul><li>length: too long</li><li>markup: &lt;script&gt;alert(1)&lt;/script&gt;"
            "</li></ul>") in content
    assert SCRIPT not in content


def test_held_reply_is_shown_escaped(admin_client, speakers):
    item = held_item(speakers[0], f"<p>Lautsprecher</p>{SCRIPT}")

    listing_page = admin_client.get("/admin/translation/translationjobitem/")
    draft_page = admin_client.get(f"/admin/translation/translationjobitem/{item.pk}/draft/")

    for response in (listing_page, draft_page):
        content = response.content.decode()
        assert response.status_code == 200
        assert SCRIPT not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert listing_page.context["cl"].result_count == 1


def test_held_reply_must_be_edited_before_it_becomes_a_draft(admin_client, speakers):
    listing = speakers[0]
    item = held_item(listing, f"<p>Lautsprecher</p>{SCRIPT}")
    url = f"/admin/translation/translationjobitem/{item.pk}/draft/"
    unchanged = {"title": "", "description": f"<p>Lautsprecher</p>{SCRIPT}",
                 "made_from_hash": listing.source_hash}

    refused = admin_client.post(url, {**unchanged, "title": "Lautsprecher BT100"})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Edit the held description first: it failed a check, so it can't be saved unchanged."]
    assert ListingTranslation.objects.count() == 0
    saved = admin_client.post(url, {**unchanged, "title": "Lautsprecher BT100",
                                    "description": "<p>Tragbarer Lautsprecher</p>"})

    translation = ListingTranslation.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"/admin/catalog/listingtranslation/{translation.pk}/change/"
    assert (translation.state, translation.origin, translation.description) == (
        TranslationState.NEEDS_REVIEW, TranslationOrigin.HUMAN, "<p>Tragbarer Lautsprecher</p>")


@pytest.mark.django_db
def test_jobs_can_be_cancelled_from_the_admin(admin_client, admin_user):
    from marketplace.translation.models import JobStatus, TranslationJob

    job = TranslationJob.objects.create(status=JobStatus.QUEUED, listing_ids=[],
                                        languages=["de"], created_by=admin_user)

    response = admin_client.post(
        "/admin/translation/translationjob/",
        {"action": "cancel", "_selected_action": [job.pk]}, follow=True)

    assert "1 job cancelled" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
