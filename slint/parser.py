"""Text -> nodes with exact spans.

YAML goes through libyaml's event parser (PyYAML's C loader, read event by event as ``yaml.parse`` does):
it is about 35x faster than a round-trip loader, reports anchors, aliases and tags as they are
written, and never expands an alias, so an alias bomb costs nothing. JSON goes through a small
position-tracking parser after the standard library has validated it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Any

from .nodes import MapNode, SeqNode

MAX_DEPTH = 200  # far deeper than any real template; keeps every later walk bounded
# Diagnostics listed per kind per file; the rest are counted in one diagnostic at the first one
# left out, so a file of a million aliases or duplicate keys gives a report of kilobytes.
MAX_DIAGNOSTICS_PER_KIND = 100

# Short-form tags and the long-form key each stands for.
_SHORT_TAGS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
}
for _name in (
    "And Base64 Cidr Contains EachMemberEquals EachMemberIn Equals FindInMap ForEach GetAZs GetAtt "
    "If ImportValue Join Length Not Or RefAll Select Split Sub ToJsonString Transform ValueOf ValueOfAll"
).split():
    _SHORT_TAGS["!" + _name] = "Fn::" + _name


@dataclass
class Diagnostic:
    """Something the parser noticed that CloudFormation would reject, with where it is."""

    kind: str  # "duplicate-key" | "yaml-anchor" | "yaml-alias" | "yaml-merge-key" | "unknown-tag"
    message: str
    span: tuple
    path: tuple = ()


_KIND_NAMES = {
    "duplicate-key": "duplicate keys",
    "yaml-anchor": "YAML anchors",
    "yaml-alias": "YAML aliases",
    "yaml-merge-key": "YAML merge keys",
    "complex-key": "complex keys",
    "unknown-tag": "unknown tags",
}


class DiagnosticLog(list):
    """The diagnostics of one file: the first MAX_DIAGNOSTICS_PER_KIND of each kind, then one
    that counts the rest (added by :meth:`close`)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}
        self.first_omitted: dict[str, Diagnostic] = {}

    def add(self, diagnostic: Diagnostic) -> None:
        kind = diagnostic.kind
        count = self.counts[kind] = self.counts.get(kind, 0) + 1
        if count <= MAX_DIAGNOSTICS_PER_KIND:
            self.append(diagnostic)
        elif count == MAX_DIAGNOSTICS_PER_KIND + 1:
            self.first_omitted[kind] = diagnostic

    def close(self) -> DiagnosticLog:
        for kind, first in self.first_omitted.items():
            omitted = self.counts[kind] - MAX_DIAGNOSTICS_PER_KIND
            what = _KIND_NAMES.get(kind, kind)
            message = f"{omitted:,} more {what} from here on, not listed (slint lists the first {MAX_DIAGNOSTICS_PER_KIND} of each kind)"
            self.append(Diagnostic(kind, message, first.span, first.path))
        self.first_omitted.clear()
        return self


class ParseError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Parsed:
    root: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    format: str = "yaml"
    # Spans of text that is data, not comment, where a suppression comment's text may appear:
    # YAML scalars that mention "slint"; all of a JSON file (JSON has no comments).
    literal_spans: list[tuple] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Decoding


def decode(data: bytes) -> str:
    """Bytes -> text. UTF-8 (with or without BOM) and UTF-16/32 with a BOM; anything else is an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _decode_or_fail(data, "utf-32")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_or_fail(data, "utf-16")
    if data.find(b"\x00", 0, 8192) != -1:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        raise ParseError("binary data (NUL byte); not a text template", line, 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); CloudFormation templates must be UTF-8",
            line,
            column,
        ) from None


def _decode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(f"not valid {encoding.upper()}: {exc.reason}", 1, 1) from None


# ---------------------------------------------------------------------------------------------
# YAML

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_HEX = re.compile(r"0x[0-9a-fA-F_]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_BOOLS = {
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    "yes": True, "Yes": True, "YES": True, "no": False, "No": False, "NO": False,
    "on": True, "On": True, "ON": True, "off": False, "Off": False, "OFF": False,
}  # fmt: skip
_NULLS = {"", "~", "null", "Null", "NULL"}
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


def _plain_scalar(text: str) -> Any:
    """YAML 1.1 core resolution for plain scalars. Numbers with leading zeros stay strings
    (account ids such as 012345678901 must not become octal)."""
    if not text:
        return None
    first = text[0]
    if first in "0123456789-+.":
        if _INT.match(text):
            return _int_or_text(text.replace("_", ""), text)
        if _FLOAT.match(text) and not (text[0] == "0" and len(text) > 1 and text[1].isdigit()):
            try:
                return float(text.replace("_", ""))
            except ValueError:
                return text
        if _HEX.match(text):
            return _int_or_text(text, text, 16)
        lowered = text.lower()
        if lowered in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[lowered]
        return text
    if text in _BOOLS:
        return _BOOLS[text]
    if text in _NULLS:
        return None
    return text


def _int_or_text(digits: str, text: str, base: int = 10) -> int | str:
    """An integer, or the text as written when it has more digits than Python converts (4,300 by
    default): a value no rule needs as a number, and that could not be printed back as one."""
    try:
        return int(digits, base)
    except ValueError:
        return text


def _tagged_scalar(tag: str, text: str) -> Any:
    if tag in ("tag:yaml.org,2002:str", "!"):
        return text
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:bool":
        return _BOOLS.get(text, text)
    if tag == "tag:yaml.org,2002:null":
        return None
    return text


def _span(event) -> tuple:
    s, e = event.start_mark, event.end_mark
    return (s.line + 1, s.column + 1, e.line + 1, e.column + 1)


class _Frame:
    __slots__ = ("node", "tag", "key", "key_span", "skip_key")

    def __init__(self, node, tag):
        self.node = node
        self.tag = tag
        self.key = None  # pending mapping key, None when the next scalar is a key
        self.key_span = None
        self.skip_key = False  # a complex (non-scalar) key is being read


def parse_yaml(text: str) -> Parsed:
    import yaml
    from yaml import events as ev

    # The loader is only used as an event parser (one get_event call per event).
    parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)(text)  # pure Python without libyaml

    diagnostics = DiagnosticLog()
    literal_spans: list[tuple] = []
    stack: list[_Frame] = []
    root: Any = None
    documents = 0

    def attach(value: Any, span: tuple) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        node = frame.node
        if isinstance(node, SeqNode):
            node.append(value)
            node.item_spans.append(span)
            return
        if frame.skip_key:
            frame.skip_key = False
            frame.key = "<complex key>"
            frame.key_span = span
            diagnostics.add(Diagnostic("complex-key", "complex mapping keys are not supported", span, node.path))
            return
        if frame.key is None:
            key = value if isinstance(value, str) else ("" if value is None else str(value))
            if key in node:
                diagnostics.add(
                    Diagnostic(
                        "duplicate-key",
                        f"duplicate key '{key}' (first at line {node.key_spans[key][0]})",
                        span,
                        node.path + (key,),
                    )
                )
            frame.key = key
            frame.key_span = span
            return
        key = frame.key
        if key == "<<":
            diagnostics.add(
                Diagnostic(
                    "yaml-merge-key",
                    "YAML merge keys (<<) are not supported by CloudFormation",
                    frame.key_span,
                    node.path,
                )
            )
        if key not in node:  # the first occurrence wins; the duplicate is reported above
            node[key] = value
            node.key_spans[key] = frame.key_span
            node.value_spans[key] = span
        frame.key = None

    def child_path() -> tuple:
        if not stack:
            return ()
        frame = stack[-1]
        node = frame.node
        if isinstance(node, SeqNode):
            return node.path + (len(node),)
        return node.path + (frame.key,)

    def is_key_position() -> bool:
        return bool(stack) and isinstance(stack[-1].node, MapNode) and stack[-1].key is None

    def check_tag(tag, span) -> str | None:
        if tag is None or tag.startswith("tag:yaml.org,2002:") or tag == "!":
            return None
        long_form = _SHORT_TAGS.get(tag)
        if long_form is None:
            diagnostics.add(Diagnostic("unknown-tag", f"unknown tag '{tag}'", span, child_path()))
        return long_form

    def wrap(long_form: str, value: Any, span: tuple, path: tuple) -> MapNode:
        wrapper = MapNode(span, path)
        if long_form == "Fn::GetAtt" and isinstance(value, str):
            head, _, tail = value.partition(".")
            parts = SeqNode(span, path + (long_form,))
            parts.extend([head, tail] if tail else [head])
            parts.item_spans.extend([span] * len(parts))
            value = parts
        elif isinstance(value, (MapNode, SeqNode)):
            _shift_paths(value, path + (long_form,))
        wrapper[long_form] = value
        wrapper.key_spans[long_form] = span
        wrapper.value_spans[long_form] = span
        return wrapper

    get_event = parser.get_event
    scalar_event = ev.ScalarEvent
    try:
        while (event := get_event()) is not None:  # None after the stream's end
            cls = event.__class__
            if cls is scalar_event:  # most events: the common cases are inlined
                start, end = event.start_mark, event.end_mark
                span = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                if "slint" in event.value:
                    literal_spans.append(span)
                if event.anchor is not None:
                    diagnostics.add(
                        Diagnostic(
                            "yaml-anchor",
                            f"YAML anchor '&{event.anchor}' is not supported by CloudFormation",
                            span,
                            child_path(),
                        )
                    )
                frame = stack[-1] if stack else None
                plain_frame = frame is not None and not frame.skip_key
                if plain_frame and frame.key is None and frame.node.__class__ is MapNode:
                    key = event.value  # keys are kept as written
                    if key in frame.node:
                        attach(key, span)  # reports the duplicate
                    else:
                        frame.key = key
                        frame.key_span = span
                    continue
                tag = event.tag
                if tag is None:
                    value = event.value if event.style else _plain_scalar(event.value)
                else:
                    long_form = check_tag(tag, span)
                    value = _tagged_scalar(tag, event.value) if tag.startswith("tag:yaml.org,2002:") else event.value
                    if long_form is not None:
                        value = wrap(long_form, value, span, child_path())
                node = frame.node if plain_frame else None
                if node.__class__ is SeqNode:
                    node.append(value)
                    node.item_spans.append(span)
                elif node.__class__ is MapNode and frame.key not in node and frame.key != "<<":
                    node[frame.key] = value
                    node.key_spans[frame.key] = frame.key_span
                    node.value_spans[frame.key] = span
                    frame.key = None
                else:
                    attach(value, span)  # the root, a repeated key, a merge key, a complex key
            elif cls is ev.MappingStartEvent or cls is ev.SequenceStartEvent:
                span = _span(event)
                if len(stack) >= MAX_DEPTH:
                    raise ParseError(f"nesting deeper than {MAX_DEPTH} levels", span[0], span[1])
                if event.anchor is not None:
                    diagnostics.add(
                        Diagnostic(
                            "yaml-anchor",
                            f"YAML anchor '&{event.anchor}' is not supported by CloudFormation",
                            span,
                            child_path(),
                        )
                    )
                if is_key_position():
                    stack[-1].skip_key = True
                path = child_path()
                opened = (
                    span if event.flow_style else (span[0], span[1], 0, 0)
                )  # end line 0: a block collection, until its end event
                node = MapNode(opened, path) if cls is ev.MappingStartEvent else SeqNode(opened, path)
                stack.append(_Frame(node, check_tag(event.tag, span)))
            elif cls is ev.MappingEndEvent or cls is ev.SequenceEndEvent:
                frame = stack.pop()
                node = frame.node
                start = node.span
                end = (event.end_mark.line + 1, event.end_mark.column + 1)
                if not start[
                    2
                ]:  # a block collection ends with its last child, not at the next token (the next resource)
                    end = _last_child_end(node) or end
                node.span = (start[0], start[1], *end)
                value = node
                if frame.tag is not None:
                    value = wrap(frame.tag, node, node.span, node.path)
                if stack and stack[-1].skip_key:
                    stack[-1].skip_key = False
                    stack[-1].key = "<complex key>"
                    stack[-1].key_span = node.span
                    diagnostics.add(
                        Diagnostic(
                            "complex-key", "complex mapping keys are not supported", node.span, stack[-1].node.path
                        )
                    )
                    continue
                attach(value, node.span)
            elif cls is ev.AliasEvent:
                span = _span(event)
                diagnostics.add(
                    Diagnostic(
                        "yaml-alias",
                        f"YAML alias '*{event.anchor}' is not supported by CloudFormation (not expanded)",
                        span,
                        child_path(),
                    )
                )
                attach("" if is_key_position() else None, span)
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    span = _span(event)
                    diagnostics.add(Diagnostic("multiple-documents", "only the first YAML document is read", span, ()))
                    break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise ParseError(problem) from None
        if "maximum nesting depth" in problem:  # libyaml's own limit (1,000 flow levels), deeper than slint's
            raise _too_deep_before(text, mark.line, mark.column) from None
        if _char_at(text, mark.line, mark.column) == "\t":
            problem += " (a tab; YAML indentation must use spaces)"
        raise ParseError(problem, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise ParseError(str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None
    finally:
        try:
            parser.dispose()
        except Exception:  # pragma: no cover
            pass
    return Parsed(root, diagnostics.close(), "yaml", literal_spans)


def _last_child_end(node: Any) -> tuple[int, int] | None:
    if isinstance(node, SeqNode):
        return tuple(node.item_spans[-1][2:]) if node.item_spans else None
    if not node:
        return None
    key = next(reversed(node))
    return max(tuple(node.key_spans[key][2:]), tuple(node.value_spans.get(key, node.key_spans[key])[2:]))


YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the breaks libyaml counts lines by


def _too_deep_before(text: str, line: int, column: int) -> ParseError:
    """slint's depth error where level MAX_DEPTH + 1 opens, for YAML that libyaml rejected deeper
    in (0-based ``line`` and ``column``). libyaml reads a flow collection to its end before it
    emits the first event, so the text up to its error mark is parsed again: there slint's own
    limit is reached first, at the same positions."""
    offset = column
    if line:
        offset += list(YAML_LINE_BREAK.finditer(text))[line - 1].end()
    try:
        parse_yaml(text[:offset])
    except ParseError as exc:
        if exc.message.startswith("nesting deeper"):
            return exc
    return ParseError(f"nesting deeper than {MAX_DEPTH} levels", line + 1, column + 1)


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column, or '' past the end."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    return text[start + column : start + column + 1]


def _shift_paths(node: Any, path: tuple) -> None:
    """Re-root the paths of a subtree that an intrinsic tag wrapped one level deeper."""
    todo = [(node, path)]
    while todo:
        current, current_path = todo.pop()
        current.path = current_path
        items = current.items() if isinstance(current, MapNode) else enumerate(current)
        for key, child in items:
            if isinstance(child, (MapNode, SeqNode)):
                todo.append((child, current_path + (key,)))


# ---------------------------------------------------------------------------------------------
# JSON

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def parse_json(text: str) -> Parsed:
    try:
        json.loads(text, parse_int=_skip_number, parse_float=_skip_number)  # validation only: the builder converts
    except json.JSONDecodeError as exc:
        raise ParseError(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise ParseError(f"nesting deeper than {MAX_DEPTH} levels", *_too_deep_at(text)) from None
    return _JsonBuilder(text).build()


def _skip_number(text: str) -> None:
    return None


def _too_deep_at(text: str) -> tuple[int, int]:
    """Line and column of the bracket that opens level MAX_DEPTH + 1 (strings skipped)."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                offset = match.start()
                return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
        elif token in "]}":
            depth -= 1
    return 1, 1


class _JsonBuilder:
    """Builds nodes with spans from text that ``json.loads`` has already accepted.

    Iterative, with an explicit stack, so that deep nesting never reaches the C stack."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.diagnostics = DiagnosticLog()

    def pos(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def span(self, start: int, end: int) -> tuple:
        return self.pos(start) + self.pos(end)

    def read_key(self, entry: list, idx: int) -> int:
        text = self.text
        key, end = scanstring(text, idx + 1)
        entry[2] = key
        entry[3] = self.span(idx, end)
        idx = _WS.match(text, end).end() + 1  # past ':'
        return _WS.match(text, idx).end()

    def build(self) -> Parsed:
        text = self.text
        idx = _WS.match(text, 0).end()
        stack: list[list] = []  # [node, open offset, pending key, key span]
        path: tuple = ()
        while True:
            ch = text[idx]
            if ch == "{" or ch == "[":
                if len(stack) >= MAX_DEPTH:
                    raise ParseError(f"nesting deeper than {MAX_DEPTH} levels", *self.pos(idx))
                node = MapNode((), path) if ch == "{" else SeqNode((), path)
                open_offset = idx
                idx = _WS.match(text, idx + 1).end()
                if text[idx] == "}" or text[idx] == "]":
                    idx += 1
                    node.span = self.span(open_offset, idx)
                    value, value_span = node, node.span
                else:
                    entry = [node, open_offset, None, None]
                    stack.append(entry)
                    if ch == "{":
                        idx = self.read_key(entry, idx)
                        path = node.path + (entry[2],)
                    else:
                        path = node.path + (0,)
                    continue
            elif ch == '"':
                value, end = scanstring(text, idx + 1)
                value_span = self.span(idx, end)
                idx = end
            else:
                start = idx
                if text.startswith("true", idx):
                    value, idx = True, idx + 4
                elif text.startswith("false", idx):
                    value, idx = False, idx + 5
                elif text.startswith("null", idx):
                    value, idx = None, idx + 4
                else:
                    match = _NUMBER.match(text, idx)
                    if match is None:  # NaN, Infinity: Python's json accepts them, JSON does not
                        word = re.match(r"-?[A-Za-z]+", text[idx:]).group(0)
                        raise ParseError(f"'{word}' is not a JSON value", *self.pos(idx))
                    number = match.group(0)
                    value = float(number) if (match.group(1) or match.group(2)) else _int_or_text(number, number)
                    idx = match.end()
                value_span = self.span(start, idx)
            while True:  # attach the value, then move to its next sibling or close containers
                if not stack:
                    whole_file = (1, 1, len(self.line_starts) + 1, 1)
                    return Parsed(value, self.diagnostics.close(), "json", [whole_file])
                entry = stack[-1]
                node = entry[0]
                if isinstance(node, MapNode):
                    key = entry[2]
                    if key in node:
                        self.diagnostics.add(
                            Diagnostic(
                                "duplicate-key",
                                f"duplicate key '{key}' (first at line {node.key_spans[key][0]})",
                                entry[3],
                                node.path + (key,),
                            )
                        )
                    else:
                        node[key] = value
                        node.key_spans[key] = entry[3]
                        node.value_spans[key] = value_span
                else:
                    node.append(value)
                    node.item_spans.append(value_span)
                idx = _WS.match(text, idx).end()
                if text[idx] == ",":
                    idx = _WS.match(text, idx + 1).end()
                    if isinstance(node, MapNode):
                        idx = self.read_key(entry, idx)
                        path = node.path + (entry[2],)
                    else:
                        path = node.path + (len(node),)
                    break
                idx += 1
                stack.pop()
                node.span = self.span(entry[1], idx)
                value, value_span = node, node.span


def looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("{")


def parse_text(text: str, filename: str = "") -> Parsed:
    """Parse template text; ``.json`` files and text starting with ``{`` are read as JSON first."""
    if filename.endswith(".json") or looks_like_json(text):
        try:
            return parse_json(text)
        except ParseError:
            if filename.endswith(".json"):
                raise
    return parse_yaml(text)
