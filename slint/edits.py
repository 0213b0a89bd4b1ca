"""Fixes as text edits on the spans slint already has, so every byte outside them stays.

A rule asks its context for a fix (``ctx.replace(value, 900)``); this module turns that into
:class:`~slint.findings.Edit` s against the text as written, or None when the value is not
written as a plain scalar slint can rewrite in place (a tag, a block scalar, an intrinsic, a
parameter value given on the command line or in samconfig). Applying fixes lives in
:mod:`slint.fixes`, loaded only for ``--fix``."""

from __future__ import annotations

import json
import re
from typing import Any

from .findings import Edit, Fix
from .nodes import MapNode, SeqNode, node_at
from .parser import YAML_LINE_BREAK

# The line breaks each parser counts lines by: PyYAML's, and JSON's (only "\n").
_JSON_BREAK = re.compile("\n")
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")  # plain in YAML whatever the context
_PLAIN_NAME = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9._/:-]*[A-Za-z0-9]$"
)  # AWS::Serverless-2016-10-31: no ": " nor trailing ":"


def line_starts(text: str, fmt: str) -> list[int]:
    """Offset of each line's first character, lines counted as the parser of ``fmt`` counts them."""
    breaks = _JSON_BREAK if fmt == "json" else YAML_LINE_BREAK
    return [0] + [match.end() for match in breaks.finditer(text)]


def offset(starts: list[int], text: str, line: int, column: int) -> int:
    """The offset of a 1-based (line, column); a line past the last is the end of the text."""
    if line > len(starts):
        return len(text)
    return min(starts[line - 1] + column - 1, len(text))


class Source:
    """A template's text with the spans of its parser, to read and write spans of it."""

    def __init__(self, text: str, fmt: str):
        self.text = text
        self.format = fmt
        self.starts = line_starts(text, fmt)

    def at(self, line: int, column: int) -> int:
        return offset(self.starts, self.text, line, column)

    def span_text(self, span: tuple) -> str:
        return self.text[self.at(span[0], span[1]) : self.at(span[2], span[3])]

    def line_text(self, line: int) -> str:
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[self.starts[line - 1] : end]


def source_of(template: Any) -> Source:
    source = getattr(template, "_edit_source", None)
    if source is None:
        source = Source(template.text, template.format)
        template._edit_source = source
    return source


def written_at(template: Any, value: Any) -> tuple[tuple, Any] | None:
    """(span, node as written) of where ``value`` is written: the parameter Default a Ref
    resolved to, else the value itself. None when it came from outside the template or the
    model made it up (a documented default)."""
    via = value.via or ""
    if via == "default" or via.endswith("(override)"):
        return None
    if via.startswith("parameter ") and via.endswith(" default"):
        name = via.removeprefix("parameter ").removesuffix(" default")
        if parameter_uses(template, name) != 1:
            return None  # the Default feeds other properties too: rewriting it would change them
        parameter = template.parameters.get(name)
        node = getattr(parameter, "node", None)
        if not isinstance(node, MapNode) or "Default" not in node.value_spans:
            return None
        if any(key in node for key in _PARAMETER_CONSTRAINTS):
            return None  # a new Default could break the parameter's own AllowedValues or bounds
        return node.value_spans["Default"], node["Default"]
    if via:
        return None
    return value.span, value.raw


def parameter_uses(template: Any, name: str) -> int:
    """How many places read parameter ``name``: each ``Ref`` to it and each string naming
    ``${name}`` (an ``Fn::Sub``), anywhere in the template."""
    counts = template.cache.get("parameter_uses")
    if counts is None:
        counts = template.cache["parameter_uses"] = {}
        stack = [getattr(template, "root", None)]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("Ref") if len(node) == 1 else None
                if isinstance(ref, str):
                    counts[ref] = counts.get(ref, 0) + 1
                    continue
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, str) and "${" in node:
                for match in _SUB_NAME.finditer(node):
                    counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return counts.get(name, 0)


_PARAMETER_CONSTRAINTS = ("AllowedValues", "AllowedPattern", "MinValue", "MaxValue", "MinLength", "MaxLength")
_SUB_NAME = re.compile(r"\$\{([^}!.]+)[^}]*\}")


def scalar_text(new: Any, old_text: str, fmt: str) -> str | None:
    """``new`` written the way ``old_text`` was: quoted when it was, plain when it was."""
    new_text = str(new) if not isinstance(new, bool) else str(new).lower()
    if old_text[:1] in ("'", '"'):
        if not _PLAIN_SAFE.match(new_text):
            return None
        return old_text[0] + new_text + old_text[0]
    if isinstance(new, str):
        if fmt == "json":
            return json.dumps(new)
        return new_text if _PLAIN_SAFE.match(new_text) and not _looks_typed(new_text) else json.dumps(new)
    return new_text


def _looks_typed(text: str) -> bool:
    """A plain YAML scalar that would not read back as a string (a number, a boolean, null)."""
    return text.lower() in ("true", "false", "yes", "no", "on", "off", "null", "~") or bool(
        re.match(r"^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$", text)
    )


def replace(template: Any, value: Any, new: Any, title: str, safe: bool) -> Fix | None:
    """A fix writing ``new`` in place of the scalar ``value`` where it is written."""
    written = written_at(template, value)
    if written is None:
        return None
    span, raw = written
    if isinstance(raw, (dict, list)) or span[0] != span[2]:  # an intrinsic, a collection, a multi-line scalar
        return None
    source = source_of(template)
    old_text = source.span_text(span)
    if not old_text or old_text[0] in "!&*|>":  # a tag, an anchor, an alias, a block scalar
        return None
    text = scalar_text(new, old_text, source.format)
    if text is None or text == old_text:
        return None
    return Fix(title, safe, (Edit(*span, text),))


def replace_node(template: Any, value: Any, yaml_text: str, json_text: str, title: str, safe: bool) -> Fix | None:
    """A fix writing ``yaml_text`` (``json_text`` in JSON) over ``value`` as written, when it
    is written on one line (``!GetAtt Fn.Arn``, ``{"Fn::GetAtt": ["Fn", "Arn"]}``)."""
    if value.via or value.span[0] != value.span[2]:
        return None
    source = source_of(template)
    if not source.span_text(value.span).strip():
        return None
    return Fix(title, safe, (Edit(*value.span, json_text if source.format == "json" else yaml_text),))


def add_template_key(template: Any, key: str, value: str, title: str, safe: bool) -> Fix | None:
    """A fix adding ``key: value`` at the top of the template, before the first top-level key
    other than AWSTemplateFormatVersion and Description; None when the key is there already."""
    root = template.root
    if not isinstance(root, MapNode) or key in root:
        return None
    anchors = [k for k in root if k not in ("AWSTemplateFormatVersion", "Description")] or list(root)
    return add_key(template, root, anchors[0], key, value, title, safe) if anchors else None


def add_key(template: Any, mapping: Any, anchor: str, key: str, value: str, title: str, safe: bool) -> Fix | None:
    """A fix adding ``key: value`` (a plain string) to ``mapping`` just before its key
    ``anchor``, as that key is written: on a line of its own with the same indentation, or
    before it on its line (a flow mapping, JSON on one line), with a comma where needed."""
    if (
        not isinstance(mapping, MapNode)
        or key in mapping
        or anchor not in mapping.key_spans
        or not _PLAIN_NAME.match(value)
    ):
        return None
    line, column = mapping.key_spans[anchor][:2]
    source = source_of(template)
    line_text = source.line_text(line)
    before = line_text[: column - 1]
    ending = line_text[len(line_text.rstrip("\r\n")) :] or "\n"
    if source.format == "json":
        entry = f"{json.dumps(key)}: {json.dumps(value)},"
    else:
        entry = f"{key}: {value}"
    if before.strip():  # the anchor key follows something on its line: "{", "- ", a flow mapping
        if source.format != "json" and not before.rstrip().endswith(("{", ",")):
            return None  # a block mapping in a list item ("- Key: ..."): its other keys are indented differently
        return Fix(title, safe, (Edit(line, column, line, column, entry + (" " if source.format == "json" else ", ")),))
    return Fix(title, safe, (Edit(line, 1, line, 1, before + entry + ending),))


def remove_item(template: Any, value: Any, title: str, safe: bool) -> Fix | None:
    """A fix deleting the list item ``value`` where it is written: its line in a block list,
    it and the comma before it (after it, for the first) in a flow list or JSON."""
    if not value.path or not isinstance(value.path[-1], int) or value.via:
        return None
    items = node_at(template.root, value.path[:-1])
    index = value.path[-1]
    if not isinstance(items, SeqNode) or not 0 <= index < len(items.item_spans):
        return None
    source = source_of(template)
    span = items.item_spans[index]
    line = source.line_text(span[0])
    before = line[: span[1] - 1]
    if source.format != "json" and before.strip() == "-":  # a block list item
        after = source.line_text(span[2])[span[3] - 1 :].strip()
        if len(items) == 1 or span[0] != span[2] or (after and not after.startswith("#")):
            return None
        return Fix(title, safe, (Edit(span[0], 1, span[0] + 1, 1, ""),))
    if index > 0:
        previous = items.item_spans[index - 1]
        return Fix(title, safe, (Edit(previous[2], previous[3], span[2], span[3], ""),))
    if len(items) > 1:
        following = items.item_spans[1]
        return Fix(title, safe, (Edit(span[0], span[1], following[0], following[1], ""),))
    return Fix(title, safe, (Edit(*span, ""),))
