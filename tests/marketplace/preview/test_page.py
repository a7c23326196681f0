"""What the preview page shows for each market, and how it refuses bad market parameters."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from marketplace.catalog.models import Listing, ListingAttribute
from marketplace.catalog.services import save_listing
from marketplace.compliance.models import Certificate
from marketplace.preview.markets import default_markets
from marketplace.rates.models import ExchangeRate
from regions.compliance.models import CertificateType
from regions.core.market import MarketContextError, resolve_market_context
from regions.core.models import Country, Region
from regions.warehouses.models import ShippingOption
from tests.marketplace.preview.conftest import make_listing, preview_url, translate

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def markets_shown(html: str) -> list[str]:
    return re.findall(r'data-market="([^"]+)"', html)


def column(html: str, key: str) -> str:
    """The HTML of one market's column."""
    start = html.index(f'data-market="{key}"')
    end = html.find("<article", start)
    return html[start:end if end != -1 else len(html)]


@pytest.fixture
def signed_in(client, merchant):
    client.force_login(merchant)
    return client


def test_without_a_choice_the_default_markets_are_shown(signed_in, listing):
    html = signed_in.get(preview_url(listing)).content.decode()
    assert markets_shown(html) == ["DE-consumer", "GB-consumer", "US-business", "FR-business",
                                   "PL-consumer"]


def test_each_market_shows_its_language_prices_vat_payment_and_shipping(signed_in, listing):
    ListingAttribute.objects.create(listing=listing, name="Spindle", value="2.2", unit="kW")

    html = signed_in.get(preview_url(listing, "DE-consumer", "US-business")).content.decode()

    assert markets_shown(html) == ["DE-consumer", "US-business"]
    germany = column(html, "DE-consumer")
    assert "Germany" in germany and "Consumer" in germany
    assert "CNC-Graviermaschine 6090" in germany and "German" in germany
    # 9,600 CNY × 1.19 / 8, as the engine formats it for de-DE
    assert f"1.428,00{NBSP}€" in germany
    assert "Prices include 19 % VAT." in germany
    assert "Klarna" in germany or "SEPA" in germany
    assert "Overseas warehouse, Duisburg" in germany and "DDP" in germany
    assert "VAT included in the price" in germany
    assert "Spindle" in germany and "2.2 kW" in germany
    us = column(html, "US-business")
    assert "$1,320.00" in us
    assert "Prices exclude sales tax" in us
    assert "T/T" in us or "Wire" in us or "ACH" in us


def test_a_blocked_market_lists_its_blockers_with_fix_links(signed_in, listing):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    html = signed_in.get(preview_url(listing, "DE-consumer")).content.decode()

    germany = column(html, "DE-consumer")
    assert 'class="badge badge--blocked">Blocked<' in germany
    assert germany.count('class="finding finding--blocker"') >= 4
    assert ("A EU Declaration of Conformity (CE marking) is required to sell this product "
            "here; none is on record.") in germany
    # A merchant is not staff: the fix opens the workspace's upload form, type chosen.
    assert (f'href="/portal/workspace/en/certificates/?certificate_type={doc.pk}#upload"'
            in germany)


def test_staff_keep_the_admin_fix_links(client, listing):
    staff = get_user_model().objects.create_superuser("ops-admin", password="pw-ops")
    client.force_login(staff)
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")

    html = client.get(preview_url(listing, "DE-consumer", "FR-consumer")).content.decode()

    assert (f'href="/admin/supplier_compliance/certificate/add/?certificate_type={doc.pk}"'
            in column(html, "DE-consumer"))
    assert f'href="/admin/catalog/listing/{listing.pk}/change/"' in column(html, "FR-consumer")
    assert "/portal/workspace/" not in html


def test_a_pending_certificate_links_to_where_it_stands(client, signed_in, listing, supplier):
    doc = CertificateType.objects.get(region__code="eu", code="eu-doc-ce")
    pending = Certificate.objects.create(supplier=supplier, certificate_type=doc,
                                         number="DOC-6090-2026",
                                         acts=["red", "red-cyber", "rohs"])

    merchant_view = column(signed_in.get(preview_url(listing, "DE-consumer")).content.decode(),
                           "DE-consumer")
    staff = get_user_model().objects.create_superuser("ops-admin", password="pw-ops")
    client.force_login(staff)
    staff_view = column(client.get(preview_url(listing, "DE-consumer")).content.decode(),
                        "DE-consumer")

    assert "no. DOC-6090-2026 is waiting for verification by our team." in merchant_view
    # Another upload would wait just the same: the merchant sees the list of statuses...
    assert ('href="/portal/workspace/en/certificates/">See its verification status'
            in merchant_view)
    # ...and ops the pending certificates of the type, where they verify it.
    admin_list = ("/admin/supplier_compliance/certificate/?status__exact=pending&amp;"
                  f"certificate_type__id__exact={doc.pk}")
    assert f'href="{admin_list}">See its verification status' in staff_view
    listed = client.get(admin_list.replace("&amp;", "&"))
    assert [c.pk for c in listed.context["cl"].result_list] == [pending.pk]


def test_certificates_on_record_turn_blockers_into_what_is_left(signed_in, listing, supplier):
    expired = CertificateType.objects.get(region__code="eu", code="weee-de")
    Certificate.objects.create(supplier=supplier, certificate_type=expired,
                               number="WEEE-Reg.-Nr. DE 12345678", status="verified",
                               valid_until=datetime.date(2026, 1, 31))

    germany = column(signed_in.get(preview_url(listing, "DE-consumer")).content.decode(),
                     "DE-consumer")

    assert "expired on 2026-01-31; upload a current one." in germany
    assert "Upload a current certificate" in germany
    assert f"?certificate_type={expired.pk}" in germany


def test_a_fallback_language_is_noted_and_a_missing_translation_can_be_fixed(signed_in,
                                                                              listing):
    html = signed_in.get(preview_url(listing, "FR-consumer")).content.decode()

    france = column(html, "FR-consumer")
    # No French text: the engine falls back to the region's English
    assert "CNC engraving machine 6090" in france
    # A warning finding with its fix, said once: not again as a note beside the language.
    assert france.count("There is no French translation: buyers here read the English "
                        "text.") == 1
    assert "Buyers here read the English text" not in france
    assert france.count('data-warning="reads-other-language"') == 1
    assert ('<li class="finding finding--warning" data-warning="reads-other-language">'
            in france)
    assert f'href="/portal/workspace/en/listings/{listing.pk}/translations/fr/"' in france


def test_a_requested_language_is_used(signed_in, listing):
    html = signed_in.get(preview_url(listing, "DE-consumer",
                                     **{"lang-DE-consumer": "en"})).content.decode()

    germany = column(html, "DE-consumer")
    assert "CNC engraving machine 6090" in germany
    assert "Requested" not in germany
    assert '<option value="en" selected>' in html


def test_a_market_without_exchange_rates_says_so_and_the_others_still_show(signed_in, listing):
    ExchangeRate.objects.filter(currency="PLN").delete()

    response = signed_in.get(preview_url(listing, "DE-consumer", "PL-consumer"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "No exchange rate for PLN" in column(html, "PL-consumer")
    assert f"1.428,00{NBSP}€" in column(html, "DE-consumer")


def resolver_message(**market: str) -> str:
    """The resolver's own words for a bad parameter: the page must pass them on unchanged."""
    with pytest.raises(MarketContextError) as raised:
        resolve_market_context(**market)
    return raised.value.message


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"market": "XX-consumer"},
         lambda: "Market “XX-consumer”: " + resolver_message(country="XX")),
        ({"market": "DE-wholesale"},
         lambda: "Market “DE-wholesale”: " + resolver_message(country="DE", buyer="wholesale")),
        ({"market": "DE-consumer", "lang-DE-consumer": "ja"},
         lambda: "Market “DE-consumer”: " + resolver_message(country="DE", language="ja")),
        ({"market": [f"{c}-consumer" for c in ("DE", "AT", "BE", "NL", "FR", "IT", "ES", "PL",
                                               "SE")]},
         lambda: "Choose at most 8 markets to compare."),
    ],
)
def test_bad_market_parameters_are_a_400_with_the_message(signed_in, listing, query, expected):
    response = signed_in.get(f"/preview/listings/{listing.pk}/", query)

    assert response.status_code == 400
    html = response.content.decode()
    assert escape(expected()) in html
    assert 'id="market-error"' in html
    assert markets_shown(html) == []
    # the picker stays, opened, so the merchant can correct the choice
    assert "<details open>" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"market": "DE\x00-consumer"}, "is not a market such as “DE-consumer”."),
        ({"market": "<b>DE</b>-consumer"},
         "“&lt;b&gt;DE&lt;/b&gt;-consumer” is not a market such as “DE-consumer”."),
        ({"market": "DE-consumer", "lang-DE-consumer": "d" * 5000},
         f"“{'d' * 40}” is not a language tag such as “de” or “en-GB”."),
        ({"market": ""}, "“” is not a market such as “DE-consumer”."),
    ],
)
def test_malformed_market_parameters_are_a_400_too(signed_in, listing, query, message):
    response = signed_in.get(f"/preview/listings/{listing.pk}/", query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_default_markets_this_installation_lacks_are_left_out(signed_in, listing):
    Region.objects.filter(code="us").update(active=False)

    html = signed_in.get(preview_url(listing)).content.decode()

    assert markets_shown(html) == ["DE-consumer", "GB-consumer", "FR-business", "PL-consumer"]


def test_listing_text_is_escaped_and_only_the_sanitized_description_is_markup(signed_in,
                                                                                packs, rates,
                                                                                supplier):
    item = make_listing(supplier, title="<script>alert('title')</script> Speaker")
    # Straight to the table, past save_listing's sanitizing: the engine must sanitize again.
    Listing.objects.filter(pk=item.pk).update(
        description='<p onclick="steal()">Safe <b>bold</b><script>alert(1)</script>'
                    '<img src=x onerror=alert(2)></p><ul><li>one</li></ul>')
    ListingAttribute.objects.create(listing=item, name="<i>Power</i>", value="<b>5</b>", unit="W")

    html = signed_in.get(preview_url(item, "DE-consumer")).content.decode()

    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Speaker" in html
    assert "<p>Safe <b>bold</b></p><ul><li>one</li></ul>" in html
    assert "onclick" not in html and "onerror" not in html
    assert "&lt;i&gt;Power&lt;/i&gt;" in html and "&lt;b&gt;5&lt;/b&gt; W" in html


def test_a_translated_title_is_escaped_too(signed_in, packs, rates, supplier):
    item = make_listing(supplier)
    translate(item, "de", "<img src=x onerror=alert(3)>Lautsprecher")

    html = signed_in.get(preview_url(item, "DE-consumer")).content.decode()

    assert "&lt;img src=x onerror=alert(3)&gt;Lautsprecher" in html


def test_queries_grow_by_a_fixed_cost_per_market(signed_in, listing):
    markets = ["DE-consumer", "FR-consumer", "PL-consumer"]

    def queries(count: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = signed_in.get(preview_url(listing, *markets[:count]))
        assert response.status_code == 200
        assert len(markets_shown(response.content.decode())) == count
        return len(captured)

    # Warm: each market's configuration, rates and context are then kept in this process
    # (a cold market costs its configuration's queries once; the rates are shared by markets
    # with one currency, so cold markets do not cost alike).
    queries(3)
    one, two, three = queries(1), queries(2), queries(3)
    per_market = two - one
    # What a request pays per market it shows: a fixed handful, never a query per listing
    # field, certificate or finding.
    assert three - one == 2 * per_market
    assert per_market <= 12


def test_the_source_text_is_shown_when_a_listing_has_no_translation(signed_in, packs, rates,
                                                                     supplier):
    item = make_listing(supplier)
    save_listing(item)

    germany = column(signed_in.get(preview_url(item, "DE-consumer")).content.decode(),
                     "DE-consumer")

    assert "数控雕刻机 6090" in germany
    assert "There is no German translation: buyers here read the Chinese" in germany


def test_a_sellable_market_links_to_the_buyers_checkout_and_a_blocked_one_does_not(
        signed_in, packs, rates, supplier):
    # No US rule covers a plain kitchen item; the EU still wants its responsible person.
    listing = make_listing(supplier, category="kitchenware", radio=False,
                           contains_battery=False)

    html = signed_in.get(preview_url(listing, "DE-consumer", "US-business")).content.decode()

    assert "/checkout/" not in column(html, "DE-consumer")  # blocked: nothing to order
    us = column(html, "US-business")
    assert 'class="badge badge--blocked"' not in us
    assert (f'href="/checkout/?region=us&amp;country=US&amp;lang=en-US&amp;buyer=business'
            f'&amp;listing={listing.pk}&amp;quantity={listing.moq}"') in us


def test_a_draft_has_no_checkout_link(signed_in, packs, rates, supplier):
    listing = make_listing(supplier, category="kitchenware", radio=False,
                           contains_battery=False, status="draft")

    html = signed_in.get(preview_url(listing, "US-business")).content.decode()

    assert "/checkout/" not in html


def test_default_markets_take_one_of_each_region_in_turn_from_the_packs(packs):
    # A region whose pack names no preview markets shows its first country's consumers.
    other = Region.objects.create(code="zz", name="Elsewhere")
    Country.objects.create(code="NZ", region=other, currency="NZD", default_language="en",
                           timezone="Pacific/Auckland")
    Country.objects.create(code="FJ", region=other, currency="FJD", default_language="en",
                           timezone="Pacific/Fiji")

    assert default_markets() == ("DE-consumer", "GB-consumer", "US-business", "FJ-consumer",
                                 "FR-business", "PL-consumer")


def test_buyers_who_would_read_the_source_language_are_a_warning_not_sellable(
        signed_in, packs, rates, supplier):
    # Sellable in the US (no rule covers a plain kitchen item), Chinese text only.
    item = make_listing(supplier, category="kitchenware", radio=False, contains_battery=False)

    html = signed_in.get(preview_url(item, "US-business")).content.decode()
    us = column(html, "US-business")

    assert "Sellable, with warnings" in us
    assert us.count('data-warning="reads-other-language"') == 1
    assert us.count("There is no English (United States) translation: buyers here read the "
                    "Chinese (Simplified) text.") == 1


def test_a_regional_variant_reading_its_parent_language_is_no_warning(signed_in, packs, rates,
                                                                      supplier):
    item = make_listing(supplier)
    translate(item, "de", "CNC-Graviermaschine 6090")

    html = signed_in.get(preview_url(item, "DE-consumer", **{"lang-DE-consumer": "de-AT"}))
    germany = column(html.content.decode(), "DE-consumer")

    assert 'data-warning="reads-other-language"' not in germany


def test_shipping_says_when_it_ships_and_how_long_it_travels(signed_in, packs, rates, supplier):
    item = make_listing(supplier, lead_time_min_days=10, lead_time_max_days=15)
    option = ShippingOption.objects.get(warehouse__code="de-duisburg", code="parcel-consumer")
    handling = (option.warehouse.handling_days_min, option.warehouse.handling_days_max)

    html = signed_in.get(preview_url(item, "DE-consumer")).content.decode()

    ships = f"{10 + handling[0]}–{15 + handling[1]}"
    transit = f"{option.transit_days_min}–{option.transit_days_max}"
    assert f"Ships in {ships} days, then {transit} days in transit" in column(html,
                                                                            "DE-consumer")


def vat_treatments(html: str) -> list[str]:
    return re.findall(r'<div class="small vat-treatment">([^<]*)</div>', html)


@pytest.mark.parametrize(("language", "us_added", "de_added"), [
    ("en", "Sales tax added at checkout", "VAT added at checkout"),
    ("de", "Sales Tax kommt an der Kasse hinzu", "Umsatzsteuer kommt an der Kasse hinzu"),
])
def test_a_tax_added_at_checkout_is_named_by_the_markets_tax_system(
        client, merchant, listing, language, us_added, de_added):
    # The engine says only how the sale is taxed ("added"); which tax is the market's: US
    # sales tax, German VAT.
    client.force_login(merchant)
    client.post("/i18n/setlang/", {"language": language, "next": "/preview/"})

    html = client.get(preview_url(listing, "US-business", "DE-business")).content.decode()

    assert set(vat_treatments(column(html, "US-business"))) == {us_added}
    assert de_added in vat_treatments(column(html, "DE-business"))
    assert us_added not in vat_treatments(column(html, "DE-business"))
