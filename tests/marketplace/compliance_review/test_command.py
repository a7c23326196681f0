"""review_claims: runs the reviews and prints findings per kind and the ledger's cost."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.compliance_review.models import ClaimReview
from tests.marketplace.compliance_review.review_fixtures import (
    EACH_KIND,
    finding,
    make_listing,
    push_findings,
)

pytestmark = pytest.mark.django_db


def review_claims(*args: str) -> str:
    out = StringIO()
    call_command("review_claims", *args, stdout=out)
    return out.getvalue()


def test_prints_counts_per_kind_and_the_cost(ai_settings, fake_openai, speaker, supplier,
                                             packs):
    other = make_listing(supplier, title="Wireless Bluetooth speaker BT200")
    push_findings(fake_openai, EACH_KIND)
    push_findings(fake_openai, [finding("category_mismatch", "Wireless Bluetooth speaker"),
                                finding("category_mismatch", "not in the text")])

    output = review_claims("--region", "eu", "--listing", str(speaker.pk), str(other.pk))

    lines = output.splitlines()
    assert lines[0] == f"[1/2] listing {speaker.pk}: completed – 4 finding(s)."
    assert lines[1:] == [
        f"[2/2] listing {other.pk}: completed – 1 finding(s); 1 dropped (evidence not in the "
        "listing text: 1).",
        "Reviews: completed 2.",
        "Findings by kind:",
        "  ai.unbacked_certification_claim: 1",
        "  ai.medical_or_safety_claim: 1",
        "  ai.missing_mandatory_warning: 1",
        "  ai.category_mismatch: 2",
        # 2 × (120 × 0.15 + 30 × 0.60) / 1000
        "Requests: 2; tokens: 240 prompt + 60 completion; cost: 0.0720.",
    ]


def test_without_an_api_key_every_review_is_skipped(settings, fake_openai, speaker, packs):
    settings.AI_API_KEY = ""

    output = review_claims("--region", "eu")

    assert "Reviews: skipped 1." in output
    assert "Requests: 0; tokens: 0 prompt + 0 completion; cost: 0.0000." in output
    assert output.rstrip().endswith("AI review is off: no AI_API_KEY configured (set "
                                    "AI_API_KEY, and AI_BASE_URL for a self-hosted server).")
    assert fake_openai.requests == []


def test_an_unknown_region_or_listing_is_refused(speaker, packs):
    with pytest.raises(CommandError, match="No region “mars”"):
        review_claims("--region", "mars")
    with pytest.raises(CommandError, match=f"No listing with id {speaker.pk + 99}"):
        review_claims("--region", "eu", "--listing", str(speaker.pk + 99))
    assert ClaimReview.objects.count() == 0
