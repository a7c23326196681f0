"""POST /api/v1/listings/{id}/compliance-checks/ and GET /api/v1/listings/{id}/compliance/:
who may, what bad input answers, and the report the task stores."""

import json

import pytest
from rest_framework.test import APIClient

from marketplace.compliance.models import ComplianceCheckJob, ComplianceReport
from marketplace.compliance.tasks import run_check


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def post_check(user, listing, region="eu"):
    return client_for(user).post(f"/api/v1/listings/{listing.pk}/compliance-checks/",
                                 {"region": region}, format="json")


def get_report(user, listing, query="region=eu"):
    return client_for(user).get(f"/api/v1/listings/{listing.pk}/compliance/?{query}")


def test_a_member_queues_a_check_and_the_task_stores_the_report(
        member, listing, django_capture_on_commit_callbacks, settings):
    settings.AI_API_KEY = ""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_check(member, listing)

    job = ComplianceCheckJob.objects.get()
    assert response.status_code == 202
    body = response.json()
    assert (body["job"], body["status"], body["with_ai"]) == (job.pk, "queued", False)
    assert body["status_url"].endswith(f"/api/v1/compliance-checks/{job.pk}/")
    assert len(callbacks) == 1 and ComplianceReport.objects.count() == 0

    assert run_check(job.pk) == "done"
    assert run_check(job.pk) == "done"  # a redelivery changes nothing
    status = client_for(member).get(f"/api/v1/compliance-checks/{job.pk}/").json()
    report = ComplianceReport.objects.get()
    assert (status["status"], status["report_id"]) == ("done", report.pk)
    assert ComplianceReport.objects.count() == 1


def test_asking_twice_before_it_runs_queues_one_check(member, listing,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = post_check(member, listing).json()
        second = post_check(member, listing).json()

    assert first["job"] == second["job"]
    assert len(callbacks) == 1 and ComplianceCheckJob.objects.count() == 1


def test_the_latest_report_in_the_merchants_language(member, listing, settings):
    settings.AI_API_KEY = ""
    run_check(ComplianceCheckJob.objects.create(listing=listing, region=listing_region()).pk)

    english = get_report(member, listing, "region=eu&lang=en").json()
    chinese = get_report(member, listing, "region=eu&lang=zh-hans").json()

    assert english["stored"] is True and english["blockers"] > 0
    assert {f["code"] for f in english["findings"]} >= {"certificate_missing",
                                                         "ai_review_skipped"}
    assert any(f["message"].startswith("Products sold to consumers here need a responsible")
               for f in english["findings"])
    assert english["findings"][0]["message"] != chinese["findings"][0]["message"]
    assert chinese["language"] == "zh-hans"


def listing_region():
    from regions.core.models import Region
    return Region.objects.get(code="eu")


def test_a_market_verdict_with_country_and_buyer(member, listing):
    body = get_report(member, listing, "region=eu&country=FR&buyer=business").json()

    assert body["stored"] is False  # no report yet: the rule check as of now
    assert body["market"] == {"country": "FR", "buyer": "business", "sellable": False,
                              "status": "blocked"}


def test_the_regions_ops_may_read_and_run_checks(eu_ops, listing,
                                                 django_capture_on_commit_callbacks):
    assert get_report(eu_ops, listing).status_code == 200
    with django_capture_on_commit_callbacks(execute=False):
        assert post_check(eu_ops, listing).status_code == 202


def test_another_regions_ops_are_refused(uk_ops, listing):
    assert get_report(uk_ops, listing).status_code == 403
    assert post_check(uk_ops, listing).status_code == 403
    assert ComplianceCheckJob.objects.count() == 0


def test_another_supplier_is_refused_and_a_draft_is_not_revealed(stranger, listing):
    assert get_report(stranger, listing).status_code == 403
    listing.status = "draft"
    listing.save()
    assert get_report(stranger, listing).status_code == 404


def test_anonymous_users_are_refused(listing):
    assert get_report(None, listing).status_code in (401, 403)
    assert post_check(None, listing).status_code in (401, 403)


@pytest.mark.parametrize("query", ["region=mars", "region="])
def test_a_bad_region_is_a_400_naming_the_allowed_values(member, listing, query):
    response = get_report(member, listing, query)

    assert response.status_code == 400
    assert "eu, uk, us" in response.json()["region"][0]


def test_a_bad_region_in_a_check_request_stores_nothing(member, listing):
    response = post_check(member, listing, region="mars")

    assert response.status_code == 400
    assert "eu, uk, us" in response.json()["region"][0]
    assert ComplianceCheckJob.objects.count() == 0


@pytest.mark.parametrize(("query", "field"), [
    ("region=eu&country=GB", "country"), ("region=eu&buyer=robot", "buyer"),
    ("region=eu&lang=klingon", "lang")])
def test_other_bad_parameters_are_400s(member, listing, query, field):
    response = get_report(member, listing, query)
    assert response.status_code == 400
    assert field in response.json()


def test_the_openapi_schema_documents_the_endpoints(client, db):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/listings/{id}/compliance-checks/" in schema
    assert "/api/v1/listings/{id}/compliance/" in schema


def test_the_history_lists_each_outcome_newest_first(member, listing, packs, uk_ops):
    from marketplace.compliance.models import Certificate
    from marketplace.compliance.services import record_reports
    from regions.compliance.models import CertificateType

    record_reports([listing], packs["eu"], trigger="command")
    record_reports([listing], packs["eu"], trigger="beat")  # same outcome: no new row
    Certificate.objects.create(
        supplier=listing.supplier, number="WEEE-Reg.-Nr. DE 12345678", status="verified",
        certificate_type=CertificateType.objects.get(region=packs["eu"], code="weee-de"))
    record_reports([listing], packs["eu"], trigger="admin")

    history = client_for(member).get(
        f"/api/v1/listings/{listing.pk}/compliance/history/?region=eu").json()

    assert [(h["trigger"], h["is_latest"]) for h in history] == [("admin", True),
                                                                  ("command", False)]
    assert history[0]["blockers"] < history[1]["blockers"]
    assert client_for(uk_ops).get(
        f"/api/v1/listings/{listing.pk}/compliance/history/?region=eu").status_code == 403



def test_an_unknown_field_in_a_check_request_is_a_400_naming_it(member, listing):
    response = client_for(member).post(f"/api/v1/listings/{listing.pk}/compliance-checks/",
                                       {"regoin": "eu", "country": "FR"}, format="json")

    assert response.status_code == 400
    assert sorted(response.json()) == ["codes", "country", "regoin"]
    assert response.json()["regoin"] == ["Unknown field; the fields are: region."]
    assert ComplianceCheckJob.objects.count() == 0


def test_the_check_request_body_is_published_in_the_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)

    body = schema["paths"]["/api/v1/listings/{id}/compliance-checks/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/CheckRequest"
    assert list(schema["components"]["schemas"]["CheckRequest"]["properties"]) == ["region"]
