"""Values as CloudFormation would see them, with where they were written.

A :class:`Value` pairs the node as written with its resolved Python value (or :data:`UNKNOWN`)
and the span and path rules report against. Intrinsics are resolved where the template alone
decides them: parameter defaults (or overrides), pseudo parameters, ``Fn::If`` on decidable
conditions, ``Fn::Sub``/``Join``/``Select``/``Split``/``FindInMap``. Anything else is unknown,
and rules stay silent on unknown values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .nodes import child_span, intrinsic_name

if TYPE_CHECKING:  # pragma: no cover
    from .model import Resource, Template


class _Unknown:
    """A value the template alone cannot decide."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


class _NoValue:
    """``AWS::NoValue``: the property is removed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOVALUE"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()
NOVALUE: Any = _NoValue()

MAX_RESOLVE_DEPTH = 50
# Work per template, in intrinsic evaluations plus nodes built by deep resolution. Each node is
# evaluated once (memoised), so real templates need a small fraction of this (see README,
# "Limits and guarantees"); past it values are UNKNOWN and the engine says analysis was cut short.
MAX_RESOLVE_STEPS = 500_000
# The longest string Join/Sub may build: far beyond the 1 MB CloudFormation accepts for a whole
# template, so only a self-multiplying template reaches it.
MAX_RESOLVED_TEXT = 1_048_576
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")


def child_path(container: Any, key: Any) -> tuple:
    """Path of ``container[key]``; merged containers know where each child was written."""
    paths = getattr(container, "child_paths", None)
    if paths is not None and key in paths:
        return paths[key]
    return getattr(container, "path", ()) + (key,)


@dataclass(slots=True)
class Value:
    """A property value: as written (``raw``), as resolved (``value``), and where it was written."""

    raw: Any
    value: Any
    span: tuple
    path: tuple
    resource: Resource | None = None
    via: str | None = None  # "default", "parameter X", "parameter X (override)", ...
    alternatives: tuple = ()  # for an undecided Fn::If: one Value per branch

    @property
    def known(self) -> bool:
        return self.value is not UNKNOWN and self.value is not NOVALUE

    @property
    def is_default(self) -> bool:
        return self.via == "default"

    @property
    def from_globals(self) -> bool:
        return bool(self.path) and self.path[0] == "Globals"

    @property
    def number(self) -> int | float | None:
        """The value as a finite number (CloudFormation accepts numeric strings), else None:
        infinities and NaN are no number CloudFormation takes, and rules need not guard for them."""
        value = self.value
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:  # not an integer, or more digits than Python converts
                try:
                    value = float(value)
                except ValueError:
                    return None
        if isinstance(value, float):
            return value if math.isfinite(value) else None
        return None

    @property
    def boolean(self) -> bool | None:
        value = self.value
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return None

    @property
    def text(self) -> str | None:
        return self.value if isinstance(self.value, str) else None

    def possibilities(self) -> Iterator[Value]:
        """Every concrete value this may take: itself when decided, each branch of an undecided If."""
        if self.alternatives:
            for alternative in self.alternatives:
                yield from alternative.possibilities()
        elif self.value is not UNKNOWN and self.value is not NOVALUE:
            yield self

    def resolved(self) -> Any:
        """Deep-resolved plain data (dicts, lists, scalars; UNKNOWN where undecidable)."""
        if self.resource is None:
            return self.value
        return self.resource.template.resolver.deep(self.raw)

    def describe(self) -> str:
        """Short human form of the value for messages."""
        value = self.value
        if value is UNKNOWN:
            return "(unknown)"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


class Resolver:
    """Evaluates intrinsic functions against one template's parameters, conditions and mappings."""

    def __init__(self, template: Template):
        self.template = template
        self._conditions: dict[str, Any] = {}
        self._memo: dict[
            int, tuple[Any, Any]
        ] = {}  # id(node) -> (node, value); the node kept alive so its id stays its own
        self._evaluating: set[int] = set()  # nodes being evaluated: meeting one again is a cycle
        self._depth_cuts = 0  # results cut by MAX_RESOLVE_DEPTH depend on where they were reached: not memoised
        self.steps = 0
        self.cut_short: tuple | None = None  # (node, reason) where the budget first ran out
        self._open: dict | None = None
        self.assumed: dict | None = None  # open parameter -> value, while one configuration is resolved
        self.assumed_conditions: dict[str, Any] = {}
        self._assumed_memo: tuple[Any, dict] = (None, {})

    def _spend(self, node: Any, steps: int = 1) -> bool:
        """Take ``steps`` from the template's budget; False (and remember where) once it is spent."""
        self.steps += steps
        if self.steps <= MAX_RESOLVE_STEPS:
            return True
        self._cut(node, f"resolving intrinsic functions took more than {MAX_RESOLVE_STEPS:,} steps")
        return False

    def _cut(self, node: Any, reason: str) -> Any:
        if self.cut_short is None:
            self.cut_short = (node, reason)
        return UNKNOWN

    @property
    def open_parameters(self) -> dict:
        """Unpinned parameters with several allowed values (see slint.configurations)."""
        if self._open is None:
            from .configurations import open_parameters

            self._open = open_parameters(self.template)
        return self._open

    # -- parameters and pseudo parameters ------------------------------------------------------

    def ref(self, name: Any) -> tuple[Any, str | None]:
        """Resolve ``Ref name``; returns ``(value, via)``."""
        template = self.template
        if not isinstance(name, str):
            return UNKNOWN, None
        if name.startswith("AWS::"):
            return self._pseudo(name), None
        param = template.parameters.get(name)
        if param is None:
            return UNKNOWN, None
        if self.assumed is not None and name in self.assumed:
            value = self.assumed[name]
            is_default = param.has_default and param.coerce(param.default) == value
            return value, f"parameter {name} default" if is_default else f"parameter {name}"
        if name in template.parameter_values:
            return param.coerce(template.parameter_values[name]), f"parameter {name} (override)"
        if param.has_default:
            return param.coerce(param.default), f"parameter {name} default"
        return UNKNOWN, None

    def _pseudo(self, name: str) -> Any:
        region = self.template.region
        if name == "AWS::NoValue":
            return NOVALUE
        if name == "AWS::Region":
            return region or UNKNOWN
        if name == "AWS::Partition":
            if not region:
                return UNKNOWN
            if region.startswith("cn-"):
                return "aws-cn"
            if region.startswith("us-gov-"):
                return "aws-us-gov"
            return "aws"
        if name == "AWS::URLSuffix":
            if not region:
                return UNKNOWN
            return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
        return UNKNOWN

    # -- conditions -----------------------------------------------------------------------------

    def condition(self, name: Any) -> bool | None:
        """True/False when the template decides condition ``name``, else None."""
        if not isinstance(name, str):
            return None
        known = self._conditions if self.assumed is None else self.assumed_conditions
        if name in known:
            return known[name]
        known[name] = None  # breaks cycles
        node = self.template.conditions.get(name)
        result = self.evaluate_condition(node, 0) if node is not None else None
        known[name] = result
        return result

    def evaluate_condition(self, node: Any, depth: int) -> bool | None:
        if depth > MAX_RESOLVE_DEPTH or not isinstance(node, dict) or len(node) != 1:
            return None
        ((fn, args),) = node.items()
        if fn == "Condition":
            return self.condition(args)
        if not isinstance(args, list):
            return None
        if fn == "Fn::Equals" and len(args) == 2:
            left, right = self.value(args[0], depth + 1), self.value(args[1], depth + 1)
            if left is UNKNOWN or right is UNKNOWN or isinstance(left, (dict, list)) or isinstance(right, (dict, list)):
                return None
            return _scalar_text(left) == _scalar_text(right)
        results = [self.evaluate_condition(arg, depth + 1) for arg in args]
        if fn == "Fn::Not" and len(results) == 1:
            return None if results[0] is None else not results[0]
        if fn == "Fn::And":
            if False in results:
                return False
            return None if None in results else True
        if fn == "Fn::Or":
            if True in results:
                return True
            return None if None in results else False
        return None

    # -- values ---------------------------------------------------------------------------------

    def value(self, node: Any, depth: int = 0) -> Any:
        """Resolve one node to a scalar/list/map, UNKNOWN or NOVALUE (containers returned as written).

        Each intrinsic node is evaluated once per template (a node used twice, by a Sub variable
        or a FindInMap, costs nothing the second time); a node that refers back to itself is
        UNKNOWN; all of it within the template's budget of MAX_RESOLVE_STEPS."""
        name = intrinsic_name(node)
        if name is None:
            return node
        key = id(node)
        table = self._memo_table()
        memo = table.get(key)
        if memo is not None and memo[0] is node:
            return memo[1]
        if depth > MAX_RESOLVE_DEPTH:
            self._depth_cuts += 1
            return UNKNOWN
        if key in self._evaluating:
            return self._cut(node, f"{name} refers back to itself, so its value never ends")
        if not self._spend(node):
            return UNKNOWN
        self._evaluating.add(key)
        depth_cuts = self._depth_cuts
        try:
            result = self._evaluate(name, node[name], depth)
        finally:
            self._evaluating.discard(key)
        if isinstance(result, str) and len(result) > MAX_RESOLVED_TEXT:
            result = self._cut(node, f"a string built by {name} grew beyond {MAX_RESOLVED_TEXT:,} characters")
        if depth_cuts == self._depth_cuts:
            table[key] = (node, result)
        return result

    def _memo_table(self) -> dict:
        """Results of the default configuration, or of the one assumed now (a memo of its own,
        dropped when another configuration is assumed)."""
        if self.assumed is None:
            return self._memo
        if self._assumed_memo[0] is not self.assumed:
            self._assumed_memo = (self.assumed, {})
        return self._assumed_memo[1]

    def _evaluate(self, name: str, args: Any, depth: int) -> Any:
        if name == "Ref":
            return self.ref(args)[0]
        if name == "Fn::If":
            if not (isinstance(args, list) and len(args) == 3):
                return UNKNOWN
            decided = self.condition(args[0])
            if decided is None:
                return UNKNOWN
            return self.value(args[1] if decided else args[2], depth + 1)
        if name == "Fn::Sub":
            return self._sub(args, depth)
        if name == "Fn::Join":
            if not (isinstance(args, list) and len(args) == 2):
                return UNKNOWN
            sep, items = self.value(args[0], depth + 1), self.value(args[1], depth + 1)
            if not isinstance(sep, str) or not isinstance(items, list):
                return UNKNOWN
            parts = [self.value(item, depth + 1) for item in items]
            if any(isinstance(p, (dict, list)) or p is UNKNOWN for p in parts):
                return UNKNOWN
            texts = [_scalar_text(p) for p in parts if p is not NOVALUE]
            if sum(map(len, texts)) + len(sep) * len(texts) > MAX_RESOLVED_TEXT:
                return self._cut(args, f"a string built by Fn::Join grew beyond {MAX_RESOLVED_TEXT:,} characters")
            return sep.join(texts)
        if name == "Fn::Select":
            if not (isinstance(args, list) and len(args) == 2):
                return UNKNOWN
            index, items = self.value(args[0], depth + 1), self.value(args[1], depth + 1)
            try:
                index = int(index)
            except (TypeError, ValueError, OverflowError):  # not a number, NaN, an infinity
                return UNKNOWN
            if isinstance(items, list) and 0 <= index < len(items):
                return self.value(items[index], depth + 1)
            return UNKNOWN
        if name == "Fn::Split":
            if not (isinstance(args, list) and len(args) == 2):
                return UNKNOWN
            sep, source = self.value(args[0], depth + 1), self.value(args[1], depth + 1)
            if isinstance(sep, str) and sep and isinstance(source, str):
                return source.split(sep)
            return UNKNOWN
        if name == "Fn::FindInMap":
            return self._find_in_map(args, depth)
        if name == "Fn::Base64":
            return self.value(args, depth + 1)
        return UNKNOWN  # GetAtt, ImportValue, GetAZs, Cidr, Transform, …

    def _sub(self, args: Any, depth: int) -> Any:
        if isinstance(args, str):
            text, variables = args, {}
        elif isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], dict):
            text, variables = args[0], args[1]
        else:
            return UNKNOWN
        unknown = False
        size = len(text)

        def replace(match: re.Match) -> str:
            nonlocal unknown, size
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                resolved = self.value(variables[name], depth + 1)
            elif "." in name:
                resolved = UNKNOWN  # GetAtt
            else:
                resolved = self.ref(name)[0]
            if (
                resolved is UNKNOWN
                or isinstance(resolved, (dict, list))
                or resolved is NOVALUE
                or size > MAX_RESOLVED_TEXT
            ):
                unknown = True
                return ""
            replacement = _scalar_text(resolved)
            size += len(replacement)
            return replacement if size <= MAX_RESOLVED_TEXT else ""

        result = _SUB_VAR.sub(replace, text)
        if size > MAX_RESOLVED_TEXT:
            return self._cut(args, f"a string built by Fn::Sub grew beyond {MAX_RESOLVED_TEXT:,} characters")
        return UNKNOWN if unknown else result

    def _find_in_map(self, args: Any, depth: int) -> Any:
        if not isinstance(args, list) or len(args) < 3:
            return UNKNOWN
        keys = [self.value(arg, depth + 1) for arg in args[:3]]
        default = None
        if len(args) == 4 and isinstance(args[3], dict) and "DefaultValue" in args[3]:
            default = args[3]["DefaultValue"]
        if any(not isinstance(k, (str, int, float)) or isinstance(k, bool) for k in keys):
            return UNKNOWN
        current: Any = self.template.mappings
        for key in keys:
            if not isinstance(current, dict):
                current = None
                break
            current = current.get(_scalar_text(key))
            if current is None:
                break
        if current is None:
            return self.value(default, depth + 1) if default is not None else UNKNOWN
        return self.value(current, depth + 1)

    def deep(self, node: Any, depth: int = 0) -> Any:
        """Resolve a subtree into plain data; undecidable parts become UNKNOWN."""
        if depth > MAX_RESOLVE_DEPTH or not self._spend(node):
            return UNKNOWN
        value = self.value(node, depth)
        if isinstance(value, dict):
            out = {}
            for key, child in value.items():
                resolved = self.deep(child, depth + 1)
                if resolved is not NOVALUE:
                    out[key] = resolved
            return out
        if isinstance(value, list):
            return [r for r in (self.deep(item, depth + 1) for item in value) if r is not NOVALUE]
        return value

    # -- Values with locations --------------------------------------------------------------------

    def located(
        self, parent: Any, key: Any, resource: Resource | None, depth: int = 0, *, within: Value | None = None
    ) -> Value:
        """The Value of ``parent[key]``: resolved, with its span, path and undecided branches.
        ``within`` is the Value ``parent`` was resolved from: a list that ``Fn::Split`` or a
        parameter made was written nowhere, so its items are placed where it was written."""
        node = parent[key]
        if within is not None and not hasattr(parent, "span"):
            span, path = within.span, within.path + (key,)
        else:
            span, path = child_span(parent, key), child_path(parent, key)
        name = intrinsic_name(node) if isinstance(node, dict) and len(node) == 1 else None
        if name is None:
            return Value(node, node, span, path, resource)
        if self.assumed is None and self.open_parameters:  # every deployable configuration
            from .configurations import alternatives

            options = alternatives(self, node, lambda: self.located(parent, key, resource, depth))
            if options is not None:
                return Value(node, options[0].value, span, path, resource, options[0].via, options)
        args = node[name]
        if name == "Ref":
            value, via = self.ref(args)
            return Value(node, value, span, path, resource, via)
        if name == "Fn::If" and isinstance(args, list) and len(args) == 3 and depth < MAX_RESOLVE_DEPTH:
            decided = self.condition(args[0])
            if decided is not None:
                return self.located(args, 1 if decided else 2, resource, depth + 1)
            branches = tuple(self.located(args, i, resource, depth + 1) for i in (1, 2))
            return Value(node, UNKNOWN, span, path, resource, None, branches)
        return Value(node, self.value(node), span, path, resource)


# Characters of one template value a message quotes: a long value set once in Globals is quoted
# in a finding per function, and would multiply the report (a 200 KB Runtime, 1,000 functions:
# 200 MB of JSON).
MAX_QUOTED_CHARS = 300


def shorten(text: str) -> str:
    """``text`` as a message quotes it: at most MAX_QUOTED_CHARS characters, then its length."""
    if len(text) <= MAX_QUOTED_CHARS:
        return text
    return f"{text[:MAX_QUOTED_CHARS]}… ({len(text):,} characters)"


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def contains_unknown(resolved: Any) -> bool:
    """True when deep-resolved data (``Value.resolved()``) holds an UNKNOWN anywhere."""
    stack = [resolved]
    while stack:
        item = stack.pop()
        if item is UNKNOWN:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
