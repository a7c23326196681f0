"""The AI findings admin speaks the reader's language (issue 13): the filters are titled with
the fields' translated names ("Nach kind" was what a German reader saw)."""

import pytest

from tests.region_fixtures import eu_ops, packs  # noqa: F401

pytestmark = pytest.mark.django_db

FINDINGS = "/admin/compliance_review/claimfinding/"
FILTERS = {"de": ["Status", "Art des Befunds"], "zh-hans": ["状态", "检查结果类型"]}
ENGLISH = ["Nach kind", "Nach status", "By kind", "By status", "Select AI claim finding"]


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_the_findings_filters_are_titled_in_the_readers_language(client, eu_ops,  # noqa: F811
                                                                 language):
    client.force_login(eu_ops)

    response = client.get(FINDINGS, HTTP_ACCEPT_LANGUAGE=language)

    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    html = response.content.decode()
    assert response.status_code == 200
    assert titles[:2] == FILTERS[language]
    assert [text for text in ENGLISH if text in html] == []
