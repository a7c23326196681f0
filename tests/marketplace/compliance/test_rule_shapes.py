"""Rules that say what the law says, as a compliance officer reads them: a listing, the
certificates on record, the market -> sellable or not, and which finding.

Each case puts on record everything else the market asks of the listing (so only the
documents under test decide), stores a report through the service and reads the answer from
the listings API, as a merchant or a buyer's checkout would.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone
from django.utils.translation import override
from rest_framework.test import APIClient

from marketplace.compliance.models import Certificate
from marketplace.compliance.services import check, record_reports
from marketplace.rates.models import ExchangeRate
from regions.compliance.models import CertificateType, VerificationStatus
from regions.core.market import resolve_market_context
from tests.marketplace.compliance.conftest import make_listing

COUNTRY = {"eu": "DE", "uk": "GB", "us": "US"}
LANGUAGE = {"eu": "en", "uk": "en-GB", "us": "en-US"}
RED_ACTS = ["red", "red-cyber"]

WIFI_CAMERA = {"title": "Wi-Fi security camera", "category": "consumer_electronics",
               "radio": True, "contains_battery": False}
WIRED_SPEAKER = {"title": "Wired desk speaker", "category": "consumer_electronics",
                 "radio": False, "contains_battery": False}
ROUTER = {"title": "Wi-Fi 6 router", "category": "radio_devices", "radio": True,
          "contains_battery": False}
DRILL = {"title": "Bench drill 500 W", "category": "machinery", "radio": False,
         "contains_battery": False, "voltage": 230}
GLOVES_II = {"title": "Cut-resistant gloves EN 388 level C", "category": "ppe_category_ii",
             "radio": False, "contains_battery": False}
GLOVES_I = {"title": "Gardening gloves", "category": "ppe_category_i", "radio": False,
            "contains_battery": False}
HARNESS_III = {"title": "Fall-arrest harness EN 361", "category": "ppe_category_iii",
               "radio": False, "contains_battery": False}
PPE_UNSTATED = {"title": "Safety goggles", "category": "ppe", "radio": False,
                "contains_battery": False}
TOY = {"title": "Wooden blocks", "category": "toys", "radio": False,
       "contains_battery": False, "for_children": True}
TOWEL = {"title": "Bath towel 70x140", "category": "textiles", "radio": False,
         "contains_battery": False}
LAMP = {"title": "LED desk lamp", "category": "lighting", "radio": False,
        "contains_battery": False, "voltage": 230}


@dataclass(frozen=True)
class Doc:
    """A certificate on record: type code, the acts it lists, how it stands."""

    type: str
    acts: tuple[str, ...] = ()
    status: str = VerificationStatus.VERIFIED
    expired: bool = False
    rejection_reason: str = ""


@dataclass(frozen=True)
class Case:
    name: str
    region: str
    listing: dict
    # The certificate types the case is about: nothing else of these types is put on record.
    about: tuple[str, ...]
    on_record: tuple[Doc, ...]
    sellable: bool
    # (finding code, certificate type, severity) of the findings about `about`.
    findings: set = field(default_factory=set)
    buyer: str = "consumer"


CASES = [
    Case("US Wi-Fi camera with an FCC ID only: the certification covers the whole device",
         "us", WIFI_CAMERA, ("fcc-id", "fcc-sdoc"), (Doc("fcc-id"),), True),
    Case("US Wi-Fi camera with an SDoC only: a transmitter needs certification",
         "us", WIFI_CAMERA, ("fcc-id", "fcc-sdoc"), (Doc("fcc-sdoc"),), False,
         {("certificate_missing", "fcc-id", "blocker")}),
    Case("US wired speaker with an SDoC: sellable", "us", WIRED_SPEAKER,
         ("fcc-id", "fcc-sdoc"), (Doc("fcc-sdoc"),), True),
    Case("US wired speaker with neither: one of the two is required", "us", WIRED_SPEAKER,
         ("fcc-id", "fcc-sdoc"), (), False, {("certificate_missing", "fcc-sdoc", "blocker")}),
    Case("EU router whose DoC lists RED and its cybersecurity requirements", "eu", ROUTER,
         ("eu-doc-ce",), (Doc("eu-doc-ce", ("red", "red-cyber", "rohs")),), True),
    Case("EU router whose DoC lists only LVD and EMC", "eu", ROUTER, ("eu-doc-ce",),
         (Doc("eu-doc-ce", ("lvd", "emc")),), False,
         {("certificate_act_not_listed", "eu-doc-ce", "blocker")}),
    Case("EU router whose DoC lists RED but not the cybersecurity act", "eu", ROUTER,
         ("eu-doc-ce",), (Doc("eu-doc-ce", ("red",)),), False,
         {("certificate_act_not_listed", "eu-doc-ce", "blocker")}),
    Case("EU router with an old DoC and a new one that lists RED: the new one counts", "eu",
         ROUTER, ("eu-doc-ce",),
         (Doc("eu-doc-ce", ("lvd",)), Doc("eu-doc-ce", ("red", "red-cyber", "rohs"))), True),
    Case("EU router whose DoC lists RED but was rejected: the rejection is the finding", "eu",
         ROUTER, ("eu-doc-ce",),
         (Doc("eu-doc-ce", ("red", "red-cyber"), VerificationStatus.REJECTED,
              rejection_reason="Unsigned"),), False,
         {("certificate_rejected", "eu-doc-ce", "blocker")}),
    Case("EU bench drill whose DoC lists the Machinery Directive (which takes in the LVD)",
         "eu", DRILL, ("eu-doc-ce",),
         (Doc("eu-doc-ce", ("machinery-2006-42", "emc", "rohs")),), True),
    Case("EU mains lamp whose DoC lists EMC and RoHS but not the LVD", "eu", LAMP,
         ("eu-doc-ce",), (Doc("eu-doc-ce", ("emc", "rohs")),), False,
         {("certificate_act_not_listed", "eu-doc-ce", "blocker")}),
    Case("EU mains lamp whose DoC lists LVD, EMC and RoHS", "eu", LAMP, ("eu-doc-ce",),
         (Doc("eu-doc-ce", ("lvd", "emc", "rohs")),), True),
    Case("EU toy whose DoC lists no act", "eu", TOY, ("eu-doc-ce",), (Doc("eu-doc-ce"),),
         False, {("certificate_act_not_listed", "eu-doc-ce", "blocker")}),
    Case("EU PPE II gloves whose DoC lists the PPE Regulation", "eu", GLOVES_II,
         ("eu-doc-ce",), (Doc("eu-doc-ce", ("ppe",)),), True),
    Case("EU bench drill whose DoC lists only the Machinery Regulation, before it applies",
         "eu", DRILL, ("eu-doc-ce",), (Doc("eu-doc-ce", ("machinery-2023-1230",)),), False,
         {("certificate_act_not_listed", "eu-doc-ce", "blocker")}),
    Case("EU PPE II gloves with an expired type-examination: blocked", "eu", GLOVES_II,
         ("ppe-eu-type-exam",), (Doc("ppe-eu-type-exam", expired=True),), False,
         {("certificate_expired", "ppe-eu-type-exam", "blocker")}),
    Case("EU PPE II gloves with a current type-examination", "eu", GLOVES_II,
         ("ppe-eu-type-exam",), (Doc("ppe-eu-type-exam"),), True),
    Case("EU PPE III harness without a type-examination: blocked", "eu", HARNESS_III,
         ("ppe-eu-type-exam",), (), False,
         {("certificate_missing", "ppe-eu-type-exam", "blocker")}),
    Case("EU PPE I gloves: self-declared, no type-examination required", "eu", GLOVES_I,
         ("ppe-eu-type-exam",), (), True),
    Case("EU PPE of no stated category: a warning to state it", "eu", PPE_UNSTATED,
         ("ppe-eu-type-exam",), (), True,
         {("certificate_missing", "ppe-eu-type-exam", "warning")}),
    Case("UK toy with the EU DoC (CE accepted)", "uk", TOY, ("uk-doc-ukca", "uk-ce-doc"),
         (Doc("uk-ce-doc", ("toys",)),), True),
    Case("UK toy with a UK DoC (UKCA)", "uk", TOY, ("uk-doc-ukca", "uk-ce-doc"),
         (Doc("uk-doc-ukca", ("uk-toys-2011",)),), True),
    Case("UK toy with an EU DoC that does not list the Toy Safety Directive", "uk", TOY,
         ("uk-doc-ukca", "uk-ce-doc"), (Doc("uk-ce-doc", ("emc",)),), False,
         {("certificate_act_not_listed", "uk-ce-doc", "blocker")}),
    Case("UK mains lamp with a UKCA DoC without the Electrical Equipment (Safety) "
         "Regulations", "uk", LAMP, ("uk-doc-ukca", "uk-ce-doc"),
         (Doc("uk-doc-ukca", ("uk-emc-2016", "uk-rohs-2012")),), False,
         {("certificate_act_not_listed", "uk-doc-ukca", "blocker")}),
    Case("UK router with the EU DoC listing RED (which answers for EMC) and RoHS", "uk",
         ROUTER, ("uk-doc-ukca", "uk-ce-doc"),
         (Doc("uk-ce-doc", ("red", "red-cyber", "rohs")),), True),
    Case("UK toy with neither DoC: one of them is required", "uk", TOY,
         ("uk-doc-ukca", "uk-ce-doc"), (), False,
         {("certificate_missing", "uk-doc-ukca", "blocker")}),
    Case("UK PPE II gloves with the EU type-examination behind their CE marking", "uk",
         GLOVES_II, ("uk-ppe-type-exam-ukca", "uk-ppe-type-exam-eu"),
         (Doc("uk-ppe-type-exam-eu"),), True),
    Case("UK PPE II gloves with an expired UK type-examination: blocked", "uk", GLOVES_II,
         ("uk-ppe-type-exam-ukca", "uk-ppe-type-exam-eu"),
         (Doc("uk-ppe-type-exam-ukca", expired=True),), False,
         {("certificate_expired", "uk-ppe-type-exam-ukca", "blocker")}),
    Case("EU towel without an SVHC statement: REACH warns, the towel sells", "eu", TOWEL,
         ("reach-svhc-scip",), (), True,
         {("certificate_missing", "reach-svhc-scip", "warning")}),
    Case("EU lamp for consumers without a GPSR responsible person: blocked", "eu", LAMP,
         ("gpsr-eu-rp",), (), False, {("certificate_missing", "gpsr-eu-rp", "blocker")}),
    Case("EU lamp for businesses: GPSR does not apply", "eu", LAMP, ("gpsr-eu-rp",), (),
         True, buyer="business"),
]


@pytest.fixture(autouse=True)
def rates(db):
    for currency, rate in (("CNY", "8.0000"), ("GBP", "0.8500"), ("USD", "1.0800")):
        ExchangeRate.objects.create(currency=currency, rate=rate,
                                    as_of=datetime.date(2026, 11, 20), source="test")


def market(region: str, buyer: str = "consumer"):
    return resolve_market_context(region=region, country=COUNTRY[region], buyer=buyer)


def record(supplier, region: str, doc: Doc, listing) -> Certificate:
    kind = CertificateType.objects.get(region__code=region, code=doc.type)
    today = timezone.localdate()
    if doc.expired:
        start, end = today - datetime.timedelta(days=800), today - datetime.timedelta(days=1)
    else:
        start = today - datetime.timedelta(days=30)
        end = today + datetime.timedelta(days=700) if kind.expires else None
    number = kind.identifier_example or f"DOC-{doc.type.upper()}-{Certificate.objects.count()}"
    certificate = Certificate(
        supplier=supplier, certificate_type=kind, valid_from=start, valid_until=end,
        number=number, acts=list(doc.acts), status=doc.status,
        rejection_reason=doc.rejection_reason)
    certificate.full_clean()
    certificate.save()
    certificate.listings.set([listing])
    return certificate


def certify_the_rest(listing, case: Case) -> None:
    """Everything the market asks of the listing, except the case's own types, on record."""
    here = market(case.region, case.buyer)
    for requirement in check(listing, here).requirements:
        accepted = requirement.accepted_types or (requirement.certificate_type,)
        if set(accepted) & set(case.about):
            continue
        record(listing.supplier, case.region,
               Doc(requirement.certificate_type, tuple(requirement.acts)), listing)


def answer(listing, case: Case) -> dict:
    response = APIClient().get(f"/api/v1/listings/{listing.pk}/", {
        "region": case.region, "country": COUNTRY[case.region], "buyer": case.buyer,
        "lang": LANGUAGE[case.region]})
    assert response.status_code == 200
    return response.json()["compliance"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_compliance_officer_cases(packs, supplier, case):
    # Given: the listing, the documents under test and everything else on record.
    listing = make_listing(supplier, **case.listing)
    for doc in case.on_record:
        record(supplier, case.region, doc, listing)
    certify_the_rest(listing, case)
    # When: a report is stored and the API answers from it.
    [report] = record_reports([listing], packs[case.region], trigger="command")
    compliance = answer(listing, case)

    # Then
    about = {(f["code"], f["certificate_type"], f["severity"]) for f in compliance["findings"]
             if f["certificate_type"] in case.about}
    assert about == case.findings
    assert compliance["sellable"] is case.sellable
    assert report.findings  # stored: the answer compares with it (checks elsewhere)


def test_a_doc_that_does_not_list_red_says_so(packs, supplier):
    case = next(c for c in CASES if c.name == "EU router whose DoC lists only LVD and EMC")
    listing = make_listing(supplier, **case.listing)
    [doc] = case.on_record
    record(supplier, "eu", doc, listing)
    record_reports([listing], packs["eu"], trigger="command")

    [finding] = [f for f in answer(listing, case)["findings"]
                 if f["certificate_type"] == "eu-doc-ce"]

    assert finding["message"] == (
        "Your EU Declaration of Conformity (CE marking) no. DOC-EU-DOC-CE-0 does not list "
        "the Radio Equipment Directive 2014/53/EU, Radio Equipment Directive "
        "cybersecurity requirements (Delegated Regulation (EU) 2022/30, EN 18031), RoHS "
        "Directive 2011/65/EU, which this product falls under; upload a declaration that "
        "lists it.")
    assert finding["rules"] == ["ce-doc-electrical", "ce-doc-radio", "red-cyber-radio"]


def test_a_missing_either_or_names_every_acceptable_type(packs, supplier):
    case = next(c for c in CASES if c.name.startswith("US wired speaker with neither"))
    listing = make_listing(supplier, **case.listing)
    record_reports([listing], packs["us"], trigger="command")

    compliance = answer(listing, case)

    [finding] = [f for f in compliance["findings"] if f["certificate_type"] == "fcc-sdoc"]
    assert finding["message"] == (
        "One of these is required to sell this product here: FCC Supplier's Declaration of "
        "Conformity (SDoC), FCC equipment authorization (FCC ID); none is on record.")
    [requirement] = [r for r in compliance["requirements"]
                     if r["certificate_type"] == "fcc-sdoc"]
    assert requirement["accepted_types"] == ["fcc-sdoc", "fcc-id"]


def test_the_either_or_finding_reads_in_the_merchants_language(packs, supplier):
    listing = make_listing(supplier, **TOY)
    with override("zh-hans"):
        [finding] = [f for f in check(listing, market("uk")).findings
                     if f.certificate_type == "uk-doc-ukca"]
        message = finding.message

    assert message.startswith("在此销售本产品需要以下任一文件：")


def test_machinery_needs_the_regulation_on_the_doc_from_20_january_2027(packs, supplier):
    listing = make_listing(supplier, **DRILL)
    record(supplier, "eu", Doc("eu-doc-ce", ("machinery-2006-42", "emc", "rohs")), listing)

    before = check(listing, market("eu"), today=datetime.date(2027, 1, 19))
    after = check(listing, market("eu"), today=datetime.date(2027, 1, 20))

    assert [f.code for f in before.findings if f.certificate_type == "eu-doc-ce"] == []
    assert [(f.code, f.rules) for f in after.findings if f.certificate_type == "eu-doc-ce"] == [
        ("certificate_act_not_listed",
         ("ce-doc-electrical", "ce-doc-mains-voltage", "machinery-regulation"))]


def test_ppe_category_i_asks_for_no_type_examination_at_all(packs, supplier):
    listing = make_listing(supplier, **GLOVES_I)

    requirements = check(listing, market("eu")).requirements

    assert "ppe-eu-type-exam" not in {r.certificate_type for r in requirements}
    assert "eu-doc-ce" in {r.certificate_type for r in requirements}


def test_the_missing_acts_are_named_in_the_merchants_language(packs, supplier):
    listing = make_listing(supplier, **ROUTER)
    record(supplier, "eu", Doc("eu-doc-ce", ("lvd", "emc")), listing)

    with override("de"):
        [finding] = [f for f in check(listing, market("eu")).findings
                     if f.certificate_type == "eu-doc-ce"]
        message = finding.message

    assert message == (
        "Ihre EU-Konformitätserklärung (CE-Kennzeichnung) Nr. DOC-EU-DOC-CE-0 nennt nicht, was "
        "für dieses Produkt gilt: Funkanlagenrichtlinie 2014/53/EU, "
        "Cybersicherheitsanforderungen der Funkanlagenrichtlinie (Delegierte Verordnung (EU) "
        "2022/30, EN 18031), RoHS-Richtlinie 2011/65/EU. Laden Sie eine Erklärung hoch, die es "
        "nennt.")


def test_a_uk_rule_asks_each_accepted_doc_for_its_own_acts(packs, supplier):
    listing = make_listing(supplier, **ROUTER)

    [requirement] = [r for r in check(listing, market("uk")).requirements
                     if r.certificate_type == "uk-doc-ukca"]

    # The UKCA DoC is shown (the rule's own type) with the GB regulations asked of it (the
    # Radio Equipment Regulations take in EMC); the CE DoC would be asked for the EU acts
    # instead (the cases above).
    assert requirement.accepted_types == ("uk-doc-ukca", "uk-ce-doc")
    assert requirement.acts == ("uk-radio-2017", "uk-rohs-2012")
