"""The front doors of translation jobs: the REST API, the Celery task and the command."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.catalog.models import ListingStatus, ListingTranslation
from marketplace.translation.jobs import create_job
from marketplace.translation.models import JobStatus, TranslationJob
from marketplace.translation.tasks import enqueue_job, translate_job
from tests.api_errors import messages
from tests.marketplace.ai.conftest import FAKE_KEY
from tests.marketplace.ai.fake_openai import FAKE_MODEL
from tests.marketplace.translation.pipeline_fixtures import items_for, make_speaker, push_items
from tests.region_fixtures import packs  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def ai_settings(settings, fake_openai):
    """Settings that point the default client at the fake server."""
    settings.AI_API_KEY = FAKE_KEY
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = FAKE_MODEL
    settings.AI_MAX_RETRIES = 0
    settings.AI_PRICE_INPUT_PER_1K = "0.15"
    settings.AI_PRICE_OUTPUT_PER_1K = "0.60"
    return settings


@pytest.fixture
def member(supplier):
    user = get_user_model().objects.create_user("sz-audio", password="pw")
    supplier.members.add(user)
    return user


@pytest.fixture
def stranger(db):
    return get_user_model().objects.create_user("someone-else", password="pw")


def post_languages(client, listing, languages):
    return client.post(f"/api/v1/listings/{listing.pk}/translations/",
                       {"languages": languages}, content_type="application/json")


# -- API -----------------------------------------------------------------------------------


def test_supplier_member_queues_a_job(client, member, speakers,
                                      django_capture_on_commit_callbacks):
    client.force_login(member)

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_languages(client, speakers[0], ["de", "fr"])

    job = TranslationJob.objects.get()
    assert response.status_code == 202
    assert response.json() == {"job": job.pk, "status": "queued", "items": 2}
    assert (job.created_by, job.listing_ids, job.languages) == (member, [speakers[0].pk],
                                                                ["de", "fr"])
    assert len(callbacks) == 1  # the task is sent once the job is committed


def test_bad_language_is_a_400_naming_the_field(client, member, speakers):
    client.force_login(member)

    response = post_languages(client, speakers[0], ["de", "Deutsch"])

    assert response.status_code == 400
    assert messages(response) == {"languages": [
        "“Deutsch” is not a BCP 47 language tag (such as “de”, “de-AT” or “zh-Hans”)."]}
    assert not TranslationJob.objects.exists()


def test_missing_languages_is_a_400(client, member, speakers):
    client.force_login(member)

    response = post_languages(client, speakers[0], [])

    assert response.status_code == 400
    assert list(messages(response)) == ["languages"]


def test_others_may_not_translate_a_listing(client, stranger, supplier, speakers):
    draft = make_speaker(supplier, 300, status=ListingStatus.DRAFT)
    client.force_login(stranger)

    assert post_languages(client, speakers[0], ["de"]).status_code == 403
    assert post_languages(client, draft, ["de"]).status_code == 404
    assert not TranslationJob.objects.exists()


def test_anonymous_may_not_translate(client, speakers):
    assert post_languages(client, speakers[0], ["de"]).status_code == 403


def test_staff_may_translate_any_listing(client, speakers):
    staff = get_user_model().objects.create_user("ops", password="pw", is_staff=True)
    client.force_login(staff)

    assert post_languages(client, speakers[0], ["de"]).status_code == 202


def test_creator_follows_the_job_and_others_cannot(client, member, stranger, speakers):
    job = create_job([speakers[0].pk], ["de"], user=member)
    client.force_login(member)

    response = client.get(f"/api/v1/translation-jobs/{job.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["items_total"], body["items_done"], body["cost"]) == (
        "queued", 1, 0, "0.00000000")
    assert body["items"] == [{"listing": speakers[0].pk, "language": "de", "status": "pending",
                              "code": "", "reason": ""}]
    client.force_login(stranger)
    assert client.get(f"/api/v1/translation-jobs/{job.pk}/").status_code == 404


# -- Celery task ---------------------------------------------------------------------------


def test_task_runs_the_job_and_a_second_run_does_nothing(ai_settings, fake_openai, speakers):
    job = create_job([s.pk for s in speakers], ["de"])
    push_items(fake_openai, items_for(speakers, ["de"]))

    assert translate_job.apply(args=[job.pk]).get() == JobStatus.DONE
    assert translate_job.apply(args=[job.pk]).get() == JobStatus.DONE

    assert len(fake_openai.requests) == 1
    assert ListingTranslation.objects.filter(language="de").count() == 2


def test_enqueue_waits_for_the_commit(speakers, django_capture_on_commit_callbacks):
    job = create_job([speakers[0].pk], ["de"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_job(job)

    assert len(callbacks) == 1


def test_task_is_acks_late():
    assert translate_job.acks_late is True


# -- management command --------------------------------------------------------------------


def test_dry_run_estimates_without_a_request(ai_settings, fake_openai, packs,  # noqa: F811
                                             speakers):
    out = StringIO()

    call_command("translate_listings", "--region", "eu", "--lang", "de,fr", "--dry-run",
                 "--listing", str(speakers[0].pk), str(speakers[1].pk), stdout=out)

    assert fake_openai.requests == []
    assert not TranslationJob.objects.exists()
    assert out.getvalue().splitlines()[0] == (
        "Dry run: 4 items (0 already translated), 0 memory hits, 8 texts for the model.")
    assert out.getvalue().endswith("No request was made.\n")


def test_dry_run_defaults_to_the_regions_languages(ai_settings, fake_openai, packs,  # noqa: F811
                                                   speakers):
    out = StringIO()

    call_command("translate_listings", "--region", "eu", "--dry-run", stdout=out)

    assert fake_openai.requests == []
    assert "Dry run:" in out.getvalue()


def test_command_translates_and_prints_a_summary(ai_settings, fake_openai, packs,  # noqa: F811
                                                 speakers):
    push_items(fake_openai, items_for(speakers, ["de", "fr"]))
    out = StringIO()

    call_command("translate_listings", "--region", "eu", "--lang", "de,fr",
                 "--listing", str(speakers[0].pk), str(speakers[1].pk), stdout=out)

    job = TranslationJob.objects.get()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Job {job.pk}: 4 items, languages de, fr."
    assert lines[-3:] == [
        f"Job {job.pk} done: 4/4 items; 4 machine, 0 need review, 0 kept as reviewed, "
        "0 already current, 0 failed.",
        "Requests: 1; memory hits: 0; tokens: 120 prompt + 30 completion; "
        "estimated cost: 0.0360.",
        "Failures by reason: none.",
    ]
    assert len(fake_openai.requests) == 1


def test_command_fails_loudly_when_the_key_is_rejected(ai_settings, fake_openai,
                                                       packs, speakers):  # noqa: F811
    fake_openai.push_error(401, "Incorrect API key provided", code="invalid_api_key")

    with pytest.raises(CommandError, match="rejected the API key"):
        call_command("translate_listings", "--region", "eu", "--lang", "de",
                     "--listing", str(speakers[0].pk), stdout=StringIO())


def test_command_refuses_an_unknown_region(db):
    with pytest.raises(CommandError, match="No region “mars”"):
        call_command("translate_listings", "--region", "mars", "--dry-run", stdout=StringIO())
