"""pack_name: a pack's English name in the active language, else as written; pack_names: the
names a pack's data gives people to read."""

from django.utils import translation

from regions.core.pack_names import pack_name, pack_names


def test_a_name_no_catalog_translates_is_shown_as_written():
    with translation.override("de"):
        assert pack_name("Atlantis Express Freight") == "Atlantis Express Freight"


def test_an_empty_name_stays_empty_not_the_catalog_header():
    with translation.override("de"):
        assert (pack_name(""), pack_name(None)) == ("", "")


def test_pack_names_reads_every_shown_name_once_in_file_order():
    data = {
        "pack": {"region": "xx", "name": "Atlantis"},
        "payment_methods": [{"code": "tt", "name": "T/T", "terms": "30 % deposit"},
                            {"code": "card", "name": "Card", "terms": ""}],
        "certificate_types": [{"code": "doc", "name": "Declaration"}],
        "warehouses": [{"code": "a", "name": "Port warehouse", "city": "Dubai",
                        "shipping_options": [
            {"code": "p", "name": "Parcel"}, {"code": "q", "name": "Pallet"}]},
            {"code": "b", "name": "Inland warehouse", "shipping_options": [
                {"code": "p", "name": "Parcel"}]}],
        "taxes": [{"code": "vat", "name": "VAT"}],  # taxes carry their own labels per language
    }

    assert pack_names(data) == ["Atlantis", "T/T", "30 % deposit", "Card", "Declaration",
                                "Port warehouse", "Dubai", "Inland warehouse", "Parcel",
                                "Pallet"]


def test_pack_names_of_malformed_data_are_empty():
    assert pack_names({"pack": "eu", "payment_methods": "none", "warehouses": [1]}) == []


def test_a_warehouse_city_is_read_in_the_packs_language():
    with translation.override("ar"):
        assert (pack_name("Dubai"), pack_name("Shenzhen")) == ("دبي", "شنجن")
    with translation.override("ja"):
        assert (pack_name("Ichikawa"), pack_name("Shenzhen")) == ("市川", "深圳")
    with translation.override("fr"):
        assert pack_name("Duisburg") == "Duisbourg"
