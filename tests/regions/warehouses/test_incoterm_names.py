from django.utils import translation

from regions.warehouses.incoterms import Incoterm, incoterm_name


def test_the_rule_name_is_in_the_readers_language_and_the_code_stays():
    with translation.override("de"):
        assert incoterm_name("DDP") == "DDP – Geliefert verzollt"
    with translation.override("fr"):
        assert incoterm_name("DAP") == "DAP – Rendu au lieu de destination"
    with translation.override("ja"):
        assert incoterm_name("CIF") == "CIF – 運賃保険料込み"


def test_english_keeps_the_icc_english_name():
    with translation.override("en"):
        assert incoterm_name("DDP") == "DDP – Delivered Duty Paid"


def test_an_unknown_code_is_shown_as_it_is():
    assert incoterm_name("XYZ") == "XYZ"


def test_every_rule_is_translated_into_german():
    english = {rule.value: _label(rule, "en") for rule in Incoterm}
    german = {rule.value: _label(rule, "de") for rule in Incoterm}

    assert [code for code in english if english[code] == german[code]] == []
    assert all(german[code].startswith(f"{code} – ") for code in german)


def _label(rule: Incoterm, language: str) -> str:
    with translation.override(language):
        return str(rule.label)
