"""Protect, then verify: what a model must not touch goes out as tokens and comes back intact."""

import pytest

from marketplace.translation.protect import Protected, TokenMismatch, protect, restore


def round_trip(text: str, **kwargs) -> Protected:
    protected = protect(text, **kwargs)
    assert restore(protected.text, protected) == text
    return protected


def test_each_allowed_tag_is_its_own_token_in_order():
    protected = round_trip("<p>Charge with <strong>care</strong>.</p><ul><li>one</li></ul>")
    assert protected.text == "⟦T1⟧Charge with ⟦T2⟧care⟦T3⟧.⟦T4⟧⟦T5⟧⟦T6⟧one⟦T7⟧⟦T8⟧"
    assert list(protected.tokens.values()) == [
        "<p>", "<strong>", "</strong>", "</p>", "<ul>", "<li>", "</li>", "</ul>"]


def test_tags_outside_the_allowed_markup_are_left_for_qa_to_catch():
    assert protect("<script>x</script>").tokens == {}


def test_entities_are_protected():
    assert round_trip("Tom &amp; Jerry").text == "Tom ⟦E1⟧ Jerry"


def test_gettext_and_format_placeholders():
    protected = round_trip("%(count)s items for %s, {0} or {name} at %d; 100%silk")
    assert protected.text == "⟦P1⟧ items for ⟦P2⟧, ⟦P3⟧ or ⟦P4⟧ at ⟦P5⟧; 100%silk"
    assert protected.tokens == {"⟦P1⟧": "%(count)s", "⟦P2⟧": "%s", "⟦P3⟧": "{0}",
                                "⟦P4⟧": "{name}", "⟦P5⟧": "%d"}


def test_numbers_with_units():
    protected = round_trip("5 V, 2.4 GHz, 3000 mAh, 28 cm, 100-240 V, IP67, 5V/2A, 50%, 1st")
    assert protected.text == "⟦N1⟧, ⟦N2⟧, ⟦N3⟧, ⟦N4⟧, ⟦N5⟧, ⟦N6⟧, ⟦N7⟧, ⟦N8⟧, 1st"
    assert protected.values() == ["5 V", "2.4 GHz", "3000 mAh", "28 cm", "100-240 V", "IP67",
                                  "5V/2A", "50%"]


def test_model_numbers():
    protected = round_trip("BT100 with QC3.0 over USB-C, X1 Pro, 2 cables")
    assert protected.text == "⟦M1⟧ with ⟦M2⟧ over ⟦M3⟧, ⟦M4⟧ Pro, 2 cables"
    assert protected.values() == ["BT100", "QC3.0", "USB-C", "X1"]


def test_glossary_terms_win_over_the_model_number_inside_them():
    protected = round_trip("SoundWave BT100 by SoundWave, not soundwave",
                           keep=["SoundWave", "SoundWave BT100"])
    assert protected.text == "⟦G1⟧ by ⟦G2⟧, not soundwave"
    assert protected.tokens == {"⟦G1⟧": "SoundWave BT100", "⟦G2⟧": "SoundWave"}


def test_chinese_source_has_no_spaces_around_what_is_protected():
    protected = round_trip(
        "<p>SoundWave蓝牙耳机BT100，电池3000mAh，尺寸28cm，支持5V/2A快充，防水IP67。</p>",
        keep=["SoundWave"])
    assert protected.text == (
        "⟦T1⟧⟦G1⟧蓝牙耳机⟦M1⟧，电池⟦N1⟧，尺寸⟦N2⟧，支持⟦N3⟧快充，防水⟦N4⟧。⟦T2⟧")
    assert protected.values("NM") == ["BT100", "3000mAh", "28cm", "5V/2A", "IP67"]


def test_brackets_in_the_source_cannot_be_mistaken_for_tokens():
    protected = round_trip("odd ⟦T1⟧ text")
    assert protected.text == "odd ⟦S1⟧⟦M1⟧⟦S2⟧ text"


def test_restore_accepts_reordered_tokens_and_puts_originals_back():
    protected = protect("<p>BT100 at 5 V</p>")
    assert restore("⟦T1⟧Mit ⟦N1⟧: ⟦M1⟧⟦T2⟧", protected) == "<p>Mit 5 V: BT100</p>"


@pytest.mark.parametrize(("reply", "message"), [
    ("⟦T1⟧Kopfhörer ⟦M1⟧", "The reply's tokens differ from the source's: missing ⟦T2⟧."),
    ("⟦T1⟧Kopfhörer ⟦M2⟧⟦T2⟧",
     "The reply's tokens differ from the source's: missing ⟦M1⟧; extra ⟦M2⟧."),
    ("⟦T1⟧Kopfhörer ⟦M1⟧ ⟦M1⟧⟦T2⟧",
     "The reply's tokens differ from the source's: duplicated ⟦M1⟧ ×2."),
    ("⟦T1⟧Kopfhörer ⟦M1⟧⟦T2⟧⟦T3⟧",
     "The reply's tokens differ from the source's: extra ⟦T3⟧."),
    ("⟦T1⟧Kopfhörer ⟦m1⟧⟦T2⟧",
     "The reply's tokens differ from the source's: missing ⟦M1⟧; extra ⟦m1⟧."),
    ("⟦T1⟧Kopfhörer ⟦M1⟧⟦T2⟧ ⟦",
     "The reply's tokens differ from the source's: 1 stray bracket."),
], ids=["dropped", "renamed", "duplicated", "extra", "case-changed", "stray"])
def test_restore_refuses_a_reply_whose_tokens_differ(reply, message):
    protected = protect("<p>Headphones BT100</p>")
    with pytest.raises(TokenMismatch) as refused:
        restore(reply, protected)
    assert str(refused.value) == message
