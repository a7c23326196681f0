"""A warehouse reads in the language of the page that shows it (admin lists and filters,
select boxes): the pack's catalogs translate the English name it wrote."""

from django.utils import translation

from regions.warehouses.models import Warehouse


def test_a_warehouse_is_named_in_the_active_language(packs):
    warehouse = Warehouse.objects.get(region__code="eu", code="de-duisburg")

    with translation.override("de"):
        assert str(warehouse) == "EU-Lager, Duisburg"
    with translation.override("en"):
        assert str(warehouse) == "Overseas warehouse, Duisburg"
    assert warehouse.name == "Overseas warehouse, Duisburg"  # the form edits what the pack wrote
