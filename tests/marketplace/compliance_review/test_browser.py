"""EU ops decide AI findings in headless Chromium: markup in the evidence stays text, a
dismissal needs a reason."""

import pytest

from marketplace.compliance_review.models import ClaimFinding
from marketplace.compliance_review.services import run_review
from tests.browser_fixtures import screenshot
from tests.marketplace.compliance_review.review_fixtures import (
    EACH_KIND,
    finding,
    make_listing,
    push_findings,
)
from tests.region_fixtures import operator

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS_TITLE = 'Speaker <img src=x onerror="alert(1)"> CE certified'


def test_eu_ops_dismiss_with_a_reason_and_confirm_in_the_browser(
        page, live_server, packs, supplier, fake_openai, make_client):
    # Given an EU review whose evidence quotes markup from the listing's own title
    listing = make_listing(supplier, title=XSS_TITLE)
    push_findings(fake_openai, [
        finding("unbacked_certification_claim", '<img src=x onerror="alert(1)"> CE certified',
                "No <b>DoC</b> on record."),
        EACH_KIND[1],
    ])
    review = run_review(listing, packs["eu"], client=make_client())
    operator("eu-operator", "eu")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "eu-operator")
    page.fill("#id_password", "pw-eu-operator")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    page.goto(f"{live_server.url}/admin/compliance_review/claimfinding/")

    # Then the evidence is shown as text, and nothing in it ran
    table = page.locator("#result_list").inner_text()
    assert '<img src=x onerror="alert(1)"> CE certified' in table
    assert "No DoC on record." in table
    assert page.locator("#result_list img[src=x]").count() == 0
    screenshot(page, "compliance-review-findings-eu-ops")

    # When they dismiss the health claim without a reason, then with one
    claim = review.findings.get(kind="medical_or_safety_claim")
    page.check(f"input[name=_selected_action][value='{claim.pk}']")
    page.select_option("select[name=action]", "dismiss")
    page.click("button[name=index]")
    page.wait_for_selector("textarea[name=reason]")
    # (the browser itself refuses an empty reason; blanks get past it, not past the server)
    assert page.locator("textarea[name=reason][required]").count() == 1
    page.fill("textarea[name=reason]", "   ")
    page.click("input[type=submit][value='Dismiss the findings']")
    assert "This field is required." in page.locator(".errorlist").inner_text()
    assert set(ClaimFinding.objects.values_list("status", flat=True)) == {"open"}
    page.fill("textarea[name=reason]", "Wellness wording, no medical claim in the EU sense.")
    screenshot(page, "compliance-review-dismiss-reason")
    page.click("input[type=submit][value='Dismiss the findings']")
    page.wait_for_selector(".messagelist .success")

    # And confirm the certification claim
    certification = review.findings.get(kind="unbacked_certification_claim")
    page.check(f"input[name=_selected_action][value='{certification.pk}']")
    page.select_option("select[name=action]", "confirm")
    page.click("button[name=index]")
    page.wait_for_selector("#confirm-question")
    page.click("#confirm-button")
    page.wait_for_selector(".messagelist .success")

    assert dialogs == []
    decided = {f.kind: (f.status, f.decision_reason, f.decided_by.username)
               for f in ClaimFinding.objects.select_related("decided_by")}
    assert decided == {
        "medical_or_safety_claim": ("dismissed",
                                    "Wellness wording, no medical claim in the EU sense.",
                                    "eu-operator"),
        "unbacked_certification_claim": ("confirmed", "", "eu-operator"),
    }
