"""The market configuration cache never serves a stale configuration: after an ops edit, the
next request shows it. Each test warms the cache with a first request, edits the way ops
(the admin, `load_region`, `load_rates`) do, and asks again."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override
from simple_history.utils import bulk_update_with_history

from marketplace.catalog.models import Listing
from marketplace.localization.config_version import configuration_version, watched_models
from marketplace.localization.market import MarketConfig, market_data_for
from marketplace.localization.taxes import components
from marketplace.rates.loading import load_ecb_rates
from marketplace.rates.models import ExchangeRate
from regions.compliance.models import ComplianceRule
from regions.core import config_version
from regions.core.checks import check_configuration_version
from regions.core.market import resolve_market_context
from regions.core.models import ConfigurationVersion, Country, Region, RegionOperator
from regions.core.pack_names import pack_name
from regions.languages.models import RegionLanguage
from regions.payments.models import PaymentMethod, PaymentMethodCurrency
from regions.taxes.models import RateKind, TaxPolicy, TaxRate
from regions.warehouses.models import ShippingOption, Warehouse
from tests.marketplace.localization.conftest import RATES, TODAY

pytestmark = pytest.mark.django_db

DE_CONSUMER = {"region": "eu", "country": "DE", "lang": "de", "buyer": "consumer"}
NBSP = "\u00a0"


def item(client, params=DE_CONSUMER) -> dict:
    """The one published listing's full record (the detail: the list carries a summary)."""
    shown = Listing.objects.get(status="published")
    response = client.get(f"/api/v1/listings/{shown.pk}/", params)
    assert response.status_code == 200, response.content
    return response.json()


def method_codes(result: dict) -> set[str]:
    return {method["code"] for method in result["payment_methods"]}


def german_vat() -> TaxRate:
    return TaxRate.objects.get(country__code="DE", kind=RateKind.STANDARD)


def test_a_payment_limit_edit_shows_on_the_next_request(client, listing):
    # 9,600 CNY × 1.19 / 8 = 1,428.00 EUR: well within SEPA's 1,000,000 EUR.
    assert "sepa-credit-transfer" in method_codes(item(client))

    limit = PaymentMethodCurrency.objects.get(method__region__code="eu", currency="EUR",
                                              method__code="sepa-credit-transfer")
    limit.max_amount = Decimal("1000.00")
    limit.save()

    assert "sepa-credit-transfer" not in method_codes(item(client))


def test_a_vat_rate_edit_shows_on_the_next_request(client, listing):
    before = item(client)
    assert (before["vat"]["rate"], before["price_tiers"][0]["amount"]) == ("19.00", "1428.00")

    rate = german_vat()
    rate.rate = Decimal("21.00")
    rate.save()

    after = item(client)
    # 9,600 CNY × 1.21 / 8
    assert (after["vat"]["rate"], after["price_tiers"][0]["amount"]) == ("21.00", "1452.00")
    assert after["price_tiers"][0]["formatted"] == f"1.452,00{NBSP}€"


def eu_warehouse_named(name: str) -> Warehouse:
    """The warehouse the German API names `name` (pack names are translated)."""
    with override("de"):
        return next(w for w in Warehouse.objects.filter(region__code="eu")
                    if pack_name(w.name) == name)


def test_a_deleted_shipping_option_is_gone_on_the_next_request(client, listing):
    def offered() -> set[tuple[str, str]]:
        return {(o["warehouse"], o["code"]) for o in item(client)["shipping_options"]}

    warehouse, code = first = sorted(offered())[0]

    ShippingOption.objects.get(warehouse=eu_warehouse_named(warehouse), code=code).delete()

    assert first not in offered()


def test_a_country_taken_off_a_payment_method_shows_on_the_next_request(client, listing):
    assert "sepa-credit-transfer" in method_codes(item(client))

    method = PaymentMethod.objects.get(region__code="eu", code="sepa-credit-transfer")
    method.countries.remove(Country.objects.get(code="DE"))

    assert "sepa-credit-transfer" not in method_codes(item(client))


def test_a_warehouse_no_longer_serving_the_country_shows_on_the_next_request(client, listing):
    warehouses = {option["warehouse"] for option in item(client)["shipping_options"]}
    shown = sorted(warehouses)[0]

    eu_warehouse_named(shown).countries_served.remove(Country.objects.get(code="DE"))

    assert shown not in {o["warehouse"] for o in item(client)["shipping_options"]}


def test_a_new_exchange_rate_load_shows_on_the_next_request(client, listing, tmp_path):
    assert item(client)["price_tiers"][0]["amount"] == "1428.00"  # 9,600 × 1.19 / 8

    # What `load_rates` does: a newer ECB file, stored in bulk (no history, no signals).
    newer = {**RATES, "CNY": "9.6000"}
    ecb_file = tmp_path / "eurofxref-hist.csv"
    ecb_file.write_text("Date," + ",".join(newer) + ",\n"
                        "2026-11-21," + ",".join(newer.values()) + ",\n")
    load_ecb_rates(ecb_file)

    after = item(client)
    assert after["price_tiers"][0]["amount"] == "1190.00"  # 9,600 × 1.19 / 9.6
    assert after["exchange_rates_as_of"] == "2026-11-21"


def test_a_new_default_language_of_the_region_shows_on_the_next_request(client, listing):
    # Nothing in Italian: the region's default (English, here a machine translation) is shown.
    italy = {"region": "eu", "country": "IT", "lang": "it"}
    assert item(client, italy)["language"] == "en"

    english = RegionLanguage.objects.get(region__code="eu", country=None, language="en")
    english.is_default = False
    english.save()
    german = RegionLanguage.objects.get(region__code="eu", country=None, language="de")
    german.is_default = True
    german.save()

    after = item(client, italy)
    assert (after["language"], after["title"]) == ("de", "CNC-Graviermaschine 6090")


def test_a_language_added_to_a_region_is_offered_on_the_next_request(client, listing):
    germany_in_uk = {"region": "uk", "country": "GB", "lang": "de"}
    assert client.get("/api/v1/listings/", germany_in_uk).status_code == 400

    RegionLanguage.objects.create(region=Region.objects.get(code="uk"), language="de",
                                  position=90)

    assert item(client, germany_in_uk)["title"] == "CNC-Graviermaschine 6090"


def test_an_edit_made_by_another_process_shows_on_the_next_request(client, listing):
    # Another process (a second web worker, a shell, `load_region`) leaves nothing in this
    # one: only rows in the database. Write exactly that: the new value and its history row,
    # in bulk, so that no signal runs here.
    assert item(client)["vat"]["rate"] == "19.00"

    rate = german_vat()
    rate.rate = Decimal("20.00")
    bulk_update_with_history([rate], TaxRate, ["rate"])

    assert item(client)["vat"]["rate"] == "20.00"


def test_an_unchanged_configuration_is_served_from_the_cache(client, listing):
    item(client)

    with CaptureQueriesContext(connection) as captured:
        item(client)

    # (Regions, countries and languages are still read: resolving the market needs them.)
    read = {table for query in captured for table in _tables(query["sql"])}
    assert not read & {model._meta.db_table for model in (
        PaymentMethod, PaymentMethodCurrency, Warehouse, ShippingOption, TaxRate, TaxPolicy,
        ComplianceRule, ExchangeRate)}
    assert "regions_core_configurationversion" in read


def summary(client, params=DE_CONSUMER) -> dict:
    """The one published listing's summary in the list (the API list's own read path)."""
    response = client.get("/api/v1/listings/", params)
    assert response.status_code == 200, response.content
    [shown] = response.json()["results"]
    return shown


def load_cny_rate(tmp_path, rate: str) -> None:
    """What `load_rates` does: a newer ECB file, stored in bulk (no history, no signals)."""
    newer = {**RATES, "CNY": rate}
    ecb_file = tmp_path / "eurofxref-hist.csv"
    ecb_file.write_text("Date," + ",".join(newer) + ",\n"
                        "2026-11-21," + ",".join(newer.values()) + ",\n")
    load_ecb_rates(ecb_file)


def test_the_list_shows_a_rate_load_on_the_next_request(client, listing, tmp_path):
    assert summary(client)["price_tiers"][0]["amount"] == "1428.00"  # 9,600 × 1.19 / 8

    load_cny_rate(tmp_path, "9.6000")

    after = summary(client)
    assert after["price_tiers"][0]["amount"] == "1190.00"  # 9,600 × 1.19 / 9.6
    assert after["exchange_rates_as_of"] == "2026-11-21"


def test_the_list_shows_a_rate_edited_in_the_admin_on_the_next_request(client, listing):
    assert summary(client)["price_tiers"][0]["amount"] == "1428.00"

    rate = ExchangeRate.objects.filter(currency="CNY").order_by("-as_of").first()
    rate.rate = Decimal("9.6000")
    rate.save()

    assert summary(client)["price_tiers"][0]["amount"] == "1190.00"


def test_the_list_shows_a_rate_updated_in_bulk_on_the_next_request(client, listing):
    assert summary(client)["price_tiers"][0]["amount"] == "1428.00"

    ExchangeRate.objects.filter(currency="CNY").update(rate=Decimal("9.6000"))

    assert summary(client)["price_tiers"][0]["amount"] == "1190.00"


def test_the_list_shows_a_vat_rate_edit_on_the_next_request(client, listing):
    assert summary(client)["vat"]["rate"] == "19.00"

    rate = german_vat()
    rate.rate = Decimal("21.00")
    rate.save()

    after = summary(client)
    assert (after["vat"]["rate"], after["price_tiers"][0]["amount"]) == ("21.00", "1452.00")


def test_the_list_shows_a_payment_limit_edit_on_the_next_request(client, listing):
    assert "sepa-credit-transfer" in summary(client)["payment_methods"]

    limit = PaymentMethodCurrency.objects.get(method__region__code="eu", currency="EUR",
                                              method__code="sepa-credit-transfer")
    limit.max_amount = Decimal("1000.00")
    limit.save()

    assert "sepa-credit-transfer" not in summary(client)["payment_methods"]


@pytest.mark.parametrize("edit", [
    "save", "delete", "m2m_add", "m2m_remove", "related_save"])
def test_the_version_moves_on_every_kind_of_edit(packs, edit):
    version = configuration_version()
    method = PaymentMethod.objects.get(region__code="eu", code="sepa-credit-transfer")
    if edit == "save":
        method.name = "SEPA"
        method.save()
    elif edit == "delete":
        method.delete()
    elif edit == "m2m_add":
        method.countries.add(Country.objects.get(code="PL"))
    elif edit == "m2m_remove":
        method.countries.remove(Country.objects.get(code="DE"))
    else:
        limit = method.currencies.get()
        limit.min_amount = Decimal("1.00")
        limit.save()

    assert configuration_version() != version


def test_a_bulk_update_made_without_history_shows_on_the_next_request(client, listing):
    # QuerySet.update() sends no signal and writes no history: the watched model's QuerySet
    # bumps the version itself.
    assert item(client)["vat"]["rate"] == "19.00"

    TaxRate.objects.filter(pk=german_vat().pk).update(rate=Decimal("22.00"))

    assert item(client)["vat"]["rate"] == "22.00"


def test_a_language_bulk_created_for_a_region_is_offered_on_the_next_request(client, listing):
    germany_in_uk = {"region": "uk", "country": "GB", "lang": "de"}
    assert client.get("/api/v1/listings/", germany_in_uk).status_code == 400

    RegionLanguage.objects.bulk_create([RegionLanguage(
        region=Region.objects.get(code="uk"), language="de", position=90)])

    assert item(client, germany_in_uk)["title"] == "CNC-Graviermaschine 6090"


@pytest.mark.parametrize("write", [
    "update", "bulk_update", "bulk_create", "queryset_delete", "related_update"])
def test_the_version_moves_on_every_kind_of_bulk_write(packs, write):
    version = configuration_version()
    rates = TaxRate.objects.filter(country__code="DE")
    if write == "update":
        rates.update(rate=Decimal("20.00"))
    elif write == "bulk_update":
        rate = rates.first()
        rate.rate = Decimal("20.00")
        TaxRate.objects.bulk_update([rate], ["rate"])
    elif write == "bulk_create":
        RegionLanguage.objects.bulk_create([RegionLanguage(
            region=Region.objects.get(code="uk"), language="de", position=90)])
    elif write == "queryset_delete":
        ShippingOption.objects.filter(warehouse__region__code="eu").delete()
    else:
        Country.objects.get(code="DE").tax_rates.update(rate=Decimal("20.00"))

    assert configuration_version() != version


def test_the_version_is_one_primary_key_query(packs):
    with CaptureQueriesContext(connection) as captured:
        configuration_version()

    [query] = captured
    assert ConfigurationVersion._meta.db_table in query["sql"]
    assert "history" not in query["sql"]


def test_a_request_reads_the_version_once_and_no_history(client, listing):
    item(client)

    with CaptureQueriesContext(connection) as captured:
        item(client)

    table = ConfigurationVersion._meta.db_table
    assert len([q for q in captured if table in q["sql"]]) == 1
    assert not [q["sql"] for q in captured if "_historical" in q["sql"]]


def test_a_rolled_back_write_never_shares_a_version_with_a_later_one(packs):
    before = configuration_version()
    with transaction.atomic():
        config_version.bump()
        rolled_back = configuration_version()
        transaction.set_rollback(True)
    assert configuration_version() == before

    config_version.bump()

    # Same counter as the rolled-back bump, another token: a cache filled inside the
    # rolled-back transaction is not reused.
    assert configuration_version()[0] == rolled_back[0]
    assert configuration_version() != rolled_back


def test_a_watched_model_without_the_versioned_manager_stops_the_server(monkeypatch):
    assert check_configuration_version() == []

    monkeypatch.setattr(config_version, "watched_models", lambda: (Region, RegionOperator))

    [error] = check_configuration_version()
    assert (error.id, error.obj) == ("regions.E040", RegionOperator)


def test_the_version_watches_every_table_the_market_configuration_reads(packs):
    market = resolve_market_context(country="DE", language="de", buyer="business")

    with CaptureQueriesContext(connection) as captured:
        MarketConfig.load(market, TODAY)

    watched = set()
    for model in watched_models():
        watched.add(model._meta.db_table)
        # Many-to-many changes are recorded in the history of the model declaring the field.
        watched |= {field.remote_field.through._meta.db_table
                    for field in model._meta.many_to_many}
    read = {table for query in captured for table in _tables(query["sql"])}
    assert read and read <= watched, read - watched


def test_the_configuration_is_kept_per_day(client, listing):
    # A VAT rate that starts tomorrow must not be served today, nor missed tomorrow: the day
    # is part of the cache key (VAT rates and rules have validity dates).
    TaxRate.objects.create(country=Country.objects.get(code="DE"), kind=RateKind.STANDARD,
                           rate=Decimal("25.00"), valid_from=TODAY + datetime.timedelta(days=1))
    market = resolve_market_context(country="DE", language="de")

    today = market_data_for(market, [listing], TODAY)
    tomorrow = market_data_for(market, [listing], TODAY + datetime.timedelta(days=1))
    assert components(today, "standard").total_rate == Decimal("19.00")
    assert components(tomorrow, "standard").total_rate == Decimal("25.00")


def _tables(sql: str) -> set[str]:
    return set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', sql))


def test_a_dated_standard_rate_wins_over_an_undated_one_on_every_database(client, listing):
    # Overlaps are refused by TaxRate.clean; a bulk write can still leave two. PostgreSQL sorts
    # NULL first in a descending order, so a naive "newest valid_from" picked the undated row.
    TaxRate.objects.create(country=german_vat().country, kind=RateKind.STANDARD,
                           rate=Decimal("21.00"), valid_from=TODAY - datetime.timedelta(days=1))

    assert "21" in item(client)["vat"]["note"]


# The API's page reads the suppliers' certificates, responsible persons and the latest
# reports on every request; only the region's certificate types (configuration, versioned)
# are kept with the market's configuration. Each edit shows on the next request.


def _compliance(client) -> dict[str, tuple[str, str | None]]:
    return {r["certificate_type"]: (r["status"], r["certificate_number"])
            for r in item(client)["compliance"]["requirements"]}


def _weee(listing, number="WEEE-Reg.-Nr. DE 12345678"):
    from marketplace.compliance.models import Certificate
    from regions.compliance.models import CertificateType, VerificationStatus

    return Certificate.objects.create(
        supplier=listing.supplier, number=number, status=VerificationStatus.VERIFIED,
        certificate_type=CertificateType.objects.get(region__code="eu", code="weee-de"))


def test_a_new_certificate_shows_on_the_next_request(client, listing):
    assert _compliance(client)["weee-de"][0] == "missing"

    _weee(listing)

    assert _compliance(client)["weee-de"] == ("satisfied", "WEEE-Reg.-Nr. DE 12345678")


def test_a_certificate_scope_edit_shows_on_the_next_request(client, listing, supplier):
    from tests.marketplace.localization.conftest import make_listing

    certificate = _weee(listing)
    assert _compliance(client)["weee-de"][0] == "satisfied"

    # Now it covers only another listing (a draft, so the page still shows one).
    certificate.listings.add(make_listing(supplier, title="Another", status="draft"))

    assert _compliance(client)["weee-de"][0] != "satisfied"


def test_a_certificate_type_pattern_edit_shows_on_the_next_request(client, listing):
    from regions.compliance.models import CertificateType

    _weee(listing)
    assert _compliance(client)["weee-de"][0] == "satisfied"

    kind = CertificateType.objects.get(region__code="eu", code="weee-de")
    kind.identifier_pattern = r"DE\d{8}"
    kind.save()

    assert _compliance(client)["weee-de"][0] == "invalid_identifier"


def test_a_responsible_person_shows_on_the_next_request(client, listing):
    from marketplace.compliance.models import ResponsiblePerson

    assert _compliance(client)["gpsr-eu-rp"][0] == "missing"

    ResponsiblePerson.objects.create(
        supplier=listing.supplier, region=Region.objects.get(code="eu"), name="Hexin B.V.",
        street_address="Keizersgracht 1", postal_code="1015 CC", city="Amsterdam",
        country="NL", email="rp@hexin.example")

    assert _compliance(client)["gpsr-eu-rp"] == ("satisfied", "Hexin B.V.")


def test_a_certificate_after_a_stored_report_shows_on_the_next_request(client, listing):
    from marketplace.compliance.services import record_reports

    eu = Region.objects.get(code="eu")
    record_reports([listing], eu, trigger="command")
    assert _compliance(client)["weee-de"][0] == "missing"

    _weee(listing)

    # No re-check ran: the stored report is older than its inputs, so the gate answers anew.
    assert _compliance(client)["weee-de"] == ("satisfied", "WEEE-Reg.-Nr. DE 12345678")
