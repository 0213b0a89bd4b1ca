"""Findings and severities: what the engine hands to reporters."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):  # noqa: UP042  (a StrEnum would change how str() and f-strings show a severity)
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls(text.lower())

    def __str__(self) -> str:
        return self.value


_RANKS = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Edit(NamedTuple):
    """Replace the text of a slint span (1-based lines and character columns, end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


class Fix(NamedTuple):
    """What a rule offers to change for a finding; every byte outside ``edits`` stays as it is."""

    title: str
    safe: bool
    edits: tuple  # of Edit, not overlapping

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "safety": "safe" if self.safe else "unsafe",
            "edits": [edit._asdict() for edit in self.edits],
        }

    @classmethod
    def from_row(cls, row: list | tuple | None) -> Fix | None:
        """A fix read back from JSON (the result cache)."""
        if row is None:
            return None
        title, safe, edits = row
        return cls(title, safe, tuple(Edit(*edit) for edit in edits))


@dataclass(slots=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    resource: str | None = None
    path: tuple = ()
    source_url: str = ""
    message_id: str | None = None
    suppressed: str | None = None  # how it was suppressed ("metadata", "comment", "config"), or None
    related: tuple = ()  # where an inherited value is written: ((message, file, line, column, end_line, end_column), ...)
    fix: Fix | None = None  # the rule's fix for it, when it can fix (see slint.fixes)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "resource": self.resource,
            "path": list(self.path),
            "source_url": self.source_url,
            "message_id": self.message_id,
            "suppressed": self.suppressed,
            "fix": self.fix.to_dict() if self.fix is not None else None,
        }
