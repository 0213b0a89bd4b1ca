"""Parsed template nodes: plain dicts, lists and scalars that remember where they were written.

Scalars stay plain Python values (str, int, float, bool, None); their positions live in the
container that holds them, so a parsed template costs little more than the data itself.
A span is ``(line, column, end_line, end_column)``, all 1-based.
"""

from __future__ import annotations

from typing import Any, NamedTuple

Path = tuple  # keys (str) and list indices (int), from the template root


class Span(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int


NO_SPAN = Span(1, 1, 1, 1)


class MapNode(dict):
    """A mapping with the span of itself, of each key and of each value."""

    __slots__ = ("span", "key_spans", "value_spans", "path")

    def __init__(self, span: tuple = NO_SPAN, path: Path = ()):  # starts empty: dict.__init__ has nothing to do
        self.span = span
        self.key_spans: dict[str, tuple] = {}
        self.value_spans: dict[str, tuple] = {}
        self.path = path


class SeqNode(list):
    """A sequence with the span of itself and of each item."""

    __slots__ = ("span", "item_spans", "path")

    def __init__(self, span: tuple = NO_SPAN, path: Path = ()):  # starts empty: list.__init__ has nothing to do
        self.span = span
        self.item_spans: list[tuple] = []
        self.path = path


def child_span(container: Any, key: Any) -> tuple:
    """Span of ``container[key]``: the container knows where each of its children was written."""
    if isinstance(container, MapNode):
        return container.value_spans.get(key, container.span)
    if isinstance(container, SeqNode) and isinstance(key, int) and 0 <= key < len(container.item_spans):
        return container.item_spans[key]
    return getattr(container, "span", NO_SPAN)


def key_span(container: Any, key: Any) -> tuple:
    if isinstance(container, MapNode):
        return container.key_spans.get(key, container.span)
    return child_span(container, key)


ABSENT = object()  # what node_at gives when the path leaves the tree


def node_at(root: Any, path: Path, *, into_intrinsics: bool = True) -> Any:
    """The node at ``path`` below ``root``, or ABSENT. Without ``into_intrinsics``, a one-key
    intrinsic mapping (``Ref``, ``Fn::If`` …) on the way counts as a leaf."""
    node = root
    for key in path:
        if isinstance(node, dict) and key in node and (into_intrinsics or not intrinsic_name(node)):
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return ABSENT
    return node


def intrinsic_name(value: Any) -> str | None:
    """``"Ref"``, ``"Fn::If"`` … when ``value`` is a one-key intrinsic function mapping."""
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        if key == "Ref" or key == "Condition" or (isinstance(key, str) and key.startswith("Fn::")):
            return key
    return None


def sub_template(node: Any) -> str | None:
    """The template string of a ``Fn::Sub`` (short or list form), or None for anything else."""
    if not (isinstance(node, dict) and len(node) == 1 and "Fn::Sub" in node):
        return None
    args = node["Fn::Sub"]
    if isinstance(args, list) and args:
        args = args[0]
    return args if isinstance(args, str) else None


class MergedMap(MapNode):
    """A mapping assembled from several places (SAM Globals + resource): each child keeps its own path."""

    __slots__ = ("child_paths",)

    def __init__(self, span: tuple = NO_SPAN, path: Path = ()):
        super().__init__(span, path)
        self.child_paths: dict[str, Path] = {}


class MergedSeq(SeqNode):
    """A sequence assembled from Globals entries followed by the resource's own."""

    __slots__ = ("child_paths",)

    def __init__(self, span: tuple = NO_SPAN, path: Path = ()):
        super().__init__(span, path)
        self.child_paths: dict[int, Path] = {}
