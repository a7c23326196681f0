"""The strict validator: the subset of JSON schema the prompts use, and nothing looser."""

import pytest

from marketplace.ai.schema import SchemaMismatch, validate


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        (True, {"type": "integer"}),
        (1.0, {"type": "integer"}),
        (False, {"type": "number"}),
        (None, {"type": "string"}),
        (True, {"enum": [1, 2]}),
        ("c", {"type": "string", "enum": ["a", "b"]}),
        ([1, 2, 3], {"type": "array", "maxItems": 2}),
        ({"a": 1}, {"type": "object", "properties": {}}),  # additionalProperties defaults false
        ("", {"type": "string", "minLength": 1}),
    ],
)
def test_values_that_a_lax_reading_would_accept_are_rejected(value, schema):
    with pytest.raises(SchemaMismatch):
        validate(value, schema)


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        (3, {"type": "number"}),
        (None, {"type": ["string", "null"]}),
        ("a", {"type": "string", "enum": ["a", "b"], "description": "ignored"}),
        ({"a": [1]}, {"type": "object", "properties": {"a": {"type": "array"}}}),
    ],
)
def test_values_that_match_pass(value, schema):
    validate(value, schema)


def test_a_schema_keyword_that_is_not_checked_is_refused():
    with pytest.raises(ValueError, match="Unsupported JSON-schema keyword"):
        validate("x", {"type": "string", "pattern": "^x$"})
