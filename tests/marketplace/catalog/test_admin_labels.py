"""The listing admin speaks the reader's language (issue 13): column headers, status labels and
filter titles come from translated verbose names and choice labels."""

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.utils.text import capfirst

from marketplace.catalog.models import ListingStatus, Supplier
from tests.marketplace.compliance.conftest import make_listing
from tests.region_fixtures import superuser  # noqa: F401

pytestmark = pytest.mark.django_db

LISTINGS = "/admin/catalog/listing/"

HEADERS = {
    "de": ["Titel", "Lieferant", "Status", "Kategorie", "Quelle",
           "Mindestbestellmenge", "Übersetzungen"],
    "zh-hans": ["标题", "供应商", "状态", "类别", "源语言与币种", "最小起订量", "翻译"],
}
FILTERS = {"de": ["Status", "Kategorie", "Ausgangssprache", "Ausgangswährung"],
           "zh-hans": ["状态", "类别", "源语言", "原始货币"]}
STATUS = {"de": ["Entwurf", "Veröffentlicht"], "zh-hans": ["草稿", "已发布"]}
ENGLISH = ["Title", "Minimum order quantity", "Source language", "Source currency",
           "By status", "By category", "Draft", "Published", "Select listing to change"]


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_the_listing_list_has_no_english_left(client, superuser, language):  # noqa: F811
    supplier = Supplier.objects.create(name="Hexin Audio", slug="hexin", country="CN")
    make_listing(supplier, title="Earbuds", status=ListingStatus.DRAFT)
    make_listing(supplier, title="Speaker", status=ListingStatus.PUBLISHED)
    client.force_login(superuser)

    response = client.get(LISTINGS, HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    headers = [capfirst(str(h["text"])) for h in result_headers(response.context["cl"])
               if "action-checkbox" not in h["class_attrib"]]
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert response.status_code == 200
    assert headers[:7] == HEADERS[language]
    assert titles[:4] == FILTERS[language]
    assert [s for s in STATUS[language] if s in html] == STATUS[language]
    assert [text for text in ENGLISH if text in html] == []
