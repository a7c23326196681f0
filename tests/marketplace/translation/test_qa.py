"""Each QA check passes a good translation and names what is wrong with a bad one."""

from types import SimpleNamespace

import pytest

from marketplace.translation.qa import CHECKS, QAFailure, run_checks

SOURCE = "<p>Wireless headphones BT100 with 30 hours of battery and 5 V USB-C charging.</p>"
GOOD = "<p>Kabellose Kopfhörer BT100 mit 30 Stunden Akku und 5 V Laden über USB-C.</p>"


def check(source: str, target: str, **kwargs) -> list[QAFailure]:
    kwargs.setdefault("source_language", "en")
    kwargs.setdefault("target_language", "de")
    return run_checks(source, target, **kwargs)


def term(source_term, kind, preferred="", case_sensitive=False):
    return SimpleNamespace(source_term=source_term, kind=kind, preferred_translation=preferred,
                           case_sensitive=case_sensitive)


def test_a_good_translation_passes_every_check():
    assert check(SOURCE, GOOD) == []


def test_checks_have_stable_ids_and_translatable_names():
    assert [c.id for c in CHECKS] == ["tokens", "empty", "identical", "length", "commentary",
                                      "markup", "glossary"]
    assert str(CHECKS[0].name) == "Placeholders, markup and numbers kept"


def test_lost_markup_numbers_and_model_numbers_are_reported():
    target = "Kabellose Kopfhörer mit 30 Stunden Akku und 5 Volt Laden über USB-C."
    assert check(SOURCE, target) == [QAFailure(
        "tokens", "Missing from the translation: “<p>”, “BT100”, “5 V”, “</p>”.")]


def test_added_markup_and_placeholders_are_reported_but_added_numbers_are_not():
    failures = check("Set of two, %(count)s left", "<b>2er</b>-Set, %(count)s übrig %s")
    assert failures == [QAFailure("tokens", "Not in the source: “<b>”, “</b>”, “%s”.")]


def test_empty_translation():
    assert check(SOURCE, "<p> </p>")[1] == QAFailure("empty", "The translation is empty.")


def test_identical_translation():
    failures = check(SOURCE, SOURCE)
    assert failures == [QAFailure(
        "identical", "The translation is the same as the source text; it was not translated.")]


@pytest.mark.parametrize("source", ["BT100", "SoundWave BT100 5 V", "OK"])
def test_brand_only_and_very_short_texts_may_stay_identical(source):
    dnt = [term("SoundWave", "do_not_translate")]
    assert check(source, source, glossary_terms=dnt) == []


def test_identical_allowed_explicitly():
    assert check(SOURCE, SOURCE, allow_identical=True) == []


def test_too_short_translation():
    assert check(SOURCE, "<p>BT100 5 V USB-C</p>") == [QAFailure(
        "length", "The translation is 0.2 times as long as the source (expected 0.3–3.0); "
                  "text may be missing or added.")]


def test_too_long_translation():
    target = GOOD[:-4] + " Dies ist ein sehr gutes Produkt." * 8 + "</p>"
    assert [f.check for f in check(SOURCE, target)] == ["length"]


def test_short_texts_are_exempt_from_the_length_check():
    assert check("Blue cable", "Blaues Kabel mit Stecker und Hülle") == []


def test_chinese_characters_weigh_more_than_latin_ones():
    source = "蓝牙耳机BT100，续航30小时，支持5 V快充，佩戴舒适，音质清晰。"
    target = ("Bluetooth headphones BT100 with 30 hours of battery life, 5 V fast charging, "
              "comfortable to wear and clear sound.")
    assert len(target) / len(source) > 3.0  # a raw character count would call this too long
    assert check(source, target, source_language="zh-Hans", target_language="en") == []


@pytest.mark.parametrize(("target", "quoted"), [
    ("Here is the German translation: " + GOOD, "Here is the German translation"),
    ("Sure! " + GOOD, "Sure!"),
    ("Übersetzung: " + GOOD, "Übersetzung:"),
    (GOOD + " As an AI, I cannot verify the battery life.", "As an AI"),
    (GOOD + "\nNote: “Akku” is more idiomatic.", "Note:"),
])
def test_added_commentary(target, quoted):
    failures = [f for f in check(SOURCE, target) if f.check == "commentary"]
    assert failures == [QAFailure(
        "commentary", f"The reply adds words of its own (“{quoted}”), not only the text.")]


@pytest.mark.parametrize("target", [f"“{GOOD}”", f'"{GOOD}"', f"„{GOOD}“"])
def test_text_wrapped_in_quotes(target):
    assert check(SOURCE, target) == [QAFailure(
        "commentary", "The reply wraps the text in quotes that the source doesn't have.")]


def test_quotes_that_the_source_has_are_fine():
    assert check("“Best buy” award winner 2024", "„Bester Kauf“ Preisträger 2024") == []


def test_sure_as_an_ordinary_word_is_not_commentary():
    assert check("Sure-grip handle, non-slip", "Sure-Grip-Griff, rutschfest") == []


MARKUP_FAILURE = QAFailure(
    "markup", "The translation contains markup that is not allowed (scripts, links, images, "
              "attributes or event handlers); only the source's formatting may be used.")


@pytest.mark.parametrize("injected", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="https://example.com">Shop</a>',
])
def test_injected_markup(injected):
    failures = check(SOURCE, GOOD[:-4] + injected + "</p>")
    assert MARKUP_FAILURE in failures


def test_event_handler_on_an_allowed_tag():
    target = GOOD.replace("<p>", '<p onclick="steal()">')
    assert check(SOURCE, target) == [
        QAFailure("tokens", 'Missing from the translation: “<p>”; not in the source: '
                            '“<p onclick="steal()">”.'),
        MARKUP_FAILURE,
    ]


def test_escaped_and_bare_ampersands_are_text_not_markup():
    assert check("Tom &amp; Jerry toy set for kids", "Tom & Jerry Spielzeugset für Kinder") == []


GLOSSARY = [
    term("SoundWave", "do_not_translate", case_sensitive=True),
    term("charger", "preferred", "Ladegerät"),
    term("power bank", "preferred", "Powerbank"),
]


def test_glossary_followed():
    source = "SoundWave charger with cable"
    assert check(source, "SoundWave Ladegerät mit Kabel", glossary_terms=GLOSSARY) == []
    # An inflected preferred term still counts; terms absent from the source are not required.
    assert check("The charger's cable", "Das Kabel des Ladegeräts",
                 glossary_terms=GLOSSARY) == []


def test_glossary_violations():
    failures = check("SoundWave charger with cable", "Soundwelle Netzteil mit Kabel",
                     glossary_terms=GLOSSARY)
    assert failures[-1] == QAFailure(
        "glossary", "Glossary: “SoundWave” must stay as it is; “charger” should be translated "
                    "as “Ladegerät”.")
