"""Findings in LSP terms: diagnostics, text edits, code actions and hover text.

slint spans are 1-based lines and columns counted in characters, the end column exclusive;
LSP positions are 0-based, their columns counted in the negotiated encoding's code units
(UTF-16 unless the client asked for another), so each column is measured on its line.

A fix, when a rule offers one, is read through a small interface so that the autofix
machinery can supply it: ``finding.fix`` is None or has ``title`` (str), ``safe`` (bool) and
``edits``, each with ``line, column, end_line, end_column`` (a slint span) and ``text``."""

from __future__ import annotations

import re
from bisect import bisect_right

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec

from ..core_rules import ParseFailure, UnusedSuppression
from ..findings import Finding, Severity
from ..parser import YAML_LINE_BREAK
from ..rule import SHOWN_SECTIONS, Rule
from ..suppressions import inline_suppressions

SOURCE = "slint"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.slint"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_NOT_SUPPRESSIBLE = (ParseFailure.id, UnusedSuppression.id)  # reported after suppressions apply
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line breaks LSP counts, and no others
_JSON_LINE_BREAK = re.compile("\n")  # those the JSON parser counts


def _line_starts(text: str, breaks: re.Pattern) -> list[int]:
    return [0] + [match.end() for match in breaks.finditer(text)]


class Positions:
    """Converts slint spans of one document version to LSP ranges. slint counts lines as its
    parser does (YAML also breaks lines at U+0085, U+2028 and U+2029; JSON only at "\\n"),
    so a span is turned into an offset in the text, and the offset into an LSP position."""

    def __init__(self, text: str, codec: PositionCodec, json: bool = False):
        self.text = text
        self.codec = codec
        self.lines = _LINE_BREAK.split(text)
        self.starts = _line_starts(text, _LINE_BREAK)
        self.slint_starts = (
            _line_starts(text, _JSON_LINE_BREAK if json else YAML_LINE_BREAK) if _differ(text, json) else self.starts
        )

    def offset(self, line: int, column: int) -> int:
        if line > len(self.slint_starts):
            return len(self.text)
        return min(self.slint_starts[max(line, 1) - 1] + max(column, 1) - 1, len(self.text))

    def at_offset(self, offset: int) -> types.Position:
        line = bisect_right(self.starts, offset) - 1
        before = self.text[self.starts[line] : offset][: len(self.lines[line])]  # not into a line break
        return types.Position(line, len(before) if before.isascii() else self.codec.client_num_units(before))

    def position(self, line: int, column: int) -> types.Position:
        return self.at_offset(self.offset(line, column))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(self.position(line, column), self.position(end_line, end_column))

    def line_span(self, line: int) -> tuple[int, int] | None:
        """Offsets of the start and end (before its line break) of slint's ``line``."""
        if not 1 <= line <= len(self.slint_starts):
            return None
        start = self.slint_starts[line - 1]
        end = self.slint_starts[line] if line < len(self.slint_starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n\x85\u2028\u2029":
            end -= 1
        return start, end


def _differ(text: str, json: bool) -> bool:
    """Whether slint's parser and LSP count lines differently in ``text``."""
    return ("\r" in text.replace("\r\n", "")) if json else any(char in text for char in "\x85\u2028\u2029")


def diagnostic(finding: Finding, positions: Positions, uri: str) -> types.Diagnostic:
    """``finding`` as a diagnostic of the document at ``uri``; related places in other files
    (a samconfig) are given with their columns as characters, as that file is not open."""
    related = []
    for message, file, line, column, end_line, end_column in finding.related:
        if file == finding.file:
            where = types.Location(uri, positions.range(line, column, end_line, end_column))
        else:
            where = types.Location(
                from_fs_path(file) or file,
                types.Range(types.Position(line - 1, column - 1), types.Position(end_line - 1, end_column - 1)),
            )
        related.append(types.DiagnosticRelatedInformation(where, message))
    return types.Diagnostic(
        range=positions.range(finding.line, finding.column, finding.end_line, finding.end_column),
        message=finding.message,
        severity=_SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=finding.source_url) if finding.source_url else None,
        source=SOURCE,
        related_information=related or None,
    )


def suppression_edit(finding: Finding, positions: Positions) -> types.TextEdit | None:
    """The edit that adds ``finding``'s rule to an inline suppression on its line: into an
    existing ``# slint: ignore[...]`` there, else a new comment at the end of the line. None
    where a comment cannot go (JSON) or would land inside a multi-line quoted string."""
    span = positions.line_span(finding.line)
    if finding.rule in _NOT_SUPPRESSIBLE or finding.file.endswith(".json") or span is None:
        return None
    start, end = span
    text = positions.text[start:end]
    for existing in inline_suppressions(text, finding.file).get(1, ()):
        if existing.selectors is None:  # "# slint: ignore" already covers every rule
            return None
        at = positions.at_offset(start + text.find("]", existing.column))
        return types.TextEdit(types.Range(at, at), f", {finding.rule}")
    if finding.end_line > finding.line and text[finding.column - 1 : finding.column] in ("'", '"'):
        return None
    at = positions.at_offset(end)
    return types.TextEdit(types.Range(at, at), f"  # slint: ignore[{finding.rule}]")


def fix_edits(fix, positions: Positions) -> list[types.TextEdit]:
    return [types.TextEdit(positions.range(e.line, e.column, e.end_line, e.end_column), e.text) for e in fix.edits]


def fix_title(finding: Finding, fix) -> str:
    return f"{fix.title} ({finding.rule})" + ("" if fix.safe else " [unsafe]")


def overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (b.start.line, b.start.character) <= (
        a.end.line,
        a.end.character,
    )


def rule_markdown(rule: Rule) -> str:
    """A rule's documentation for a hover: its name, severity and docstring sections."""
    parts = [f"**{rule.id}** `{rule.name}` ({rule.severity.value})"]
    docs = rule.docs()
    for section in SHOWN_SECTIONS:
        if section in docs:
            parts.append(f"### {section}\n{docs[section]}")
    if rule.source_url and "References" not in docs:
        parts.append(f"[AWS documentation]({rule.source_url})")
    return "\n\n".join(parts)
