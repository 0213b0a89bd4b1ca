"""JSON types as CloudFormation applies them to property values (it converts scalars)."""

from __future__ import annotations

from typing import Any


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if value is None:
        return "null"
    return "string"


def _fits(value: Any, expected: str) -> bool:
    """Whether CloudFormation accepts ``value`` for a property of JSON type ``expected``:
    scalars are converted (numbers and booleans may be strings, anything scalar may be a string)."""
    kind = _json_type(value)
    if expected == "string":
        return kind not in ("object", "array")
    if expected == "object":
        return kind == "object"
    if expected == "array":
        return kind == "array"
    if expected == "boolean":
        return kind == "boolean" or kind == "string" and value.lower() in ("true", "false")
    if expected in ("integer", "number"):
        if kind == "integer" or kind == "number" and expected == "number":
            return True
        if kind == "string":
            try:
                number = float(value)
            except ValueError:
                return False
            return expected == "number" or number.is_integer()
        return False
    return True  # "null" and anything unforeseen: not ours to judge


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
