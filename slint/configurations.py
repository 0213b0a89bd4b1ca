"""Every deployable configuration, boundedly.

A parameter that nothing pins (samconfig, ``--parameter``, configuration) and whose
``AllowedValues`` list more than one value may deploy with each of them. A value written with
an intrinsic that depends on such parameters (``!Ref Stage``, ``!FindInMap [Sizes, !Ref Stage,
Memory]``, ``!If [IsProd, …]`` on a condition over ``Stage``, a ``!Sub``) is therefore resolved
once per configuration: each distinct result becomes an alternative of the value, labelled with
the configuration that gives it ("when Stage is prod"), and rules check each one.

Bounded: at most ``MAX_VALUES`` values per parameter and ``MAX_CONFIGURATIONS`` combinations
per value; beyond that only the defaults are checked, as before.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from .nodes import intrinsic_name

if TYPE_CHECKING:  # pragma: no cover
    from .values import Resolver

MAX_VALUES = 16
MAX_CONFIGURATIONS = 32
_SCALAR_TYPES = ("String", "Number")


def open_parameters(template) -> dict[str, list]:
    """Unpinned parameters with more than one allowed value -> their values, default first."""
    found: dict[str, list] = {}
    for name, parameter in template.parameters.items():
        allowed = parameter.allowed_values
        if name in template.parameter_values or parameter.type not in _SCALAR_TYPES or not isinstance(allowed, list):
            continue
        values: list = []
        for raw in ([parameter.default] if parameter.has_default else []) + allowed:
            value = parameter.coerce(raw)
            if not isinstance(value, (dict, list)) and value not in values:
                values.append(value)
        if len(values) > 1:
            found[name] = values[:MAX_VALUES]
    return found


def dependencies(resolver: Resolver, node: Any, depth: int = 0, seen: set | None = None) -> set[str]:
    """The open parameters ``node`` depends on: Refs, ${Name} in a Sub, and the conditions of an If."""
    seen = set() if seen is None else seen
    found: set[str] = set()
    if depth > 30:
        return found
    open_ = resolver.open_parameters
    if isinstance(node, dict):
        name = intrinsic_name(node) if len(node) == 1 else None
        if name == "Ref" and node["Ref"] in open_:
            found.add(node["Ref"])
        elif name == "Fn::Sub":
            text = node["Fn::Sub"][0] if isinstance(node["Fn::Sub"], list) and node["Fn::Sub"] else node["Fn::Sub"]
            if isinstance(text, str):
                found.update(p for p in open_ if "${" + p + "}" in text)
        elif name == "Condition" and isinstance(node["Condition"], str) and node["Condition"] not in seen:
            seen.add(node["Condition"])
            found |= dependencies(resolver, resolver.template.conditions.get(node["Condition"]), depth + 1, seen)
        if (
            name == "Fn::If"
            and isinstance(node["Fn::If"], list)
            and node["Fn::If"]
            and isinstance(node["Fn::If"][0], str)
        ):
            condition = node["Fn::If"][0]
            if condition not in seen:
                seen.add(condition)
                found |= dependencies(resolver, resolver.template.conditions.get(condition), depth + 1, seen)
        for child in node.values():
            found |= dependencies(resolver, child, depth + 1, seen)
    elif isinstance(node, list):
        for child in node:
            found |= dependencies(resolver, child, depth + 1, seen)
    return found


def configurations(resolver: Resolver, names: set[str]) -> list[dict] | None:
    """Every combination of the open parameters ``names`` (defaults first), or None when too many."""
    ordered = sorted(names)
    choices = [resolver.open_parameters[name] for name in ordered]
    total = 1
    for values in choices:
        total *= len(values)
    if total > MAX_CONFIGURATIONS:
        return None
    return [dict(zip(ordered, combination, strict=True)) for combination in itertools.product(*choices)]


def describe(configuration: dict, default: dict) -> str:
    """'when Stage is prod' for the parameters that differ from their defaults."""
    changed = [f"{name} is {_text(value)}" for name, value in configuration.items() if default.get(name) != value]
    return "when " + " and ".join(changed) if changed else ""


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def alternatives(resolver: Resolver, node: Any, located) -> tuple | None:
    """The distinct Values ``node`` takes across configurations, each labelled, or None when it
    depends on no open parameter (or on too many). ``located(via)`` builds the Value of the
    current assumption."""
    names = dependencies(resolver, node)
    if not names:
        return None
    every = configurations(resolver, names)
    if every is None:
        return None
    parameters = resolver.template.parameters
    default = {name: resolver.open_parameters[name][0] for name in names if parameters[name].has_default}
    out: list = []
    seen: list = []
    for configuration in every:
        resolver.assumed = configuration
        resolver.assumed_conditions = {}
        try:
            value = located()
        finally:
            resolver.assumed = None
        options = value.alternatives or (value,)
        for option in options:
            key = (repr(option.value), option.span)
            if key in seen:
                continue
            seen.append(key)
            label = describe(configuration, default)
            if label and (option.via is None or option.via.startswith("parameter ")):
                option.via = label
            out.append(option)
    return tuple(out) if len(out) > 1 else None
