"""Sources of compliance findings besides the rules, such as the AI review of a listing's claims.

A source registers itself from its AppConfig.ready():

    from marketplace.compliance import findings_sources
    findings_sources.register(MyReviewFindings())

and the compliance services ask every registered source, so they never import one: an app
that is not installed simply adds no findings. Sources are kept by `name` (registering the same
name again replaces it, so a second ready() changes nothing), in registration order.

A stored report has one review status and message (`ComplianceReport.ai_status` and
`ai_message`): they come from the first registered source; every source adds its findings.
With no source registered a report says `not_run`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from marketplace.localization.rows import Read, select_all
from regions.compliance.checks import Finding

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from marketplace.compliance.models import ComplianceCheckJob
    from regions.core.models import Region

NOT_RUN = "not_run"


class Outcome(NamedTuple):
    """What a source says about one listing in one region."""

    findings: tuple[Finding, ...]
    status: str  # such as completed, skipped, failed, not_run
    message: str


class RunResult(NamedTuple):
    status: str
    message: str


NOTHING = Outcome((), NOT_RUN, "")


class FindingsSource(Protocol):
    name: str  # unique key in the registry, such as "ai_review"
    label: str  # how a check job's message names it, such as "AI review"

    def reads(self, listing_ids: Sequence[int], region_id: int) -> list[Read]:
        """The rows `outcomes_from` needs (a fixed number of reads whatever the number of
        listings), which the sales gate runs in the page's one statement (rows.select_all)."""

    def outcomes_from(self, listing_ids: Sequence[int], rows: Sequence[list[tuple]]
                      ) -> dict[int, Outcome]:
        """listing id → outcome, from the answers to `reads`; listings the source never
        looked at in the region are left out."""

    def unreviewed(self) -> Outcome:
        """What a report says about a listing the source never looked at."""

    def can_run(self) -> bool:
        """Whether `run` can do anything now (for instance, an API key is set)."""

    def run(self, listing, region: Region, *, check: ComplianceCheckJob | None = None
            ) -> RunResult:
        """Look at one listing in one region now (synchronously: the report that follows
        must include the findings). `check`: the compliance check job this run is part of;
        a check run again after its worker died passes the same job, and a source that keeps
        work per check (the AI review) resumes that work instead of doing it twice."""

    def decided_since(self, region: Region, latest_reports: QuerySet) -> set[int]:
        """Listings whose findings a person decided on (confirmed, dismissed) after their
        latest report in the region (`latest_reports`: ComplianceReport rows)."""


_sources: dict[str, FindingsSource] = {}


def register(source: FindingsSource) -> None:
    _sources[source.name] = source


def unregister(name: str) -> None:
    _sources.pop(name, None)


def registered() -> tuple[FindingsSource, ...]:
    return tuple(_sources.values())


def outcomes_for(listing_ids: Sequence[int], region_id: int) -> dict[int, Outcome]:
    """Every listing's findings from all sources, with the first source's status and message
    (see the module's docstring): one statement."""
    listing_ids = list(listing_ids)
    return outcomes_from(listing_ids, region_id,
                         iter(select_all(reads_for(listing_ids, region_id))))


def reads_for(listing_ids: Sequence[int], region_id: int) -> list[Read]:
    """Every source's reads, in the order `outcomes_from` takes their answers."""
    return [read for source in registered() for read in source.reads(listing_ids, region_id)]


def outcomes_from(listing_ids: Sequence[int], region_id: int, answers: Iterator[list[tuple]]
                  ) -> dict[int, Outcome]:
    """`outcomes_for` from the answers to `reads_for(listing_ids, region_id)`, taken from
    `answers` in order (a caller may have more after them)."""
    sources = registered()
    if not sources:
        return dict.fromkeys(listing_ids, NOTHING)
    said = []
    for source in sources:
        rows = [next(answers) for _ in source.reads(listing_ids, region_id)]
        said.append((source.outcomes_from(listing_ids, rows), source.unreviewed()))
    return {listing_id: _combined([found.get(listing_id, default) for found, default in said])
            for listing_id in listing_ids}


def _combined(said: list[Outcome]) -> Outcome:
    return Outcome(tuple(finding for outcome in said for finding in outcome.findings),
                   said[0].status, said[0].message)
