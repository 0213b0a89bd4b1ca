"""The ``AWS::LanguageExtensions`` transform, applied before the model is built.

CloudFormation runs this transform before anything else sees the template: ``Fn::ForEach``
loops in ``Resources``, ``Conditions`` and ``Outputs`` (and inside their values) become one entry
per collection item, ``Fn::Length`` becomes a number and ``Fn::ToJsonString`` a string.
(``Fn::FindInMap`` with ``DefaultValue`` is resolved by :mod:`slint.values` with the rest.)

The expansion copies each loop body once per item with the identifier substituted: ``${Id}``
and ``&{Id}`` in keys and strings (``&{Id}`` with the item's non-alphanumeric characters
removed), ``{"Ref": Id}`` replaced by the item. Copies keep the spans and paths of the body as
written, so a finding on a generated resource points into the loop body; the generated key is
the resource's logical id.

A loop whose collection the template does not decide (a parameter without default, a GetAtt)
is left out, as an unknown value is: rules stay silent rather than guess. Work is bounded: at
most :data:`MAX_GENERATED` entries and :data:`MAX_COPIED_NODES` copied nodes per template.

Reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .nodes import MapNode, MergedMap, MergedSeq, child_span, intrinsic_name, key_span
from .values import NOVALUE, UNKNOWN, child_path, contains_unknown

if TYPE_CHECKING:  # pragma: no cover
    from .values import Resolver

LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
FOR_EACH = "Fn::ForEach::"
MAX_GENERATED = 2_000  # entries made by loops; CloudFormation's own quotas (500 resources, 200 outputs) are far below
MAX_COPIED_NODES = 200_000  # containers copied for loop bodies: bounds a loop nested in a loop nested in a loop
MAX_NESTING = 20  # loops inside loops
_EVALUATED = ("Fn::Length", "Fn::ToJsonString")  # functions the transform replaces by their value


def declared(transform: Any) -> bool:
    """Whether the template's ``Transform`` (a name or a list of names) includes the language extensions."""
    names = transform if isinstance(transform, list) else [transform]
    return LANGUAGE_EXTENSIONS in names


class Expansion:
    """One template's expansion: the sections as CloudFormation sees them after the transform,
    and which loop made each generated entry."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.generated = 0
        self.copied = 0
        self.loops: dict[tuple, str] = {}  # (section, generated key) -> the loop's key ("Fn::ForEach::Functions")
        self._holds: dict[int, bool] = {}  # id(container) -> whether it holds something to expand (each looked at once)

    def section(self, name: str, node: Any) -> Any:
        """``node`` (a template section) with its loops expanded; as written when it has none."""
        if not isinstance(node, MapNode) or not self._has_loop(node):
            return node
        return self._map(node, {}, 0, section=name)

    # -- copying with bindings ------------------------------------------------------------------

    def _copy(self, node: Any, bindings: dict, depth: int) -> Any:
        if isinstance(node, str):
            return _substitute(node, bindings) if bindings else node
        if isinstance(node, dict):
            name = intrinsic_name(node)
            if name == "Ref" and isinstance(node[name], str) and node[name] in bindings:
                return bindings[node[name]]
            if name == "Fn::Length":
                return self._length(self._copy(node[name], bindings, depth), node)
            if name == "Fn::ToJsonString":
                return self._to_json(self._copy(node[name], bindings, depth), node)
            if not bindings and not self._has_loop(node):
                return node
            return self._map(node, bindings, depth)
        if isinstance(node, list):
            if not bindings and not self._has_loop(node):
                return node
            self._count()
            copy = MergedSeq(getattr(node, "span", None) or (), getattr(node, "path", ()))
            for index, item in enumerate(node):
                copy.child_paths[len(copy)] = child_path(node, index) if hasattr(node, "path") else (index,)
                copy.item_spans.append(child_span(node, index))
                copy.append(self._copy(item, bindings, depth))
            return copy
        return node

    def _map(self, node: dict, bindings: dict, depth: int, section: str | None = None) -> MergedMap:
        self._count()
        copy = MergedMap(getattr(node, "span", None) or (), getattr(node, "path", ()))
        for key, value in node.items():
            if isinstance(key, str) and key.startswith(FOR_EACH):
                self._loop(copy, node, key, bindings, depth, section)
                continue
            new_key = _substitute(key, bindings) if isinstance(key, str) and bindings else key
            _put(copy, new_key, self._copy(value, bindings, depth), node, key)
        return copy

    def _loop(self, into: MergedMap, parent: dict, loop: str, bindings: dict, depth: int, section: str | None) -> None:
        """Add the entries loop ``parent[loop]`` makes to ``into``; nothing when it cannot be decided."""
        args = parent[loop]
        if depth >= MAX_NESTING or not (isinstance(args, list) and len(args) == 3):
            return
        identifier, collection, body = args
        if not isinstance(identifier, str) or not isinstance(body, dict):
            return
        items = self._collection(self._copy(collection, bindings, depth))
        if items is None:
            return
        for item in items:
            inner = {**bindings, identifier: item}
            for key, value in body.items():
                if isinstance(key, str) and key.startswith(FOR_EACH):  # a loop directly in the body
                    self._loop(into, body, key, inner, depth + 1, section)
                    continue
                if self.generated >= MAX_GENERATED:
                    return
                new_key = _substitute(key, inner) if isinstance(key, str) else key
                if new_key in into:  # CloudFormation rejects the clash; keep the first copy
                    continue
                self.generated += 1
                _put(into, new_key, self._copy(value, inner, depth + 1), body, key)
                if section is not None:
                    self.loops[(section, new_key)] = loop

    def _collection(self, node: Any) -> list[str] | None:
        """The loop's items as text, or None when the template does not decide them."""
        value = self.resolver.value(node)
        if not isinstance(value, list):
            return None
        items = []
        for item in value:
            item = self.resolver.value(item)
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                return None
            items.append(_text(item))
        return items

    def _length(self, argument: Any, written: dict) -> Any:
        value = self.resolver.value(argument)
        return len(value) if isinstance(value, list) else _unresolved(written, argument)

    def _to_json(self, argument: Any, written: dict) -> Any:
        value = self.resolver.deep(argument)
        if value is UNKNOWN or value is NOVALUE or not isinstance(value, (dict, list)) or contains_unknown(value):
            return _unresolved(written, argument)
        return json.dumps(value, separators=(",", ":"))

    def _has_loop(self, node: Any) -> bool:
        """Whether ``node`` holds, anywhere below, a loop or a function the transform evaluates;
        memoised, so copying a section looks at each container once."""
        known = self._holds.get(id(node))
        if known is None:
            if isinstance(node, dict):
                known = any(isinstance(key, str) and (key.startswith(FOR_EACH) or key in _EVALUATED) for key in node)
                known = known or any(
                    self._has_loop(value) for value in node.values() if isinstance(value, (dict, list))
                )
            else:
                known = any(self._has_loop(item) for item in node if isinstance(item, (dict, list)))
            self._holds[id(node)] = known
        return known

    def _count(self) -> None:
        self.copied += 1
        if self.copied > MAX_COPIED_NODES:
            raise _TooLarge


class _TooLarge(Exception):
    """The expansion outgrew MAX_COPIED_NODES."""


def expand(sections: dict, resolver: Resolver) -> tuple[dict, dict]:
    """``sections`` (name -> node) with loops expanded, and (section, key) -> loop for each generated
    entry. A template whose expansion would outgrow the caps keeps its sections as written."""
    expansion = Expansion(resolver)
    try:
        return {name: expansion.section(name, node) for name, node in sections.items()}, expansion.loops
    except _TooLarge:
        return dict(sections), {}


class WrittenLoop:
    """One ``Fn::ForEach`` as written: its key's span and path, and its arguments as written."""

    __slots__ = ("key", "span", "path", "args")

    def __init__(self, key: str, span: tuple, path: tuple, args: Any):
        self.key = key
        self.span = span
        self.path = path
        self.args = args

    @property
    def name(self) -> str:
        return self.key[len(FOR_EACH) :]


def written_loops(root: Any) -> list[WrittenLoop]:
    """Every ``Fn::ForEach`` written in ``Resources``, ``Conditions`` and ``Outputs``, at any
    depth, in template order; at most MAX_COPIED_NODES containers are looked at."""
    found: list[WrittenLoop] = []
    if not isinstance(root, dict):
        return found
    stack = [root.get(section) for section in ("Outputs", "Conditions", "Resources")]
    seen = 0
    while stack and seen < MAX_COPIED_NODES:
        node = stack.pop()
        if isinstance(node, dict):
            seen += 1
            for key, value in reversed(list(node.items())):
                if isinstance(key, str) and key.startswith(FOR_EACH):
                    found.append(
                        WrittenLoop(key, key_span(node, key), tuple(getattr(node, "path", ())) + (key,), value)
                    )
                stack.append(value)
        elif isinstance(node, list):
            seen += 1
            stack.extend(reversed(node))
    return sorted(found, key=lambda loop: tuple(loop.span[:2]))


def _put(into: MergedMap, key: Any, value: Any, source: dict, source_key: Any) -> None:
    into[key] = value
    into.key_spans[key] = key_span(source, source_key)
    into.value_spans[key] = child_span(source, source_key)
    into.child_paths[key] = child_path(source, source_key) if hasattr(source, "path") else (source_key,)


def _unresolved(written: dict, argument: Any) -> Any:
    """The function as written, with its argument substituted: the resolver leaves it unknown."""
    name = intrinsic_name(written)
    copy = MergedMap(getattr(written, "span", None) or (), getattr(written, "path", ()))
    _put(copy, name, argument, written, name)
    return copy


_PLACEHOLDER = re.compile(r"([$&])\{([^}]*)\}")
_NOT_ALPHANUMERIC = re.compile(r"[^A-Za-z0-9]")


def _substitute(text: str, bindings: dict) -> str:
    if "{" not in text:
        return text

    def replace(match: re.Match) -> str:
        sigil, name = match.groups()
        if name not in bindings:
            return match.group(0)
        value = bindings[name]
        return _NOT_ALPHANUMERIC.sub("", value) if sigil == "&" else value

    return _PLACEHOLDER.sub(replace, text)


def _text(item: Any) -> str:
    if isinstance(item, float) and item.is_integer():
        return str(int(item))
    return str(item)
