"""Validity in both directions: a certificate counts from its first day through its last; one
that starts later is `certificate_not_yet_valid`, a blocker where the rule blocks, and may still
be recorded ahead of time."""

import datetime

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from marketplace.compliance.models import Certificate
from marketplace.compliance.services import check, record_reports
from marketplace.rates.models import ExchangeRate
from regions.compliance.models import CertificateType, ComplianceRule, VerificationStatus
from regions.core.market import resolve_market_context
from tests.marketplace.compliance.conftest import make_listing

TODAY = datetime.date(2026, 11, 24)
DAY = datetime.timedelta(days=1)
WEEE = "WEEE-Reg.-Nr. DE 12345678"


def weee(supplier, **validity) -> Certificate:
    return Certificate.objects.create(
        supplier=supplier, number=WEEE, status=VerificationStatus.VERIFIED,
        certificate_type=CertificateType.objects.get(region__code="eu", code="weee-de"),
        **validity)


def weee_in_germany(listing, today=TODAY):
    summary = check(listing, resolve_market_context(region="eu", country="DE",
                                                    buyer="consumer"), today=today)
    [requirement] = [r for r in summary.requirements if r.certificate_type == "weee-de"]
    findings = [(f.code, f.severity) for f in summary.findings
                if f.certificate_type == "weee-de"]
    return requirement.status, findings


@pytest.mark.parametrize(("validity", "status", "findings"), [
    ({"valid_from": TODAY + DAY}, "not_yet_valid",
     [("certificate_not_yet_valid", "blocker")]),
    ({"valid_from": TODAY}, "satisfied", []),
    ({"valid_from": TODAY - 400 * DAY, "valid_until": TODAY}, "expiring",
     [("certificate_expiring", "warning")]),
    ({"valid_from": TODAY - 400 * DAY, "valid_until": TODAY - DAY}, "expired",
     [("certificate_expired", "blocker")]),
], ids=["starts tomorrow", "starts today", "ends today", "ended yesterday"])
def test_the_edges_of_validity(packs, supplier, listing, validity, status, findings):
    weee(supplier, **validity)

    assert weee_in_germany(listing) == (status, findings)


def test_a_certificate_that_starts_later_is_said_so_with_its_start(packs, supplier, listing):
    weee(supplier, valid_from=datetime.date(2027, 1, 1))
    market = resolve_market_context(region="eu", country="DE", buyer="consumer")

    [finding] = [f for f in check(listing, market, today=TODAY).findings
                 if f.certificate_type == "weee-de"]

    assert finding.message == ("Your WEEE registration Germany (stiftung ear) no. "
                               f"{WEEE} is valid only from 2027-01-01; until then it does "
                               "not count.")
    with translation.override("zh-hans"):
        # the type's name from the eu pack's Chinese catalog
        assert finding.message == ("您的 德国 WEEE 注册（stiftung ear）（编号 "
                                   f"{WEEE}）自 2027-01-01 起才生效，在此之前不予认可。")


def test_a_current_certificate_beats_one_that_starts_later(packs, supplier, listing):
    weee(supplier, valid_from=TODAY + 30 * DAY)
    weee(supplier, valid_from=TODAY - 30 * DAY)

    assert weee_in_germany(listing) == ("satisfied", [])


def test_where_the_rule_warns_a_later_start_only_warns(packs, supplier, listing):
    rule = ComplianceRule.objects.get(region__code="eu", code="weee-de-electrical")
    rule.severity = "warning"
    rule.save()
    weee(supplier, valid_from=TODAY + DAY)

    assert weee_in_germany(listing) == ("not_yet_valid",
                                        [("certificate_not_yet_valid", "warning")])


def test_a_future_start_may_be_recorded(packs, supplier):
    certificate = Certificate(
        supplier=supplier, number=WEEE, valid_from=timezone.localdate() + 365 * DAY,
        certificate_type=CertificateType.objects.get(region__code="eu", code="weee-de"))

    certificate.full_clean()  # no error: recording it ahead of time is allowed


def test_a_cpc_valid_from_next_year_does_not_sell_a_toy_today(packs, supplier):
    ExchangeRate.objects.create(currency="USD", rate="1.1000",
                                as_of=datetime.date(2026, 11, 20), source="test")
    ExchangeRate.objects.create(currency="CNY", rate="8.0000",
                                as_of=datetime.date(2026, 11, 20), source="test")
    toy = make_listing(supplier, title="Plush rabbit", category="toys", for_children=True,
                       radio=False, contains_battery=False)
    market = resolve_market_context(region="us", country="US", buyer="consumer")
    for requirement in check(toy, market).requirements:
        kind = CertificateType.objects.get(region__code="us", code=requirement.certificate_type)
        Certificate.objects.create(supplier=supplier, certificate_type=kind,
                                   number=kind.identifier_example or "HX-2025-01",
                                   status=VerificationStatus.VERIFIED)
    record_reports([toy], packs["us"], trigger="command")
    cpc = Certificate.objects.get(supplier=supplier, certificate_type__code="cpsc-cpc")
    cpc.valid_from = timezone.localdate().replace(month=1, day=1, year=timezone.localdate().year
                                                  + 1)
    cpc.save()

    item = APIClient().get(f"/api/v1/listings/{toy.pk}/",
                           {"region": "us", "country": "US", "buyer": "consumer"}).json()

    assert item["sellable"] is False
    assert [(f["code"], f["severity"]) for f in item["compliance"]["findings"]] == \
        [("certificate_not_yet_valid", "blocker")]
