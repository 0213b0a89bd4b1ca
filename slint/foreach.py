"""``Fn::ForEach`` (the ``AWS::LanguageExtensions`` transform) expanded for resources.

Each generated resource is a copy of the loop body with the identifier replaced (``${Id}``,
``&{Id}``, ``!Ref Id``); the copy keeps the body's spans and paths, so a finding on a generated
resource points into the loop body and names the generated logical id. A collection slint
cannot resolve generates nothing (rules stay silent on it).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .nodes import MapNode, SeqNode, key_span

PREFIX = "Fn::ForEach::"
MAX_DEPTH = 5  # nested loops
MAX_RESOURCES = 2_000  # more than CloudFormation's 500 per stack: no runaway expansion


def expand(resolver, name: str, loop: Any, bindings: dict | None = None, depth: int = 0) -> Iterator[tuple[str, Any, tuple]]:
    """(logical id, resource node, span of its key) for each resource ``Fn::ForEach::name`` makes."""
    bindings = dict(bindings or {})
    if depth > MAX_DEPTH or not (isinstance(loop, list) and len(loop) == 3 and isinstance(loop[0], str) and isinstance(loop[2], dict)):
        return
    identifier, collection, outputs = loop
    items = resolver.value(_substitute(collection, bindings))
    if not isinstance(items, list):
        return
    count = 0
    for item in items:
        if isinstance(item, (dict, list)) or item is None:
            continue
        bound = {**bindings, identifier: str(item)}
        for key, body in outputs.items():
            if not isinstance(key, str):
                continue
            if key.startswith(PREFIX):
                yield from expand(resolver, key, body, bound, depth + 1)
                continue
            count += 1
            if count > MAX_RESOURCES:
                return
            yield _substitute(key, bound), _substitute(body, bound), key_span(outputs, key)


def _replace(text: str, bindings: dict) -> str:
    for identifier, value in bindings.items():
        text = text.replace("${" + identifier + "}", value)
        text = text.replace("&{" + identifier + "}", re.sub(r"[^A-Za-z0-9]", "", value))  # &{} keeps alphanumerics only
    return text


def _substitute(node: Any, bindings: dict) -> Any:
    if not bindings:
        return node
    if isinstance(node, str):
        return _replace(node, bindings) if "{" in node else node
    if isinstance(node, dict):
        if len(node) == 1 and isinstance(node.get("Ref"), str) and node["Ref"] in bindings:
            return bindings[node["Ref"]]
        copy = MapNode(getattr(node, "span", None) or (1, 1, 1, 1), getattr(node, "path", ()))
        for key, value in node.items():
            new_key = _replace(key, bindings) if isinstance(key, str) else key
            copy[new_key] = _substitute(value, bindings)
            if isinstance(node, MapNode):
                copy.key_spans[new_key] = node.key_spans.get(key, node.span)
                copy.value_spans[new_key] = node.value_spans.get(key, node.span)
        return copy
    if isinstance(node, list):
        copy_list = SeqNode(getattr(node, "span", None) or (1, 1, 1, 1), getattr(node, "path", ()))
        for index, value in enumerate(node):
            copy_list.append(_substitute(value, bindings))
            spans = getattr(node, "item_spans", None)
            copy_list.item_spans.append(spans[index] if spans and index < len(spans) else copy_list.span)
        return copy_list
    return node
