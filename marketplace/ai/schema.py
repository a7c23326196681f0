"""A small, strict JSON-schema validator for the subset our prompts use.

Supported keywords: type (object, array, string, integer, number, boolean, null, or a list of
them), properties, required, additionalProperties (false, or absent meaning false), items,
enum, minItems, maxItems, minLength, maxLength; description/title are ignored. A schema with
any other keyword is a programming error (ValueError), so nobody writes a constraint that is
silently not checked.

Strictness on purpose: objects reject keys the schema does not list even when
`additionalProperties` is omitted, `integer` rejects 1.0 and booleans, `number` rejects
booleans. A model reply is untrusted input.
"""

from typing import Any

_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_KEYWORDS = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "description",
    "title",
}


class SchemaMismatch(ValueError):
    """The value does not match the schema; the message names the JSON path."""


def validate(value: Any, schema: dict[str, Any], path: str = "$") -> None:
    """Raise SchemaMismatch at the first place `value` breaks `schema`."""
    unknown = set(schema) - _KEYWORDS
    if unknown:
        raise ValueError(f"Unsupported JSON-schema keyword(s) at {path}: {sorted(unknown)}")

    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        for name in types:
            if name not in _TYPES:
                raise ValueError(f"Unsupported JSON-schema type at {path}: {name!r}")
        if not any(_TYPES[name](value) for name in types):
            expected = " or ".join(types)
            raise SchemaMismatch(f"{path}: expected {expected}, got {_type_name(value)}")

    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        raise SchemaMismatch(f"{path}: {value!r} is not one of {schema['enum']!r}")

    if isinstance(value, dict):
        _validate_object(value, schema, path)
    elif isinstance(value, list):
        _validate_array(value, schema, path)
    elif isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            raise SchemaMismatch(f"{path}: shorter than {schema['minLength']} characters")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise SchemaMismatch(f"{path}: longer than {schema['maxLength']} characters")


def _validate_object(value: dict[str, Any], schema: dict[str, Any], path: str) -> None:
    properties: dict[str, Any] = schema.get("properties", {})
    if schema.get("additionalProperties", False) is not False:
        raise ValueError(f"Only additionalProperties: false is supported (at {path})")
    for key in schema.get("required", []):
        if key not in value:
            raise SchemaMismatch(f"{path}: missing required key {key!r}")
    for key, item in value.items():
        if key not in properties:
            raise SchemaMismatch(f"{path}: unexpected key {key!r}")
        validate(item, properties[key], f"{path}.{key}")


def _validate_array(value: list[Any], schema: dict[str, Any], path: str) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        raise SchemaMismatch(f"{path}: fewer than {schema['minItems']} items ({len(value)})")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        raise SchemaMismatch(f"{path}: more than {schema['maxItems']} items ({len(value)})")
    if "items" in schema:
        for index, item in enumerate(value):
            validate(item, schema["items"], f"{path}[{index}]")


def _same(value: Any, option: Any) -> bool:
    # 1 == True in Python; an enum of [1, 2] must not accept true.
    return type(value) is type(option) and value == option


def _type_name(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _TYPES[name](value):
            return name
    return type(value).__name__
