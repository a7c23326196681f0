"""Other sources of findings (the AI review) reach the reports through the registry, which the
compliance services ask without importing any source."""

import datetime

import pytest

from marketplace.compliance import findings_sources
from marketplace.compliance.findings_sources import Outcome, RunResult
from marketplace.compliance.models import ComplianceCheckJob
from marketplace.compliance.services import record_reports
from marketplace.compliance.tasks import create_check_job, run_check
from marketplace.compliance_review.findings import AIReviewFindings
from regions.compliance.checks import Finding

TODAY = datetime.date(2026, 11, 24)


class StaticSource:
    """A source that says the same about every listing it was asked about."""

    def __init__(self, name: str, code: str, status: str = "completed") -> None:
        self.name, self.label, self.code, self.status = name, f"Source {name}", code, status
        self.ran: list[int] = []

    def reads(self, listing_ids, region_id):
        return []

    def outcomes_from(self, listing_ids, rows):
        return {listing_id: Outcome((Finding(self.code, "warning"),), self.status,
                                    f"{self.name} looked")
                for listing_id in listing_ids}

    def unreviewed(self):
        return findings_sources.NOTHING

    def can_run(self):
        return True

    def run(self, listing, region, *, check=None):
        self.ran.append(listing.pk)
        return RunResult(self.status, "done")

    def decided_since(self, region, latest_reports):
        return set()


@pytest.fixture
def only(monkeypatch):
    """Replace the registered sources for one test."""
    def install(*sources):
        monkeypatch.setattr(findings_sources, "_sources", {s.name: s for s in sources})
    return install


def test_the_ai_review_registers_itself_at_startup():
    [source] = [s for s in findings_sources.registered() if s.name == "ai_review"]
    assert isinstance(source, AIReviewFindings)
    assert source.label == "AI review"


def test_registering_a_name_again_replaces_it(only):
    only()
    first, second = StaticSource("x", "x.one"), StaticSource("x", "x.two")
    findings_sources.register(first)
    findings_sources.register(second)
    assert findings_sources.registered() == (second,)
    findings_sources.unregister("x")
    assert findings_sources.registered() == ()


def test_every_source_adds_findings_and_the_first_gives_the_status(packs, listing, only):
    only(StaticSource("first", "first.claim"), StaticSource("second", "second.claim", "failed"))
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)

    assert {"first.claim", "second.claim"} <= set(report.codes)
    assert (report.ai_status, report.ai_message) == ("completed", "first looked")


def test_without_a_source_the_report_says_not_run_and_has_only_rule_findings(packs, listing,
                                                                              only):
    only()
    [report] = record_reports([listing], packs["eu"], trigger="command", today=TODAY)

    assert (report.ai_status, report.ai_message) == ("not_run", "")
    assert not [code for code in report.codes if code.startswith("ai")]
    assert create_check_job(listing, packs["eu"])[0].with_ai is False


def test_a_check_job_runs_the_sources_that_can_run(packs, listing, only):
    source = StaticSource("first", "first.claim")
    only(source)
    job, created = create_check_job(listing, packs["eu"])
    assert created and job.with_ai

    assert run_check.apply(args=[job.pk]).get() == "done"
    job = ComplianceCheckJob.objects.get(pk=job.pk)
    assert source.ran == [listing.pk]
    assert job.message == "Source first completed: done"
    assert "first.claim" in job.report.codes
