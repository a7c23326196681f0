"""A merchant (not staff) follows every fix link of the preview and lands on a workspace form
that answers 200, in the language the preview was in."""

import re
from html import unescape

import pytest

from marketplace.catalog.models import PriceTier
from tests.marketplace.preview.conftest import preview_url

pytestmark = pytest.mark.django_db


def fix_links(html: str) -> list[str]:
    links = re.findall(r'class="finding__fix" href="([^"]+)"', html)
    links += re.findall(r'<a class="button" href="([^"]+)">[^<]*</a>', html)[:1]  # Edit listing
    return [unescape(link) for link in links]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_fix_link_of_the_preview_opens_a_workspace_form(signed_in, listing, language):
    PriceTier.objects.filter(listing=listing).delete()  # adds the "Add price tiers" fix
    signed_in.cookies["django_language"] = language
    html = signed_in.get(preview_url(listing, "DE-consumer", "FR-consumer", "US-business",
                                     "GB-consumer")).content.decode()

    links = fix_links(html)

    assert len(links) >= 8
    assert {link.split("/")[4].split("?")[0] for link in links} == {
        "certificates", "listings", "responsible-persons"}
    assert f"/portal/workspace/{language}/responsible-persons/?region=eu#person" in links
    assert f"/portal/workspace/{language}/listings/{listing.pk}/translations/fr/" in links
    assert f"/portal/workspace/{language}/listings/{listing.pk}/" in links
    for link in links:
        assert link.startswith(f"/portal/workspace/{language}/"), link
        response = signed_in.get(link)
        assert response.status_code == 200, link
        assert f'<html lang="{language}"' in response.content.decode()
