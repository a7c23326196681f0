import pytest

pytestmark = pytest.mark.django_db


def test_regions_list(client, packs):
    response = client.get("/api/v1/regions/")

    assert response.status_code == 200
    regions = {r["code"]: r for r in response.json()}
    assert set(regions) == {"eu", "uk", "us"}
    assert {"DE", "FR", "PL", "SE"} <= set(regions["eu"]["countries"])


def test_region_detail_has_the_whole_configuration(client, packs):
    response = client.get("/api/v1/regions/eu/")

    assert response.status_code == 200
    eu = response.json()
    assert eu["data_as_of"] == "2026-12-02"
    de = next(c for c in eu["countries"] if c["code"] == "DE")
    assert (de["currency"], de["default_language"], de["timezone"]) == (
        "EUR", "de", "Europe/Berlin")
    assert {"kind": "standard", "rate": "19.00"}.items() <= next(
        r for r in de["tax_rates"] if r["kind"] == "standard").items()
    blik = next(m for m in eu["payment_methods"] if m["code"] == "blik")
    assert blik["countries"] == ["PL"]
    assert blik["limits"][0]["currency"] == "PLN"
    codes = {m["code"] for m in eu["payment_methods"]}
    assert not codes & {"giropay", "sofort"}
    assert any(r["certificate_type"] == "weee-de" and r["country"] == "DE"
               for r in eu["certificate_rules"])
    assert {w["kind"] for w in eu["warehouses"]} == {"local", "bonded", "origin"}
    assert eu["tax_policy"]["reverse_charge"] is True


def test_unknown_region_is_a_404(client, packs):
    assert client.get("/api/v1/regions/mars/").status_code == 404


def test_region_detail_costs_a_fixed_number_of_queries(client, packs,
                                                       django_assert_max_num_queries):
    # ~20 methods, ~45 rules, 4 warehouses: prefetching keeps it to a dozen queries.
    with django_assert_max_num_queries(16):
        client.get("/api/v1/regions/eu/")
