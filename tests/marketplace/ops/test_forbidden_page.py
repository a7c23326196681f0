"""The 403 page says why, in the user's language, and links back."""

import pytest
from django.contrib.auth import get_user_model

from marketplace.catalog.models import Supplier
from regions.payments.models import PaymentMethod
from tests.region_fixtures import eu_ops, packs  # noqa: F401

pytestmark = pytest.mark.django_db


def test_ops_read_why_and_go_back_to_where_they_came_from(client, eu_ops):  # noqa: F811
    uk_method = PaymentMethod.objects.filter(region__code="uk").first()
    client.force_login(eu_ops)

    response = client.get(f"/admin/regions_payments/paymentmethod/{uk_method.pk}/change/",
                          HTTP_REFERER="http://testserver/admin/regions_payments/paymentmethod/")

    html = response.content.decode()
    assert response.status_code == 403
    assert "This belongs to a region you do not operate." in html
    assert 'href="http://testserver/admin/regions_payments/paymentmethod/"' in html
    assert "Signed in as eu-operator." in html


def test_a_foreign_referer_is_not_the_way_back(client, eu_ops):  # noqa: F811
    uk_method = PaymentMethod.objects.filter(region__code="uk").first()
    client.force_login(eu_ops)

    response = client.get(f"/admin/regions_payments/paymentmethod/{uk_method.pk}/change/",
                          HTTP_REFERER="https://evil.example/phish")

    assert response.context["back_url"] == "/admin/"


def test_a_merchant_in_the_admin_reads_why_in_chinese_with_a_link_to_the_workspace(client, db):
    merchant = get_user_model().objects.create_user("sz-audio", password="pw")
    Supplier.objects.create(name="Hexin", slug="hexin", country="CN").members.add(merchant)
    client.force_login(merchant)

    response = client.get("/admin/catalog/listing/", HTTP_ACCEPT_LANGUAGE="zh-hans",
                          follow=True)

    html = response.content.decode()
    assert response.status_code == 403
    assert "您无权打开此页面" in html
    assert "后台仅供平台工作人员使用" in html
    assert 'id="forbidden-workspace"' not in html  # the way back is the workspace already
    assert 'href="/portal/workspace/" id="forbidden-back"' in html


def test_a_merchant_may_still_sign_in_as_someone_else(client, db):
    merchant = get_user_model().objects.create_user("sz-audio", password="pw")
    get_user_model().objects.create_user("ops", password="pw-ops", is_staff=True)
    client.force_login(merchant)

    response = client.post("/admin/login/", {"username": "ops", "password": "pw-ops"})

    assert response.status_code == 302


def test_a_german_user_reads_the_reason_in_german(client, eu_ops):  # noqa: F811
    uk_method = PaymentMethod.objects.filter(region__code="uk").first()
    client.force_login(eu_ops)

    response = client.get(f"/admin/regions_payments/paymentmethod/{uk_method.pk}/change/",
                          HTTP_ACCEPT_LANGUAGE="de")

    html = response.content.decode()
    assert "Dies gehört zu einer Region, die Sie nicht betreuen." in html
    assert "Zurück" in html
