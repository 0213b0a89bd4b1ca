"""Declarative organisation policies: rules written in YAML, validated with JSON Schema.

A policy file never executes code: it names a property, an optional condition and a
requirement from a fixed vocabulary, and becomes an ordinary rule (listed, selectable,
suppressible). See README, "Organisation policies".

    policies:
      - id: ORG001
        name: approved-runtimes
        severity: error
        resource_types: [AWS::Serverless::Function, AWS::Lambda::Function]
        property: Runtime
        require: {one_of: [python3.12, nodejs22.x]}
        message: "Runtime {value} is not approved; use one of {expected}"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ConfigError
from .findings import Severity
from .rule import Rule
from .safe_regex import SafePattern, UnsupportedPattern

MAX_POLICY_BYTES = 1_048_576  # a policy file is a few KB; more is not a policy file

_REQUIREMENTS = {
    "one_of": {"type": "array", "minItems": 1},
    "not_one_of": {"type": "array", "minItems": 1},
    "minimum": {"type": "number"},
    "maximum": {"type": "number"},
    "pattern": {"type": "string"},
    "present": {"const": True},
    "absent": {"const": True},
    "has_keys": {"type": "array", "items": {"type": "string"}, "minItems": 1},
}

POLICY_SCHEMA: dict = {
    "type": "object",
    "additionalProperties": False,
    "required": ["policies"],
    "properties": {
        "policies": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name", "resource_types", "property", "require"],
                "properties": {
                    "id": {"type": "string", "pattern": r"^(?!SL)[A-Z][A-Z0-9]*[0-9]{3}$"},
                    "name": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "description": {"type": "string"},
                    "url": {"type": "string"},
                    "resource_types": {
                        "type": "array",
                        "items": {"type": "string", "pattern": r"^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$"},
                        "minItems": 1,
                    },
                    "property": {"type": "string", "minLength": 1},
                    "when": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "triggered_by": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                            "property": {"type": "string"},
                            "equals": {},
                        },
                        "dependentRequired": {"equals": ["property"], "property": ["equals"]},
                    },
                    "require": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "maxProperties": 1,
                        "properties": _REQUIREMENTS,
                    },
                    "message": {"type": "string"},
                },
            },
        }
    },
}

_DEFAULT_MESSAGES = {
    "one_of": "{property} {value} is not allowed; use one of {expected}",
    "not_one_of": "{property} {value} is not allowed ({expected} are forbidden)",
    "minimum": "{property} {value} is below the policy minimum of {expected}",
    "maximum": "{property} {value} exceeds the policy maximum of {expected}",
    "pattern": "{property} {value} does not match the pattern {expected}",
    "present": "{property} must be set",
    "absent": "{property} must not be set (it is {value})",
    "has_keys": "{property} lacks required keys: {missing}",
}


class PolicyRule(Rule):
    """Base of rules built from a policy file."""

    policy = True
    property_path: tuple = ()
    requirement: tuple = ("present", True)
    condition: dict = {}
    resource_types: tuple = ("*",)
    matcher: SafePattern | None = None  # the compiled ``pattern`` requirement

    def check_resource(self, resource, ctx):
        if not self._applies(resource, ctx):
            return
        kind, expected = self.requirement
        path = self.property_path
        name = ".".join(path)
        if kind == "present":
            if not resource.has(*path):
                ctx.report(resource, "violation", property=name, value="(absent)", expected="set", missing="")
            return
        if kind == "absent":
            if resource.has(*path):
                value = resource.get(*path)
                ctx.report(value, "violation", property=name, value=value.describe(), expected="absent", missing="")
            return
        for value in resource.each(*path):
            if value.is_default and kind != "has_keys":
                continue
            failed, missing = _violates(kind, self.matcher or expected, value)
            if failed:
                ctx.report(
                    value, "violation", property=name, value=value.describe(), expected=_show(expected), missing=missing
                )
        if kind == "has_keys" and not resource.has(*path):
            ctx.report(
                resource,
                "violation",
                property=name,
                value="(absent)",
                expected=_show(expected),
                missing=", ".join(expected),
            )

    def _applies(self, resource, ctx) -> bool:
        condition = self.condition
        kinds = condition.get("triggered_by")
        if kinds and not any(t.kind in kinds for t in ctx.graph.triggers(resource)):
            return False
        if "property" in condition:
            path = tuple(condition["property"].split("."))
            if not any(_same(v.value, condition["equals"]) for v in resource.each(*path)):
                return False
        return True


def _same(actual: Any, expected: Any) -> bool:
    return actual == expected or str(actual) == str(expected)


def _violates(kind: str, expected: Any, value) -> tuple[bool, str]:
    actual = value.value
    if kind == "one_of":
        return not any(_same(actual, e) for e in expected), ""
    if kind == "not_one_of":
        return any(_same(actual, e) for e in expected), ""
    if kind in ("minimum", "maximum"):
        number = value.number
        if number is None:
            return False, ""
        return (number < expected) if kind == "minimum" else (number > expected), ""
    if kind == "pattern":
        return not (isinstance(actual, str) and expected.search(actual)), ""
    if kind == "has_keys":
        if not isinstance(actual, dict):
            return False, ""
        missing = [key for key in expected if key not in actual]
        if not missing and isinstance(value.raw, dict):
            return False, ""
        return bool(missing), ", ".join(missing)
    return False, ""


def _show(expected: Any) -> str:
    if isinstance(expected, list):
        return ", ".join(str(e) for e in expected)
    return str(expected)


def load_policies(path: Path) -> list[Rule]:
    """Policy rules from one file; a bad file is a ConfigError naming the file and line."""
    from .artifacts import read_regular_file
    from .config import plain_data
    from .parser import ParseError, parse_yaml

    file = str(path)
    try:
        text = read_regular_file(path, MAX_POLICY_BYTES).decode("utf-8")
    except (OSError, ValueError) as exc:
        reason = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else exc  # the codec's message quotes a byte
        raise ConfigError(f"cannot read policy file: {reason}", file) from None
    # A path in `policies` may name any file (../secret.txt): until the file shows itself as a
    # policy file (a mapping with `policies`), errors say what and where, never its content.
    try:
        parsed = parse_yaml(text)
    except ParseError as exc:
        quotes = "'" in exc.message or '"' in exc.message
        raise ConfigError("invalid YAML" if quotes else f"invalid YAML: {exc.message}", file, exc.line) from None
    root = parsed.root
    if not (isinstance(root, dict) and "policies" in root):
        raise ConfigError("not a policy file (a YAML mapping with a 'policies' list)", file, _line_of(root, []))
    for diagnostic in parsed.diagnostics:
        raise ConfigError(diagnostic.message, file, diagnostic.span[0])
    data = plain_data(root)
    import jsonschema

    validator = jsonschema.Draft202012Validator(POLICY_SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.path) or "(top level)"
        raise ConfigError(f"invalid policy at {where}: {error.message}", file, _line_of(root, list(error.path)))
    rules: list[Rule] = []
    for index, entry in enumerate(data["policies"]):
        matcher = None
        if "pattern" in entry["require"]:
            try:
                matcher = SafePattern(entry["require"]["pattern"])
            except UnsupportedPattern as exc:
                raise ConfigError(
                    f"invalid pattern in policy {entry['id']}: {exc}",
                    file,
                    _line_of(root, ["policies", index, "require", "pattern"]),
                ) from None
        if "message" in entry:
            try:
                _check_message(entry["message"])
            except ValueError as exc:
                raise ConfigError(
                    f"policy {entry['id']}: message may use only {{property}}, {{value}}, {{expected}}, {{missing}} ({exc})",
                    file,
                    _line_of(root, ["policies", index, "message"]),
                ) from None
        rule_class = _policy_rule(entry, file)
        rule_class.matcher = matcher
        rules.append(rule_class())
    return rules


_MESSAGE_FIELDS = {"property", "value", "expected", "missing"}


def _check_message(message: str) -> None:
    """Only plain ``{name}`` fields: no attribute or index access, no format spec (a width could
    ask for gigabytes)."""
    import string

    for _text, field, spec, conversion in string.Formatter().parse(message):
        if field is None:
            continue
        if field not in _MESSAGE_FIELDS or spec or conversion:
            raise ValueError(
                f"'{{{field}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}' is not allowed"
            )


def _policy_rule(entry: dict, file: str) -> type[PolicyRule]:
    ((kind, expected),) = entry["require"].items()
    description = entry.get("description") or f"Organisation policy from {file}."
    doc = (
        f"\n    ## What it does\n    {description}\n    ## Why is this bad?\n    It breaks an organisation policy"
        f" ({file}).\n    ## Example\n    A `{entry['property']}` that does not satisfy `{kind}: {_show(expected)}`.\n"
        f"    ## Use instead\n    A value that satisfies the policy.\n    ## References\n    - {entry.get('url') or file}\n"
    )
    attrs = {
        "__doc__": doc,
        "__module__": __name__,
        "id": entry["id"],
        "name": entry["name"],
        "severity": Severity.parse(entry.get("severity", "error")),
        "resource_types": tuple(entry["resource_types"]),
        "property_path": tuple(entry["property"].split(".")),
        "requirement": (kind, expected),
        "condition": dict(entry.get("when", {})),
        "messages": {"violation": entry.get("message") or _DEFAULT_MESSAGES[kind]},
        "source_url": entry.get("url", ""),
    }
    return type(f"Policy_{entry['id']}", (PolicyRule,), attrs)


def _line_of(root: Any, path: list) -> int | None:
    """The line where ``path`` (keys and indices) is written, or of its nearest written parent."""
    node = root
    line = getattr(root, "span", (None,))[0]
    for key in path:
        spans = getattr(node, "value_spans", None)
        if spans is not None and key in spans:
            line = spans[key][0]
        elif isinstance(node, list) and isinstance(key, int) and key < len(getattr(node, "item_spans", [])):
            line = node.item_spans[key][0]
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line
