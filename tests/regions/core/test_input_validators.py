"""The shared checks every door calls for values from outside: ids, free text, language
tags."""

import pytest
from django.core.exceptions import ValidationError

from regions.core.phones import normalize_phone
from regions.core.validators import (
    MAX_ID,
    is_well_formed_language_tag,
    parse_object_id,
    shown,
    validate_object_id,
    validate_text,
    without_control_characters,
)


@pytest.mark.parametrize(("value", "expected"), [
    (1, 1), ("42", 42), (" 7 ", 7), (MAX_ID, MAX_ID), (str(MAX_ID), MAX_ID),
    (0, None), (-3, None), (MAX_ID + 1, None), ("9999999999999999999999", None),
    (True, None), (2.0, None), ("2.5", None), ("٣", None), (None, None), ("", None)])
def test_an_id_is_a_whole_number_within_the_database_range(value, expected):
    assert parse_object_id(value) == expected


def test_an_id_out_of_range_is_refused_with_the_range():
    with pytest.raises(ValidationError) as error:
        validate_object_id("9999999999999999999999")

    assert error.value.code == "invalid_id"
    assert error.value.messages == [
        "“9999999999999999999999” is not an id: give a whole number from 1 to "
        "9223372036854775807."]


@pytest.mark.parametrize("value", ["a\x00b", "\x1b[31m", "bell\x07", "del\x7f", "c1\x85"])
def test_text_with_a_control_character_is_refused_naming_its_code_point(value):
    with pytest.raises(ValidationError) as error:
        validate_text(value)

    assert error.value.code == "control_character"
    assert "U+" in error.value.messages[0]
    assert all(character not in error.value.messages[0] for character in "\x00\x1b\x07\x7f")


def test_line_breaks_tabs_and_other_scripts_are_text():
    validate_text("Zeile 1\r\nZeile 2\tEnde · 東京 · شركة\u200c")


def test_text_over_the_limit_is_refused_with_both_lengths():
    with pytest.raises(ValidationError) as error:
        validate_text("x" * 201, max_length=200)

    assert error.value.messages == ["Enter at most 200 characters (this has 201)."]


@pytest.mark.parametrize(("tag", "well_formed"), [
    ("de", True), ("DE-at", True), ("zh-Hans-CN", True), ("en-GB-oed", True),
    ("de-XX-invalid-tag-", False), ("de--AT", False), ("de_DE", False), ("", False),
    ("déu", False), ("-de", False), (None, False), ("a" * 50, False)])
def test_a_language_tag_must_be_well_formed_bcp_47(tag, well_formed):
    assert is_well_formed_language_tag(tag) is well_formed


def test_a_refused_value_is_shown_without_its_control_characters_and_cut():
    assert shown("ab\x00c") == "abU+0000c"
    assert shown("x" * 100) == "x" * 40 + "…"
    assert without_control_characters("Anna\x00 Schmidt\n") == "Anna Schmidt\n"


@pytest.mark.parametrize(("typed", "character"), [
    ("+49 30 901820\u202e", "U+202E"), ("030\u200b901820", "U+200B"), ("030 901820\x00", "U+0000")])
def test_a_phone_with_an_invisible_character_is_refused_not_cleaned(typed, character):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed, "DE")

    assert error.value.code == "invisible_character"
    assert error.value.messages == [
        f"Remove the invisible character {character} from the phone number: type only digits, "
        "spaces, +, - and parentheses."]
