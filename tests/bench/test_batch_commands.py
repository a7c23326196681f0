"""bench/batch_commands.py on a tiny catalog, so its steps cannot rot: every command it times
runs here as it runs there (in this process), and its figures and verdicts are exact."""

import pytest

from bench.batch_commands import (
    STEPS,
    Figure,
    figure,
    figure_line,
    growth_line,
    timed_command,
)
from marketplace.catalog.generate import generate_listings
from marketplace.catalog.models import Listing, ListingStatus, ListingTranslation
from marketplace.compliance.models import ComplianceReport
from marketplace.translation.models import JobScope, TranslationJob
from tests.marketplace.translation.echo_server import EchoOpenAI
from tests.region_fixtures import packs  # noqa: F401

LISTINGS = 20


@pytest.fixture
def echo(settings):
    server = EchoOpenAI().start()
    settings.AI_API_KEY, settings.AI_BASE_URL = "sk-bench", server.base_url
    settings.AI_MAX_RETRIES = 0
    yield server
    server.stop()


@pytest.mark.django_db
@pytest.mark.usefixtures("packs")
def test_every_step_runs_on_a_tiny_catalog_with_the_figures_it_prints(echo):
    # Given a generated catalog of 20 listings, a share of them already translated into de
    generate_listings(LISTINGS, seed=7)
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED).count()
    reviewed_de = ListingTranslation.objects.filter(language="de").count()

    # When the bench's steps run one after the other
    figures = {}
    for step in STEPS:
        sent = len(echo.requests)
        figures[step.label] = figure(timed_command(*step.args), LISTINGS)
        figures[step.label + " sent"] = len(echo.requests) - sent

    # Then the dry runs and the compliance check count listings, and only the check stores
    dry_translate, dry_check, check, full, again = (figures[step.label] for step in STEPS)
    assert (dry_translate.items, dry_check.items, check.items) == (None, None, None)
    assert ComplianceReport.objects.filter(region__code="eu", is_latest=True).count() == LISTINGS
    # And the full run made one item per published listing, asked the fake model for those
    # without a de text, and the rerun over the unchanged catalog asked for nothing
    assert (full.items, again.items) == (published, published)
    assert full.requests == figures[STEPS[3].label + " sent"] > 0
    assert (again.requests, figures[STEPS[4].label + " sent"]) == (0, 0)
    assert ListingTranslation.objects.filter(language="de").count() == published
    assert ListingTranslation.objects.filter(language="de", title__startswith="[de] ").count() \
        == published - reviewed_de
    # And the command's job names its scope instead of listing every id
    assert list(TranslationJob.objects.values_list("scope", "listing_ids")) == [
        (JobScope.PUBLISHED, [])] * 2
    assert all(fig.seconds > 0 and fig.cpu_seconds >= 0 and fig.rss_mb > 50
               for fig in (dry_translate, dry_check, check, full, again))


def test_a_figure_line_gives_the_rate_and_the_verdicts():
    fig = Figure(seconds=50.0, cpu_seconds=40.0, rss_mb=150.0, listings=100_000)
    translated = Figure(seconds=20.0, cpu_seconds=10.0, rss_mb=160.0, listings=10_000,
                        items=9_000, requests=3)

    assert figure_line(STEPS[0], 100_000, fig) == (
        "  translate_listings --dry-run         50.0 s (CPU  40.0 s)  peak RSS  150 MB  "
        "   2,000 listings/s; target < 60 s: OK")
    # The seconds target is for 100k; the rerun's is its requests
    assert figure_line(STEPS[4], 10_000, translated) == (
        "  translate_listings de (again)        20.0 s (CPU  10.0 s)  peak RSS  160 MB  "
        "     450 items/s (9,000 items, 3 requests); target 0 requests: ABOVE TARGET")


def test_growth_compares_memory_and_time_per_listing_with_the_target():
    small = Figure(seconds=10.0, cpu_seconds=8.0, rss_mb=150.0, listings=10_000)
    flat = Figure(seconds=120.0, cpu_seconds=80.0, rss_mb=165.0, listings=100_000)
    grown = Figure(seconds=140.0, cpu_seconds=80.0, rss_mb=450.0, listings=100_000)

    assert growth_line("check", small, flat) == (
        "  check                              RSS 1.10x OK   time per listing 1.20x OK   "
        "CPU per listing 1.00x OK   (target <= 1.3x)")
    assert growth_line("check", small, grown) == (
        "  check                              RSS 3.00x ABOVE TARGET   time per listing "
        "1.40x ABOVE TARGET   CPU per listing 1.00x OK   (target <= 1.3x)")
