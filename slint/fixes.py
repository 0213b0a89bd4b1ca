"""Applying fixes (``slint lint --fix``, ``--unsafe-fixes``, ``--diff``); loaded only when asked.

A pass applies every wanted fix whose edits overlap no other's, then re-parses and re-lints;
passes repeat until nothing is left to fix (at most MAX_PASSES). A pass that leaves the file
unparsable or adds a finding (a rule's finding where that rule had none) is not kept: its fixes are then tried one at a time and a fix
that does so is dropped for the rest of the run. Files that do not parse are never touched;
only UTF-8 files (with or without a BOM) are rewritten, the BOM kept; writes are atomic."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .core_rules import ParseFailure
from .edits import Source
from .engine import Engine, FileResult
from .findings import Finding, Fix
from .parser import ParseError, parse_text

MAX_PASSES = 10
_BOM = b"\xef\xbb\xbf"


@dataclass
class FixedFile:
    path: Path | None
    file: str
    original: bytes
    fixed: bytes
    applied: int  # fixes applied
    result: FileResult  # the findings left in the fixed text
    original_findings: list = field(default_factory=list)  # the findings before any fix
    passes: list = field(
        default_factory=list
    )  # (text before, [(start, end, new text) of each edit in it], text after) of each pass kept

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    @property
    def unsafe_left(self) -> int:
        """Findings left whose fix needs --unsafe-fixes."""
        return sum(1 for finding in self.result.findings if wanted(finding, True) and not finding.fix.safe)

    def diff(self) -> str:
        """A unified diff of the fix, as ``diff -u`` (and ruff's ``--diff``) print it."""
        before = _text(self.original).splitlines(keepends=True)
        after = _text(self.fixed).splitlines(keepends=True)
        lines = difflib.unified_diff(before, after, self.file, self.file)
        return "".join(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines
        )


def wanted(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return fix is not None and finding.suppressed is None and bool(fix.edits) and (fix.safe or unsafe)


def apply_edits(text: str, fmt: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix], list[tuple[int, int, str]]]:
    """``text`` with the fixes applied, the fixes taken and their edits as (start, end, new
    text), offsets in ``text``: a fix overlapping one taken
    before it is dropped (not merged); the same fix offered twice (a Globals value reported
    for each function) is applied once."""
    source = Source(text, fmt)
    taken: list[Fix] = []
    ranges: list[tuple[int, int, str]] = []
    seen: set = set()
    for fix in fixes:
        if fix.edits in seen:
            continue
        seen.add(fix.edits)
        spans = [(source.at(e.line, e.column), source.at(e.end_line, e.end_column), e.text) for e in fix.edits]
        if any(_overlaps(span, other) for span in spans for other in ranges):
            continue
        taken.append(fix)
        ranges.extend(spans)
    for start, end, new in sorted(ranges, reverse=True):
        text = text[:start] + new + text[end:]
    return text, taken, sorted(ranges)


def _overlaps(a: tuple, b: tuple) -> bool:
    if a[0] == a[1] == b[0] == b[1]:  # two insertions at one place: their order would be a guess
        return True
    return a[0] < b[1] and b[0] < a[1]


def _finding_key(finding: Finding) -> tuple:
    """Where a finding is, for "did a fix add one": a rule's finding at a place that had one
    before (MemorySize 20000 fixed to 10240 now noted as above the reduced quota) is not new."""
    return (finding.rule, finding.resource, finding.path)


def _fix_key(finding: Finding) -> tuple:
    return (*_finding_key(finding), finding.message_id, finding.fix.title)


class Fixer:
    def __init__(self, engine: Engine, unsafe: bool = False, suppress: Callable[[list[Finding]], None] | None = None):
        self.engine = engine
        self.unsafe = unsafe
        self.suppress = suppress  # marks more findings suppressed (a baseline): those are not fixed either

    def _lint(self, data: bytes, file: str, path: Path | None) -> FileResult:
        result = self.engine.lint_bytes(data, file, path)
        if self.suppress is not None:
            self.suppress(result.findings)
        return result

    def fix_bytes(self, data: bytes, file: str, path: Path | None = None) -> FixedFile:
        result = self._lint(data, file, path)
        fixed = FixedFile(path, file, data, data, 0, result, list(result.findings))
        text = _text(data)
        if text is None or not result.is_template or _unparsable(result):
            return fixed
        bom = _BOM if data.startswith(_BOM) else b""
        rejected: set = set()
        for _ in range(MAX_PASSES):
            candidates = [f for f in result.findings if wanted(f, self.unsafe) and _fix_key(f) not in rejected]
            if not candidates:
                break
            fmt = _format(text, file)
            new_text, taken, edited = apply_edits(text, fmt, [f.fix for f in candidates])
            checked = self._check(bom, new_text, file, path, result)
            if checked is None:  # find the culprits: keep the first fix that passes alone
                for finding in candidates:
                    if finding.fix not in taken:
                        continue
                    new_text, _, edited = apply_edits(text, fmt, [finding.fix])
                    checked = self._check(bom, new_text, file, path, result)
                    if checked is not None:
                        taken = [finding.fix]
                        break
                    rejected.add(_fix_key(finding))
                if checked is None:
                    continue
            fixed.passes.append((text, edited, new_text))
            text, result = new_text, checked
            fixed.applied += len(taken)
        fixed.fixed = bom + text.encode("utf-8") if fixed.applied else data
        fixed.result = result
        return fixed

    def _check(self, bom: bytes, text: str, file: str, path: Path | None, before: FileResult) -> FileResult | None:
        """The result of linting ``text``, or None when it does not parse or adds a finding."""
        after = self._lint(bom + text.encode("utf-8"), file, path)
        if _unparsable(after) or not after.is_template:
            return None
        old = Counter(_finding_key(f) for f in before.findings)
        new = Counter(_finding_key(f) for f in after.findings)
        added = new - old
        if _declared_the_sam_transform(before, after):  # Globals now apply: what they hold is checked at last
            added = Counter({key: count for key, count in added.items() if key[2][:1] != ("Globals",)})
        return None if added else after


def _declared_the_sam_transform(before: FileResult, after: FileResult) -> bool:
    """Whether the edit gave the template the SAM Transform it lacked (SL506 before, not after)."""

    def missing(result: FileResult) -> bool:
        return any(f.rule == "SL506" for f in result.findings)

    return missing(before) and not missing(after)


def _unparsable(result: FileResult) -> bool:
    return any(f.rule == ParseFailure.id for f in result.findings)


def _text(data: bytes) -> str | None:
    """UTF-8 text without its BOM; None for any other encoding (left alone)."""
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _format(text: str, file: str) -> str:
    try:
        return parse_text(text, file).format
    except ParseError:  # pragma: no cover - the linted text parsed
        return "yaml"


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permissions."""
    mode = os.stat(path).st_mode & 0o7777
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def fix_paths(
    paths: Iterable[str | os.PathLike],
    settings,
    *,
    unsafe: bool = False,
    write: bool = True,
    suppress: Callable[[list[Finding]], None] | None = None,
) -> list[FixedFile]:
    """Fix the templates under ``paths`` (writing them unless ``write`` is False, for --diff);
    standard input is never fixed; ``suppress`` marks findings not to fix (a baseline's)."""
    from .api import build_engine, display_path, iter_template_files, read_template
    from .engine import PathMemo

    engine = build_engine(settings)
    engine.paths = PathMemo()
    fixer = Fixer(engine, unsafe, suppress)
    root = settings.config_file.parent if settings.config_file else None
    done = []
    for path in iter_template_files(paths, settings.exclude, root):
        if str(path) == "-":
            continue
        file = display_path(path, engine.real_path(path))
        data = read_template(engine, path, file)
        if isinstance(data, FileResult):  # unreadable: the lint that follows reports it
            continue
        fixed = fixer.fix_bytes(data, file, path)
        if write and fixed.changed:
            write_bytes_atomic(path, fixed.fixed)
        done.append(fixed)
    return done
