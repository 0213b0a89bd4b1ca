"""Findings in LSP terms: diagnostics, text edits, code actions and hover text.

slint spans are 1-based lines and columns counted in characters, the end column exclusive;
LSP positions are 0-based, their columns counted in the negotiated encoding's code units
(UTF-16 unless the client asked for another), so each column is measured on its line.

A fix, when a rule offers one, is read through a small interface so that the autofix
machinery can supply it: ``finding.fix`` is None or has ``title`` (str), ``safe`` (bool) and
``edits``, each with ``line, column, end_line, end_column`` (a slint span) and ``text``."""

from __future__ import annotations

import re
from typing import Sequence

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec

from ..core_rules import ParseFailure, UnusedSuppression
from ..findings import Finding, Severity
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


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


class Positions:
    """Converts slint spans of one document version to LSP ranges."""

    def __init__(self, lines: Sequence[str], codec: PositionCodec):
        self.lines = lines
        self.codec = codec

    def position(self, line: int, column: int) -> types.Position:
        index = max(line - 1, 0)
        if index >= len(self.lines):  # past the end: the end of the last line
            index = len(self.lines) - 1
            column = len(self.lines[index]) + 1
        before = self.lines[index][: max(column - 1, 0)]
        return types.Position(index, len(before) if before.isascii() else self.codec.client_num_units(before))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(self.position(line, column), self.position(end_line, end_column))

    def line_end(self, line: int) -> types.Position:
        return self.position(line, len(self.lines[min(line, len(self.lines)) - 1]) + 1)


def diagnostic(finding: Finding, positions: Positions, uri: str) -> types.Diagnostic:
    """``finding`` as a diagnostic of the document at ``uri``; related places in other files
    (a samconfig) are given with their columns as characters, as that file is not open."""
    related = []
    for message, file, line, column, end_line, end_column in finding.related:
        if file == finding.file:
            where = types.Location(uri, positions.range(line, column, end_line, end_column))
        else:
            where = types.Location(from_fs_path(file) or file, types.Range(types.Position(line - 1, column - 1), types.Position(end_line - 1, end_column - 1)))
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


def suppression_edit(finding: Finding, lines: Sequence[str], positions: Positions) -> types.TextEdit | None:
    """The edit that adds ``finding``'s rule to an inline suppression on its line: into an
    existing ``# slint: ignore[...]`` there, else a new comment at the end of the line. None
    where a comment cannot go (JSON) or would land inside a multi-line quoted string."""
    if finding.rule in _NOT_SUPPRESSIBLE or finding.file.endswith(".json") or finding.line > len(lines):
        return None
    text = lines[finding.line - 1]
    for existing in inline_suppressions(text, finding.file).get(1, ()):
        if existing.selectors is None:  # "# slint: ignore" already covers every rule
            return None
        close = text.find("]", existing.column)
        at = positions.position(finding.line, close + 1)
        return types.TextEdit(types.Range(at, at), f", {finding.rule}")
    rest = text[finding.column - 1 :]
    if finding.end_line > finding.line and rest[:1] in ("'", '"'):
        return None
    at = positions.line_end(finding.line)
    return types.TextEdit(types.Range(at, at), f"  # slint: ignore[{finding.rule}]")


def fix_edits(fix, positions: Positions) -> list[types.TextEdit]:
    return [types.TextEdit(positions.range(e.line, e.column, e.end_line, e.end_column), e.text) for e in fix.edits]


def fix_title(finding: Finding, fix) -> str:
    return f"{fix.title} ({finding.rule})" + ("" if fix.safe else " [unsafe]")


def overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (b.start.line, b.start.character) <= (a.end.line, a.end.character)


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
