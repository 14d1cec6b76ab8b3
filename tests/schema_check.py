"""A small checker of the JSON Schema keywords docs/plan.schema.json uses (no dependency needed)."""

from __future__ import annotations

import re
from typing import Any


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return dict(node)


def _type_ok(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    raise AssertionError(f"schema uses unknown type {name}")


def schema_errors(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> list[str]:
    """A small checker for the keywords docs/plan.schema.json uses (no dependency needed)."""
    errors: list[str] = []
    if "$ref" in schema:
        errors += schema_errors(value, _resolve(schema["$ref"], root), root)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, name) for name in names):
            return [f"type {names}"]
    if "const" in schema and not (
        value == schema["const"] and type(value) is type(schema["const"])
    ):
        errors.append(f"const {schema['const']!r}")
    if "enum" in schema and not any(
        value == item and isinstance(value, bool) == isinstance(item, bool)
        for item in schema["enum"]
    ):
        errors.append(f"enum {schema['enum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        errors.append(f"pattern {schema['pattern']}")
    if "anyOf" in schema and all(schema_errors(value, s, root) for s in schema["anyOf"]):
        errors.append("anyOf")
    for sub in schema.get("allOf", []):
        errors += schema_errors(value, sub, root)
    if "not" in schema and not schema_errors(value, schema["not"], root):
        errors.append("not")
    if "if" in schema:
        branch = "then" if not schema_errors(value, schema["if"], root) else "else"
        if branch in schema:
            errors += schema_errors(value, schema[branch], root)
    if isinstance(value, dict):
        errors += [f"required {key}" for key in schema.get("required", []) if key not in value]
        properties = schema.get("properties", {})
        for key, item in value.items():
            if "propertyNames" in schema:
                errors += [f"{key}: {e}" for e in schema_errors(key, schema["propertyNames"], root)]
            if key in properties:
                errors += [f"{key}: {e}" for e in schema_errors(item, properties[key], root)]
            elif schema.get("additionalProperties") is False:
                errors.append(f"{key}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                sub = schema["additionalProperties"]
                errors += [f"{key}: {e}" for e in schema_errors(item, sub, root)]
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"minItems {schema['minItems']}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"maxItems {schema['maxItems']}")
        prefix = schema.get("prefixItems", [])
        for index, item in enumerate(value):
            sub = prefix[index] if index < len(prefix) else schema.get("items")
            if sub is not None:
                errors += [f"[{index}]: {e}" for e in schema_errors(item, sub, root)]
    return errors
