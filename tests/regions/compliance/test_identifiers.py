"""Identifier formats as plain data: normalisation (spacing, case, a label, the pattern's named
parts put together), the one refusal of placeholders and too-short free text every type uses,
and the validation of a type's format that the admin and `load_region` run."""

import pytest

from regions.compliance.identifiers import (
    MISMATCH,
    PLACEHOLDER,
    TOO_SHORT,
    IdentifierFormat,
    format_errors,
)

WEEE = IdentifierFormat(r"(?:WEEE-Reg\.-Nr\. )?(?P<country>DE) ?(?P<number>\d{8})",
                        ("WEEE-Reg.-Nr.", "WEEE-Nr.", "WEEE"), "upper", "{country} {number}")
FREE_TEXT = IdentifierFormat()


@pytest.mark.parametrize("raw", [
    "WEEE-Reg.-Nr. DE 12345678", "DE12345678", "de 12345678", "  DE   12345678 ",
    "weee reg nr: de 12345678", "WEEE DE12345678", "DE\u00a012345678",
])
def test_every_way_of_writing_a_weee_number_is_stored_one_way(raw):
    assert WEEE.normalize(raw) == "DE 12345678"
    assert WEEE.problem(WEEE.normalize(raw)) is None


@pytest.mark.parametrize("raw", ["n/a", "N.A.", "na", "none", "-", "x", "X", "tbd", "TODO",
                                 "unknown", "0", "", "   ", "xxxx", "AAAA", "0000", "?"])
def test_placeholders_are_refused_for_free_text(raw):
    assert FREE_TEXT.problem(FREE_TEXT.normalize(raw)) == PLACEHOLDER


def test_a_number_whose_digits_are_all_zeros_is_a_placeholder_even_in_the_format():
    assert WEEE.problem(WEEE.normalize("WEEE-Reg.-Nr. DE 00000000")) == PLACEHOLDER


def test_free_text_needs_five_letters_or_digits():
    assert FREE_TEXT.problem("DoC-1") == TOO_SHORT
    assert FREE_TEXT.problem("DoC-12") is None


def test_free_text_keeps_its_case_and_only_collapses_spacing():
    assert FREE_TEXT.normalize("  HX-DOC   x1\t2025 ") == "HX-DOC x1 2025"


def test_a_label_is_stripped_only_where_a_number_follows_it():
    assert WEEE.normalize("WEEE") == "WEEE"
    assert WEEE.problem(WEEE.normalize("WEEE")) == MISMATCH


def test_a_template_naming_a_part_the_pattern_lacks_is_refused():
    errors = format_errors(IdentifierFormat(r"(?P<country>DE)\d{8}", (), "", "{country} {nr}"),
                           "DE12345678")
    assert errors == {"identifier_format": "The format names parts the pattern does not have: "
                                           "nr (the pattern's named parts: country)."}


def test_a_template_without_a_pattern_is_refused():
    assert format_errors(IdentifierFormat("", (), "", "{x}"), "") == {
        "identifier_format": "A format needs an identifier pattern with named parts."}


def test_an_example_that_does_not_match_once_normalised_is_refused():
    assert format_errors(WEEE, "DE 1234567") == {
        "identifier_example": "The example “DE 1234567” does not match the identifier pattern."}
    assert format_errors(WEEE, "de 1234567") == {
        "identifier_example": "The example “de 1234567” does not match the identifier pattern "
                              "once normalised (“DE 1234567”)."}


def test_an_example_that_is_a_placeholder_is_refused():
    assert format_errors(FREE_TEXT, "n/a") == {
        "identifier_example": "The example “n/a” is refused as a placeholder or too short."}


def test_an_unknown_case_is_refused():
    assert format_errors(IdentifierFormat(case="title"), "") == {
        "identifier_case": "Use one of: '', 'upper'."}


def test_the_sources_format_is_valid_and_stable():
    assert format_errors(WEEE, "DE 12345678") == {}
