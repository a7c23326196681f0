"""Regional ops in the order admin: they see the orders and payments of their regions only,
cannot open another region's by id, and record an offline payment after confirming."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.checkout.models import Order, Payment, Quote
from tests.region_fixtures import eu_ops, packs, superuser  # noqa: F401

pytestmark = pytest.mark.django_db


def make_order(region: str, country: str, number: str, provider: str = "manual") -> Order:
    now = timezone.now()
    quote = Quote.objects.create(
        region=region, country=country, language="en", buyer_type="business", lines=[],
        data={}, priced_on=now.date(), expires_at=now + datetime.timedelta(hours=1))
    order = Order.objects.create(
        number=number, quote=quote, idempotency_key=f"key-{number}", request_hash="0" * 64,
        payment_method="sepa-credit-transfer", shipping_option="de-duisburg:parcel",
        currency="EUR", total=Decimal("1190.00"), buyer={"name": "Buyer"}, snapshot={})
    Payment.objects.create(order=order, provider=provider, method="sepa-credit-transfer",
                           amount=order.total, currency="EUR", reference=number)
    return order


@pytest.fixture
def orders(packs):  # noqa: F811
    return {"eu": make_order("eu", "DE", "MR-EU-1"), "us": make_order("us", "US", "MR-US-1")}


def test_eu_ops_see_only_eu_orders_and_payments(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)

    order_list = client.get("/admin/checkout/order/")
    payment_list = client.get("/admin/checkout/payment/")

    assert order_list.status_code == 200
    assert [o.number for o in order_list.context["cl"].result_list] == ["MR-EU-1"]
    assert [p.reference for p in payment_list.context["cl"].result_list] == ["MR-EU-1"]


def test_eu_ops_cannot_open_a_us_order_by_id(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)

    response = client.get(f"/admin/checkout/order/{orders['us'].pk}/change/")

    assert response.status_code == 403
    assert "This belongs to a region you do not operate." in response.content.decode()
    assert client.get(f"/admin/checkout/order/{orders['eu'].pk}/change/").status_code == 200


def test_eu_ops_recording_a_us_payment_changes_nothing(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)
    us_payment = orders["us"].payments.get()

    response = client.post("/admin/checkout/order/", {
        "action": "record_received", "confirmed": "yes",
        "_selected_action": [orders["us"].pk]})

    us_payment.refresh_from_db()
    assert us_payment.status == "pending"
    assert response.status_code == 302  # Django: "no items selected" (none of theirs)


def test_recording_a_payment_asks_first(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)
    payment = orders["eu"].payments.get()

    response = client.post("/admin/checkout/order/", {
        "action": "record_received", "_selected_action": [orders["eu"].pk]})

    payment.refresh_from_db()
    assert response.status_code == 200
    assert response.templates[0].name == "admin/confirm_action.html"
    assert list(response.context["objects"]) == [orders["eu"]]
    assert payment.status == "pending"


def test_eu_ops_record_an_offline_payment_once_confirmed(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)
    payment = orders["eu"].payments.get()

    response = client.post("/admin/checkout/order/", {
        "action": "record_received", "confirmed": "yes",
        "_selected_action": [orders["eu"].pk]}, follow=True)

    payment.refresh_from_db()
    assert payment.status == "paid"
    assert [str(m) for m in response.context["messages"]] == ["1 payment(s) recorded as paid."]


def test_a_card_payment_is_not_recorded_by_hand(client, eu_ops, packs):  # noqa: F811
    order = make_order("eu", "FR", "MR-EU-CARD", provider="stripe")
    client.force_login(eu_ops)

    client.post("/admin/checkout/order/", {
        "action": "record_received", "confirmed": "yes", "_selected_action": [order.pk]})

    assert order.payments.get().status == "pending"


def test_order_times_are_in_the_region_zone_with_a_label(client, eu_ops, orders):  # noqa: F811
    placed = datetime.datetime(2026, 12, 2, 13, 5, tzinfo=datetime.UTC)
    Order.objects.filter(pk=orders["eu"].pk).update(created_at=placed)
    client.force_login(eu_ops)

    html = client.get("/admin/checkout/order/").content.decode()

    # The zone named by CLDR in the admin's language (regions.core.local_time): English has
    # no abbreviation for Central European Time, so the offset, localized.
    assert "2026-12-02 14:05 GMT+01:00" in html
    assert "Times in Europe/Brussels" in html


def test_ops_filter_the_orders_whose_payment_is_pending(client, eu_ops, packs):  # noqa: F811
    pending = make_order("eu", "DE", "MR-EU-PENDING")
    paid = make_order("eu", "DE", "MR-EU-PAID")
    paid.payments.update(status="paid")
    client.force_login(eu_ops)

    response = client.get("/admin/checkout/order/?payment=pending")

    assert [o.number for o in response.context["cl"].result_list] == [pending.number]


def test_the_order_list_shows_the_pack_names_in_the_ops_language(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)

    html = client.get("/admin/checkout/order/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert '<td class="field-payment_method_shown">SEPA-Überweisung</td>' in html
    assert '?payment_method=sepa-credit-transfer">SEPA-Überweisung</a>' in html
    assert ">sepa-credit-transfer<" not in html


def test_the_order_page_shows_the_pack_names_in_the_ops_language(client, eu_ops, orders):  # noqa: F811
    Order.objects.filter(pk=orders["eu"].pk).update(
        shipping_option="de-duisburg:parcel-consumer")
    client.force_login(eu_ops)

    html = client.get(f"/admin/checkout/order/{orders['eu'].pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert '<div class="readonly">SEPA-Überweisung</div>' in html
    assert re.search(r'<td class="field-method_shown">\s*<p>SEPA-Überweisung</p>', html)
    assert ">sepa-credit-transfer<" not in html
    assert "Zahlungsart" in html
    assert '<div class="readonly">Paket mit Sendungsverfolgung</div>' in html


def test_a_code_the_pack_no_longer_has_reads_as_itself(client, eu_ops, orders):  # noqa: F811
    Order.objects.filter(pk=orders["eu"].pk).update(payment_method="gone-method")
    client.force_login(eu_ops)

    html = client.get("/admin/checkout/order/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert '<td class="field-payment_method_shown">gone-method</td>' in html


def test_the_payment_list_shows_the_method_names_in_the_ops_language(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)

    html = client.get("/admin/checkout/payment/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert '<td class="field-method_shown">SEPA-Überweisung</td>' in html
    assert '?method=sepa-credit-transfer">SEPA-Überweisung</a>' in html
    assert ">sepa-credit-transfer<" not in html


def test_the_payment_filter_by_method_name_keeps_its_rows(client, eu_ops, packs):  # noqa: F811
    make_order("eu", "DE", "MR-EU-1")
    other = make_order("eu", "DE", "MR-EU-2")
    Payment.objects.filter(order=other).update(method="gone-method")
    client.force_login(eu_ops)

    response = client.get("/admin/checkout/payment/?method=sepa-credit-transfer")

    assert [p.reference for p in response.context["cl"].result_list] == ["MR-EU-1"]
    assert '<td class="field-method_shown">gone-method</td>' not in response.content.decode()
    listed = client.get("/admin/checkout/payment/").content.decode()
    assert '<td class="field-method_shown">gone-method</td>' in listed


def test_the_payment_page_shows_the_method_name(client, eu_ops, orders):  # noqa: F811
    client.force_login(eu_ops)
    payment = orders["eu"].payments.get()

    html = client.get(f"/admin/checkout/payment/{payment.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert '<div class="readonly">SEPA-Überweisung</div>' in html
    assert ">sepa-credit-transfer<" not in html
