"""The order and payment admin speak the reader's language (issue 13): column headers and
status labels come from translated verbose names and choice labels."""

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.utils.text import capfirst

from tests.marketplace.checkout.test_admin_ops import make_order
from tests.region_fixtures import eu_ops, packs  # noqa: F401

pytestmark = pytest.mark.django_db

ORDER_HEADERS = {"de": ["Nummer", "Status", "Gesamtbetrag", "Währung"],
                 "zh-hans": ["编号", "状态", "总额", "货币"]}
PAYMENT_HEADERS = {"de": ["Referenz", "Anbieter", "Betrag", "Währung", "Status"],
                   "zh-hans": ["参考号", "支付服务商", "金额", "货币", "状态"]}
ORDER_STATUS = {"de": "Aufgegeben", "zh-hans": "已下单"}
PAYMENT_STATUS = {"de": "Ausstehend", "zh-hans": "待处理"}
ENGLISH = [">Placed<", ">Pending<", "Number", "Total", "Currency", "Reference", "Provider",
           "Amount", "Select order to change", "Select payment to change"]


def titles(response) -> list[str]:
    return [capfirst(str(header["text"])) for header in result_headers(response.context["cl"])
            if "action-checkbox" not in header["class_attrib"]]


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_the_order_and_payment_lists_have_no_english_left(client, eu_ops, packs,  # noqa: F811
                                                          language):
    make_order("eu", "DE", "MR-EU-1")
    client.force_login(eu_ops)

    orders = client.get("/admin/checkout/order/", HTTP_ACCEPT_LANGUAGE=language)
    payments = client.get("/admin/checkout/payment/", HTTP_ACCEPT_LANGUAGE=language)

    order_titles, payment_titles = titles(orders), titles(payments)
    html = orders.content.decode() + payments.content.decode()
    assert [order_titles[i] for i in (0, 1, 5, 6)] == ORDER_HEADERS[language]
    assert [payment_titles[i] for i in (0, 2, 3, 4, 5)] == PAYMENT_HEADERS[language]
    assert f">{ORDER_STATUS[language]}<" in html
    assert f">{PAYMENT_STATUS[language]}<" in html
    assert [text for text in ENGLISH if text in html] == []
