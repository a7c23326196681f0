"""Every text a region pack gives people to read is translated in the pack's own catalogs
(regions/packs/<code>/locale/<lang>/LC_MESSAGES/django.po), for every installed pack:

- everything merchants read, in every merchant language (marketplace.catalog.languages:
  zh-Hans and the portal's UI languages, those the packs bring included): the region's name,
  certificate type names, the acts a document lists, rule explanations, and every name of
  pack_names (payment methods and their terms, warehouses and their cities, shipping options,
  tax notes), since the preview and the workspace show them to merchants;
- the names of pack_names in each of the pack's buyer languages too.

A pack installed alone must read in them: a name another pack's catalog happens to translate
does not count. Brand names and place names written alike stay as written, with the catalogs'
"a brand name" / "a place name" comment. A msgid the pack's catalog lacks, leaves empty or
marks fuzzy fails the test, named; so does a new pack or merchant language until translated.
"""

import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale

from marketplace.catalog.languages import merchant_languages
from regions.core.declarations import DECLARATION_SECTIONS
from regions.core.pack_names import pack_names
from regions.core.packs import installed_packs

ROOT = Path(settings.BASE_DIR)
PACKS = sorted(installed_packs())
MERCHANT_LANGUAGES = sorted(set(merchant_languages()) - {settings.LANGUAGE_CODE})


def pack_data(pack: str) -> dict:
    return tomllib.loads((ROOT / f"regions/packs/{pack}/pack.toml").read_text(encoding="utf-8"))


def merchant_texts(data: dict) -> list[str]:
    """The region's name, its certificate types' names, the names of the acts their documents
    list, its rules' explanations and the names it declares, in file order without repeats."""
    texts = [data["pack"]["name"]]
    texts += [kind["name"] for kind in data.get("certificate_types", [])]
    texts += [name for kind in data.get("certificate_types", [])
              for name in kind.get("acts", {}).values()]
    texts += [rule["explanation"] for rule in data.get("compliance_rules", [])
              if rule.get("explanation")]
    # What the pack declares for open lists (categories, product properties, settlement
    # kinds): the preview labels them with these names.
    texts += [entry["name"] for section in DECLARATION_SECTIONS
              for entry in data.get(section, []) if entry.get("name")]
    return list(dict.fromkeys(texts))


def buyer_languages(data: dict) -> list[str]:
    """The pack's region-wide buyer languages other than English, as catalog languages
    (en-CA reads en). Languages offered in one country only (Irish in Ireland) are read in
    the region's languages' fallback and have no catalog of their own yet."""
    tags = {row["language"].split("-")[0].lower() for row in data.get("languages", [])
            if "country" not in row}
    return sorted(tags - {"en"})


def catalog_languages(data: dict) -> list[str]:
    """The languages a pack's catalogs must cover: every merchant language but the source
    language (English), and the pack's buyer languages."""
    merchant = set(merchant_languages()) - {settings.LANGUAGE_CODE}
    return sorted(merchant | set(buyer_languages(data)))


def untranslated(pack: str, language: str, texts: list[str], root: Path = ROOT) -> list[str]:
    path = root / f"regions/packs/{pack}/locale/{to_locale(language)}/LC_MESSAGES/django.po"
    catalog = {}
    if path.exists():
        with path.open("rb") as po_file:
            catalog = {message.id: message for message in read_po(po_file) if message.id}
    return [text for text in texts if text not in catalog or not catalog[text].string
            or catalog[text].fuzzy]


def test_the_merchant_languages_are_the_ones_we_ship():
    assert {"de", "fr", "it", "es", "nl", "pl", "pt", "sv", "zh-hans", "ja", "ar"} \
        <= set(MERCHANT_LANGUAGES)


def test_every_installed_pack_is_checked():
    assert {"eu", "uk", "us", "ca", "au", "jp", "ae"} <= set(PACKS)


def test_a_new_merchant_language_is_checked_and_fails_until_translated(settings):
    settings.PORTAL_UI_LANGUAGES = [*settings.PORTAL_UI_LANGUAGES, "tr"]
    data = pack_data("au")

    assert "tr" in catalog_languages(data)
    assert untranslated("au", "tr", pack_names(data))[:2] == [
        "Australia", "Visa / Mastercard / eftpos / American Express"]


@pytest.mark.parametrize("language", MERCHANT_LANGUAGES)
@pytest.mark.parametrize("pack", PACKS)
def test_every_merchant_text_of_the_pack_is_translated(pack, language):
    texts = merchant_texts(pack_data(pack))

    assert len(texts) > 5
    assert untranslated(pack, language, texts) == []


@pytest.mark.parametrize("pack", PACKS)
def test_every_name_of_the_pack_reads_in_its_buyer_and_merchant_languages(pack):
    data = pack_data(pack)
    names = pack_names(data)

    assert {language: untranslated(pack, language, names)
            for language in catalog_languages(data)} == {
        language: [] for language in catalog_languages(data)}


def test_the_buyer_languages_come_from_the_packs():
    known = ["eu", "uk", "us", "ca", "au", "jp", "ae"]
    assert {pack: buyer_languages(pack_data(pack)) for pack in known} == {
        "eu": ["de", "es", "fr", "it", "nl", "pl", "pt", "sv"],
        "uk": [], "us": [], "ca": ["fr"], "au": [], "jp": ["ja"], "ae": ["ar"]}


def test_a_missing_translation_is_named(tmp_path):
    catalog = tmp_path / "regions/packs/xx/locale/de/LC_MESSAGES/django.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
                       'msgid "Pallet freight"\nmsgstr "Palettenfracht"\n\n'
                       '#, fuzzy\nmsgid "Sea freight"\nmsgstr "Seefracht"\n\n'
                       'msgid "Ground parcel"\nmsgstr ""\n', encoding="utf-8")

    found = untranslated("xx", "de", ["Pallet freight", "Sea freight", "Ground parcel",
                                      "Express air"], root=tmp_path)

    assert found == ["Sea freight", "Ground parcel", "Express air"]


def act_names(pack: str) -> list[str]:
    return [name for kind in pack_data(pack).get("certificate_types", [])
            for name in kind.get("acts", {}).values()]


def test_the_acts_documents_list_are_merchant_texts():
    texts = merchant_texts(pack_data("uk"))

    assert "Radio Equipment Directive 2014/53/EU" in texts
    assert "Radio Equipment Regulations 2017 (SI 2017/1206)" in texts
    assert len(act_names("eu")) == 10 and len(act_names("uk")) == 17


def test_an_untranslated_act_name_fails(tmp_path):
    catalog = tmp_path / "regions/packs/eu/locale/de/LC_MESSAGES/django.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
                       'msgid "Low Voltage Directive 2014/35/EU"\n'
                       'msgstr "Niederspannungsrichtlinie 2014/35/EU"\n', encoding="utf-8")

    found = untranslated("eu", "de", act_names("eu")[:2], root=tmp_path)

    assert found == ["Electromagnetic Compatibility Directive 2014/30/EU"]


@pytest.mark.parametrize(("language", "name", "official"), [
    ("de", "Low Voltage Directive 2014/35/EU", "Niederspannungsrichtlinie 2014/35/EU"),
    ("fr", "Radio Equipment Directive 2014/53/EU",
     "Directive équipements radioélectriques 2014/53/UE"),
    ("pl", "Toy Safety Directive 2009/48/EC",
     "Dyrektywa w sprawie bezpieczeństwa zabawek 2009/48/WE"),
    ("zh-hans", "Machinery Directive 2006/42/EC", "机械指令 2006/42/EC"),
])
def test_an_act_reads_in_the_merchants_language(language, name, official):
    from django.utils import translation

    from regions.core.pack_names import pack_name

    with translation.override(language):
        assert pack_name(name) == official
