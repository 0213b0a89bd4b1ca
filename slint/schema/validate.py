"""The schema layer: each resource's properties, after SAM Globals are merged and intrinsics
resolved, checked against the resource provider schema of its type.

The schemas come from cfn-lint's package data (see ``providers``). Every constraint is checked on each concrete value a property
may take (both branches of an undecided ``Fn::If``); values slint cannot know are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from ..nodes import MapNode, SeqNode
from ..values import NOVALUE, UNKNOWN, Value
from .providers import NARROWER_THAN_SAM, PACKAGED_PROPERTIES, schema_for
from .types import _fits, _json_type, _text

SCHEMA_DOCS = "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html"
MAX_DEPTH = 40  # schemas nest a few levels; deeper data is not walked
DYNAMIC_REFERENCE = "{{resolve:"  # replaced by CloudFormation at deploy time


@lru_cache(maxsize=4096)
def _pattern(text: str):
    """A compiled schema pattern (ECMAScript syntax), or None: a pattern Python's ``re`` cannot
    read (Unicode property classes) checks nothing."""
    try:
        return re.compile(text)
    except (re.error, RecursionError, OverflowError):
        return None


@dataclass
class Violation:
    """One constraint a value breaks: ``kind`` names the rule that reports it."""

    kind: str  # "type", "enum", "range", "length", "pattern", "structure"
    message_id: str
    target: Any  # a Value, or the Resource for its top-level properties
    params: dict = field(default_factory=dict)


def violations(resource, template) -> list[Violation]:
    """Every schema violation of ``resource``, computed once per resource and template."""
    memo = template.cache.setdefault("schema_violations", {})
    key = (resource.logical_id, resource.implicit)
    found = memo.get(key)
    if found is None:
        schema = schema_for(resource.type, template.region)
        found = memo[key] = [] if schema is None else _Walker(resource, schema).run()
    return found


def _label(parent: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def _structural(branches: list) -> bool:
    """Branches that only say which properties must be present (mutually exclusive groups)."""
    return bool(branches) and all(
        isinstance(b, dict) and set(b) - {"description", "$comment"} == {"required"} for b in branches
    )


_DEREFERENCED: dict[tuple[int, int], dict] = {}
_PLANS: dict[int, tuple] = {}  # id(schema node) -> what check() looks at; schemas live for the process
_OBJECT_KEYWORDS = frozenset(
    (
        "properties",
        "required",
        "patternProperties",
        "additionalProperties",
        "minProperties",
        "maxProperties",
        "requiredXor",
        "dependentRequired",
        "dependentExcluded",
        "dependencies",
    )
)
_SCALAR_KEYWORDS = frozenset(
    (
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
    )
)


def _plan(schema: dict) -> tuple:
    """(allOf, non-structural anyOf/oneOf lists, JSON types, has object keywords, has scalar keywords)."""
    expected = schema.get("type")
    types = (
        tuple(t for t in (expected if isinstance(expected, list) else [expected]) if isinstance(t, str))
        if expected is not None
        else ()
    )
    branch_lists = tuple(
        b for b in (schema.get("anyOf"), schema.get("oneOf")) if isinstance(b, list) and b and not _structural(b)
    )
    return (
        tuple(schema.get("allOf") or ()),
        branch_lists,
        types,
        not _OBJECT_KEYWORDS.isdisjoint(schema),
        not _SCALAR_KEYWORDS.isdisjoint(schema),
    )


_BRANCHES: dict[tuple[int, int], list] = {}


class _Walker:
    def __init__(self, resource, schema: dict):
        self.resource = resource
        self.root = schema
        self.resolver = resource.template.resolver
        self.found: list[Violation] = []
        self.packaged: tuple = ()
        self.skipped: tuple = ()

    def run(self) -> list[Violation]:
        properties = self.resource.properties
        if isinstance(properties, dict):
            self.packaged = PACKAGED_PROPERTIES.get(self.resource.type, ())
            self.skipped = NARROWER_THAN_SAM.get(self.resource.type, ())
            self.object(properties, self.root, self.resource, "", 0)
        return self.found

    def deref(self, schema: Any) -> dict:
        if not isinstance(schema, dict) or "$ref" not in schema:
            return schema if isinstance(schema, dict) else {}
        key = (id(self.root), id(schema))  # schemas live for the whole process (cached)
        known = _DEREFERENCED.get(key)
        if known is None:
            known = _DEREFERENCED[key] = self._deref(schema)
        return known

    def _deref(self, schema: Any) -> dict:
        for _ in range(10):  # a $ref to a $ref, boundedly
            if not isinstance(schema, dict) or "$ref" not in schema:
                break
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                return {}
            target: Any = self.root
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, dict) else None
            schema = target
        return schema if isinstance(schema, dict) else {}

    # -- containers ------------------------------------------------------------------------------

    def child(self, parent: Value | None, container: Any, key: Any) -> Value:
        if isinstance(container, (MapNode, SeqNode)):
            return self.resolver.located(container, key, self.resource)
        # data made by resolution (a list parameter's items): point at what made it
        span = parent.span if parent is not None else self.resource.span
        path = parent.path if parent is not None else self.resource.path
        return Value(
            container[key], container[key], span, path, self.resource, parent.via if parent is not None else None
        )

    def object(self, container: dict, schema: dict, where: Any, label: str, depth: int) -> None:
        if any(isinstance(k, str) and k.startswith("Fn::") for k in container):
            return  # a mapping made by a transform or an intrinsic slint does not expand
        parent = where if isinstance(where, Value) else None
        present = {k for k in container if isinstance(k, str)}
        surely = present
        for key in [k for k in present if _may_be_absent(container[k])]:
            leaves = [leaf.value is NOVALUE for leaf in _leaves(self.child(parent, container, key))]
            if all(leaves):
                present = present - {key}  # !Ref AWS::NoValue: the property is not there at all
            if any(leaves):
                surely = surely - {key}  # absent in some configuration
        self.structure(schema, present, surely, where, label)
        count = len(present)
        for bound, op, message_id in (
            ("minProperties", int.__lt__, "too_few_properties"),
            ("maxProperties", int.__gt__, "too_many_properties"),
        ):
            limit = schema.get(bound)
            if isinstance(limit, int) and op(count, limit):
                self.add("length", message_id, where, property=label or "Properties", count=count, limit=limit)
        properties = schema.get("properties") or {}
        patterns = schema.get("patternProperties") or {}
        additional = schema.get("additionalProperties")
        for key in present:
            sub = properties.get(key)
            if sub is None:
                for pattern, candidate in patterns.items():
                    compiled = _pattern(pattern)
                    if compiled is not None and compiled.search(key):
                        sub = candidate
                        break
            if sub is None and isinstance(additional, dict):
                sub = additional
            if sub is None:
                continue
            raw = container[key]
            if raw is not None and not isinstance(raw, (dict, list)):  # a plain scalar, the common case
                sub = self.deref(sub)
                plan = _PLANS.get(id(sub)) or _PLANS.setdefault(id(sub), _plan(sub))
                if not (plan[0] or plan[1] or plan[4]) and (not plan[2] or any(_fits(raw, kind) for kind in plan[2])):
                    continue  # only a type, and it fits: no Value to build
            child = self.child(parent, container, key)
            if depth == 0 and key in self.packaged and isinstance(child.value, str):
                continue  # a local path the package command uploads
            if self.skipped and any(fnmatchcase(_label(label, key), pattern) for pattern in self.skipped):
                continue
            self.value(child, sub, _label(label, key), depth + 1)

    def structure(self, schema: dict, present: set, surely: set, where: Any, label: str) -> None:
        """``present``: the properties that may be set (a missing one is missing everywhere);
        ``surely``: those set in every configuration (a clash needs both set at once)."""
        owner = label or "Properties"
        required = schema.get("required")
        if isinstance(required, list):
            missing = [name for name in required if isinstance(name, str) and name not in present]
            if missing:
                self.add("structure", "required", where, owner=owner, missing=", ".join(missing))
        for keyword in ("dependentRequired", "dependencies"):
            table = schema.get(keyword)
            if isinstance(table, dict):
                for name, needs in table.items():
                    if name in surely and isinstance(needs, list):
                        missing = [need for need in needs if isinstance(need, str) and need not in present]
                        if missing:
                            self.add(
                                "structure", "dependent", where, owner=owner, name=name, missing=", ".join(missing)
                            )
        excluded = schema.get("dependentExcluded")
        if isinstance(excluded, dict):
            for name, others in excluded.items():
                if name in surely and isinstance(others, list):
                    clash = [other for other in others if other in surely]
                    if clash and name < clash[0]:  # each pair once
                        self.add("structure", "exclusive", where, owner=owner, names=f"{name} and {', '.join(clash)}")
        xor = schema.get("requiredXor")
        if isinstance(xor, list):
            chosen = [name for name in xor if name in present]
            if not chosen:
                self.add("structure", "one_of", where, owner=owner, options=", ".join(map(str, xor)))
            elif len([name for name in chosen if name in surely]) > 1:
                chosen = [name for name in chosen if name in surely]
                self.add("structure", "exclusive", where, owner=owner, names=" and ".join(chosen))
        for keyword in ("oneOf", "anyOf"):
            branches = schema.get(keyword)
            if not _structural(branches):
                continue
            groups = [[n for n in b["required"] if isinstance(n, str)] for b in branches]
            satisfied = [g for g in groups if all(n in present for n in g)]
            if not satisfied:
                self.add("structure", "one_of", where, owner=owner, options="; ".join(" + ".join(g) for g in groups))
                continue
            satisfied = [g for g in groups if all(n in surely for n in g)]
            if keyword == "oneOf" and len(satisfied) > 1:
                self.add(
                    "structure", "exclusive", where, owner=owner, names=" and ".join(" + ".join(g) for g in satisfied)
                )

    # -- values ----------------------------------------------------------------------------------

    def value(self, value: Value, schema: Any, label: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        for option in value.possibilities():
            if option.value is not NOVALUE and option.value is not UNKNOWN and option.value is not None:
                self.check(option, schema, label, depth)

    def check(self, value: Value, schema: Any, label: str, depth: int) -> None:
        schema = self.deref(schema)
        data = value.value
        if not schema or isinstance(data, str) and DYNAMIC_REFERENCE in data:
            return  # a dynamic reference is known only at deploy time
        plan = _PLANS.get(id(schema))
        if plan is None:
            plan = _PLANS[id(schema)] = _plan(schema)
        all_of, branch_lists, types, object_checks, scalar_checks = plan
        for sub in all_of:
            self.check(value, sub, label, depth)
        for branches in branch_lists:
            self.branches(value, branches, label, depth)
        if types and not any(_fits(data, kind) for kind in types):
            self.add("type", "type", value, property=label, expected=" or ".join(types), found=_json_type(data))
            return
        if isinstance(data, dict):
            if object_checks:
                self.object(data, schema, value, label, depth)
        elif isinstance(data, list):
            self.array(value, data, schema, label, depth)
        elif scalar_checks:
            self.scalar(value, data, schema, label)

    def branches(self, value: Value, branches: list, label: str, depth: int) -> None:
        """anyOf/oneOf over shapes: fine when one branch holds. Branches the value plainly does
        not take (another type, another discriminating constant such as an event's ``Type``)
        are set aside first; when one branch is left it was meant, and its violations are
        reported; when several are left and none holds, nothing is (slint cannot tell which)."""
        key = (id(self.root), id(branches))
        shapes = _BRANCHES.get(key)
        if shapes is None:
            shapes = _BRANCHES[key] = [self.shape(branch) for branch in branches]
        data = value.value
        if isinstance(data, dict) and len(shapes) > 2 and isinstance(data.get("Type"), str):
            # event-like unions: narrow by the written Type first (one dictionary test per branch)
            shapes = [shape for shape in shapes if "Type" not in shape[2] or data["Type"] in shape[2]["Type"]] or shapes
        candidates = [branch for branch, types, constants in shapes if not _rejects(data, types, constants)]
        if len(candidates) == 1:
            self.check(value, candidates[0], label, depth)
            return
        for branch in candidates:
            trial = _Walker(self.resource, self.root)
            trial.skipped = self.skipped
            trial.check(value, branch, label, depth)
            if not trial.found:
                return

    def shape(self, branch: Any) -> tuple:
        """A branch, its JSON types and its discriminating constants (property -> allowed)."""
        branch = self.deref(branch)
        expected = branch.get("type")
        types = (
            tuple(t for t in (expected if isinstance(expected, list) else [expected]) if isinstance(t, str))
            if expected is not None
            else ()
        )
        constants = {}
        for key, sub in (branch.get("properties") or {}).items():
            sub = self.deref(sub)
            allowed = [sub["const"]] if "const" in sub else sub.get("enum")
            if isinstance(allowed, list) and allowed:
                constants[key] = frozenset(a for a in allowed if isinstance(a, str))
        return branch, types, constants

    def array(self, value: Value, data: list, schema: dict, label: str, depth: int) -> None:
        count = len(data)
        low, high = schema.get("minItems"), schema.get("maxItems")
        if isinstance(low, int) and count < low:
            self.add("length", "too_few_items", value, property=label, count=count, limit=low)
        if isinstance(high, int) and count > high:
            self.add("length", "too_many_items", value, property=label, count=count, limit=high)
        items = schema.get("items")
        if isinstance(items, dict):
            for index in range(count):
                self.value(self.child(value, data, index), items, _label(label, index), depth + 1)

    def scalar(self, value: Value, data: Any, schema: dict, label: str) -> None:
        allowed = schema.get("enum")
        if "const" in schema:
            allowed = [schema["const"]]
        if isinstance(allowed, list) and allowed:
            text = _text(data)
            names = [_text(option) for option in allowed]
            if schema.get("enumCaseInsensitive"):
                ok = text.lower() in {name.lower() for name in names}
            else:
                ok = text in names
            if not ok:
                shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
                self.add("enum", "not_allowed", value, property=label, value=text, allowed=shown)
                return
        number = value.number
        if (
            number is not None
            and not isinstance(data, bool)
            and (schema.get("type") in ("integer", "number") or isinstance(data, (int, float)))
        ):
            for bound, message_id in (("minimum", "below_minimum"), ("maximum", "above_maximum")):
                limit = schema.get(bound)
                if (
                    isinstance(limit, (int, float))
                    and not isinstance(limit, bool)
                    and (number < limit if bound == "minimum" else number > limit)
                ):
                    self.add("range", message_id, value, property=label, value=_text(number), limit=_text(limit))
            for bound, message_id in (("exclusiveMinimum", "below_minimum"), ("exclusiveMaximum", "above_maximum")):
                limit = schema.get(bound)
                if (
                    isinstance(limit, (int, float))
                    and not isinstance(limit, bool)
                    and (number <= limit if bound == "exclusiveMinimum" else number >= limit)
                ):
                    self.add(
                        "range",
                        message_id,
                        value,
                        property=label,
                        value=_text(number),
                        limit=f"{_text(limit)} (exclusive)",
                    )
            step = schema.get("multipleOf")
            if (
                isinstance(step, (int, float))
                and step
                and not isinstance(step, bool)
                and (number / step) != int(number / step)
            ):
                self.add("range", "not_multiple", value, property=label, value=_text(number), step=_text(step))
        if isinstance(data, str):
            length = len(data)
            low, high = schema.get("minLength"), schema.get("maxLength")
            if isinstance(low, int) and length < low:
                self.add("length", "too_short", value, property=label, length=length, limit=low)
            if isinstance(high, int) and length > high:
                self.add("length", "too_long", value, property=label, length=length, limit=high)
            pattern = schema.get("pattern")
            if isinstance(pattern, str):
                compiled = _pattern(pattern)
                if compiled is not None and not compiled.search(data):
                    self.add(
                        "pattern",
                        "no_match",
                        value,
                        property=label,
                        value=data if len(data) <= 80 else data[:77] + "...",
                        pattern=pattern,
                    )

    def add(self, kind: str, message_id: str, target: Any, **params: Any) -> None:
        self.found.append(Violation(kind, message_id, target, params))


def _may_be_absent(raw: Any) -> bool:
    """Whether a written property value may resolve to AWS::NoValue (a Ref or an Fn::If)."""
    return raw is NOVALUE or (isinstance(raw, dict) and len(raw) == 1 and next(iter(raw)) in ("Ref", "Fn::If"))


def _leaves(value: Value):
    """Every value ``value`` may take, AWS::NoValue included (``possibilities`` drops it)."""
    if value.alternatives:
        for alternative in value.alternatives:
            yield from _leaves(alternative)
    else:
        yield value


def _rejects(data: Any, types: tuple, constants: dict) -> bool:
    """Whether ``data`` is plainly not of a branch's shape: another type, or another value of a
    discriminating constant (an event's ``Type``)."""
    if types and not any(_fits(data, kind) for kind in types):
        return True
    if constants and isinstance(data, dict):
        for key, allowed in constants.items():
            written = data.get(key)
            if isinstance(written, str) and allowed and written not in allowed:
                return True
    return False
