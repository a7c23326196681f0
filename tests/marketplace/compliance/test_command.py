"""python manage.py check_compliance: reports stored, summary by finding code, bad input."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from marketplace.compliance.models import ComplianceReport
from tests.marketplace.compliance.conftest import make_listing


def run(*args) -> str:
    out = io.StringIO()
    call_command("check_compliance", *args, stdout=out)
    return out.getvalue()


def test_checks_every_listing_and_summarizes_by_code(packs, supplier, listing, settings):
    settings.AI_API_KEY = ""  # no AI service: every report says the review was skipped
    make_listing(supplier, title="Plush bear", category="toys", radio=False,
                 contains_battery=False)

    output = run("--region", "eu")

    assert ComplianceReport.objects.filter(region__code="eu").count() == 2
    assert "eu: 2 listings checked" in output
    assert "2 blocked" in output
    assert "checked 2/2" in output  # not a terminal: plain progress lines
    lines = dict(line.split() for line in output.splitlines()
                 if line.startswith("  ") and len(line.split()) == 2)
    assert lines["certificate_missing"] == "2"
    assert lines["ai_review_skipped"] == "2"


def test_only_the_listings_named(packs, supplier, listing):
    other = make_listing(supplier, title="Plush bear", category="toys", radio=False)

    run("--region", "us", "--listing", str(other.pk))

    assert list(ComplianceReport.objects.values_list("listing_id", flat=True)) == [other.pk]


def test_an_unknown_region_names_the_allowed_ones(packs):
    with pytest.raises(CommandError, match="use one of: eu, uk, us"):
        run("--region", "mars")


def test_an_unknown_listing_stores_nothing(packs, listing):
    with pytest.raises(CommandError, match="No listing with id 999999"):
        run("--region", "eu", "--listing", str(listing.pk), "999999")
    assert ComplianceReport.objects.count() == 0


def test_a_dry_run_summarizes_the_same_and_stores_nothing(packs, supplier, listing, settings):
    settings.AI_API_KEY = ""
    make_listing(supplier, title="Plush bear", category="toys", radio=False,
                 contains_battery=False)

    dry = run("--region", "eu", "--dry-run")
    assert ComplianceReport.objects.count() == 0
    stored = run("--region", "eu")

    def summary(output: str) -> list[str]:  # the lines after the progress, timing left out
        return [re.sub(r" in [\d.]+ s;", "", line) for line in output.splitlines()
                if not line.startswith("checked")]

    assert summary(dry) == [*summary(stored), "Dry run: no report was stored."]
    assert "2 blocked" in dry


def test_listings_are_read_in_chunks(packs, supplier, listing, monkeypatch):
    from marketplace.compliance.management.commands import check_compliance

    make_listing(supplier, title="Plush bear", category="toys", radio=False)
    make_listing(supplier, title="Wooden train", category="toys", radio=False)
    monkeypatch.setattr(check_compliance, "CHUNK", 2)

    output = run("--region", "eu")

    assert [line for line in output.splitlines() if line.startswith("checked")] == [
        "checked 2/3", "checked 3/3"]
    assert ComplianceReport.objects.count() == 3
