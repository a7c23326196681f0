"""The certificate admin speaks the reader's language (issue 13): column headers, status
labels, filter titles and the change page's labels come from translated verbose names, not
the English field names."""

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse
from django.utils.text import capfirst

from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType, VerificationStatus
from tests.region_fixtures import operator

CERTIFICATES = "/admin/supplier_compliance/certificate/"

# What ops saw in English in a German or Chinese admin.
ENGLISH = ["Certificate type", "Number or identifier", "Valid from", "Valid until",
           "Pending verification", "Verified", "By status", "By certificate type",
           "Nach status", "Nach certificate", "Verify selected certificates",
           "Select certificate to change"]
ENGLISH_ON_THE_CHANGE_PAGE = ["Certificate type", "Number or identifier", "Valid from",
                              "Valid until", "Issuer", "Rejection reason", "Verified by",
                              "Validity", "Scope", "Acts it lists", "Verification",
                              "Pending verification", "Change certificate"]

HEADERS = {
    "de": ["Zertifikatstyp", "Nummer oder Kennung", "Status", "Lieferant", "Gültig ab",
           "Gültig bis", "Dokument"],
    "zh-hans": ["证书类型", "编号或标识", "状态", "供应商", "生效日期", "有效期至", "文件"],
}
STATUS = {"de": ["Verifizierung ausstehend", "Verifiziert"], "zh-hans": ["待验证", "已验证"]}
FILTERS = {"de": ["Status", "Region", "Zertifikatstyp"], "zh-hans": ["状态", "地区", "证书类型"]}
TITLE = {"de": "Zertifikat", "zh-hans": "证书"}


def column_titles(response) -> list[str]:
    """The headers as the template shows them (capfirst), without the selection checkbox."""
    return [capfirst(str(header["text"])) for header in result_headers(response.context["cl"])
            if "action-checkbox" not in header["class_attrib"]]


@pytest.fixture
def certificates(packs, supplier, listing) -> list[Certificate]:
    weee = CertificateType.objects.get(region=packs["eu"], code="weee-de")
    pending = Certificate.objects.create(supplier=supplier, number="WEEE-Reg.-Nr. DE 12345678",
                                         certificate_type=weee)
    # Another type in another region, so that the region and type filters are shown.
    ukca = CertificateType.objects.filter(region=packs["uk"]).first()
    verified = Certificate.objects.create(supplier=supplier, number="UK 87654321",
                                          certificate_type=ukca,
                                          status=VerificationStatus.VERIFIED)
    return [pending, verified]


@pytest.fixture
def europe_ops(packs):
    return operator("europe-operator", "eu", "uk")


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_the_certificate_list_has_no_english_left(client, europe_ops, certificates, language):
    client.force_login(europe_ops)

    response = client.get(CERTIFICATES, HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    headers = column_titles(response)
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert response.status_code == 200
    assert headers == HEADERS[language]
    assert titles == FILTERS[language]
    assert [s for s in STATUS[language] if s in html] == STATUS[language]
    assert TITLE[language] in str(response.context["title"])
    assert [text for text in ENGLISH if text in html] == []


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_the_certificate_page_has_no_english_left(client, europe_ops, certificates, language):
    client.force_login(europe_ops)

    response = client.get(reverse("admin:supplier_compliance_certificate_change",
                                  args=[certificates[0].pk]), HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert response.status_code == 200
    assert STATUS[language][0] in html
    assert HEADERS[language][1] in html
    assert [text for text in ENGLISH_ON_THE_CHANGE_PAGE if text in html] == []


def test_english_readers_keep_the_english_labels(client, europe_ops, certificates):
    client.force_login(europe_ops)

    response = client.get(CERTIFICATES, HTTP_ACCEPT_LANGUAGE="en")

    headers = column_titles(response)
    assert headers == ["Certificate type", "Number or identifier", "Status", "Supplier",
                       "Valid from", "Valid until", "Document"]
