"""Starting clean on an existing repository: ``--add-suppressions`` writes an inline suppression
for every current finding, and a baseline file records findings that are then not reported.

Loaded only when asked for. Inline suppressions are range edits like fixes (slint.fixes): only
comments are added, and a file whose data would change (a comment ending a multi-line plain
scalar) or that is JSON (no comments) keeps its findings."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .core_rules import InternalError, InvalidSuppression, ParseFailure, UnusedSuppression
from .edits import Source
from .engine import Engine, FileResult
from .findings import Finding
from .parser import ParseError, parse_text
from .suppressions import inline_suppressions

NOT_SUPPRESSIBLE = (InternalError.id, ParseFailure.id, UnusedSuppression.id, InvalidSuppression.id)
_BOM = b"\xef\xbb\xbf"


@dataclass
class Suppressed:
    path: Path | None
    file: str
    original: bytes
    updated: bytes
    added: int = 0  # findings newly covered by a comment
    left: list[Finding] = field(default_factory=list)  # findings no comment can cover here

    @property
    def changed(self) -> bool:
        return self.updated != self.original


def suppression_text(rules: Iterable[str], reason: str | None) -> str:
    return f"  # slint: ignore[{', '.join(rules)}]" + (f" reason: {reason}" if reason else "")


def add_suppressions(
    engine: Engine, data: bytes, file: str, path: Path | None = None, reason: str | None = None, suppress=None
) -> Suppressed:
    """``data`` with an inline suppression on the line of each finding the run reports
    (``suppress`` marks findings already covered elsewhere: a baseline's)."""
    outcome = Suppressed(path, file, data, data)
    result = engine.lint_bytes(data, file, path)
    if suppress is not None:
        suppress(result.findings)
    findings = [f for f in result.findings if f.suppressed is None and f.rule not in NOT_SUPPRESSIBLE]
    if not findings or not result.is_template or any(f.rule == ParseFailure.id for f in result.findings):
        return outcome
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
        parsed = parse_text(text, file)
    except (UnicodeDecodeError, ParseError):
        outcome.left = findings
        return outcome
    if parsed.format == "json":  # JSON has no comments: Metadata.slint.ignore or the baseline instead
        outcome.left = findings
        return outcome
    source = Source(text, parsed.format)
    by_line: dict[int, list[Finding]] = {}
    for finding in findings:
        by_line.setdefault(_comment_line(finding, source, result), []).append(finding)
    edits = {}
    for line, on_line in by_line.items():
        edit = _line_edit(source, line, list(dict.fromkeys(f.rule for f in on_line)), file, reason)
        if edit is not None:
            edits[line] = (edit, on_line)
    updated = _apply(text, edits)
    if _data(updated, file) != parsed.root:  # some comment changed a value: keep only those that do not
        kept = {line: item for line, item in edits.items() if _data(_apply(text, {line: item}), file) == parsed.root}
        edits, updated = kept, _apply(text, kept)
    covered = {id(f) for _, on_line in edits.values() for f in on_line}
    outcome.left = [f for f in findings if id(f) not in covered]
    outcome.added = len(covered)
    if edits:
        outcome.updated = (_BOM if data.startswith(_BOM) else b"") + updated.encode("utf-8")
    return outcome


def _comment_line(finding: Finding, source: Source, result: FileResult) -> int:
    """The finding's line, or its resource's when a comment there would fall inside a
    multi-line quoted string (suppressions on a resource's line cover its findings)."""
    line_text = source.line_text(finding.line)
    if finding.end_line > finding.line and line_text[finding.column - 1 : finding.column] in ("'", '"'):
        resource_line = _resource_line(source, finding.resource)
        if resource_line is not None:
            return resource_line
    return finding.line


def _resource_line(source: Source, logical_id: str | None) -> int | None:
    if logical_id is None:
        return None
    try:
        root = parse_text(source.text, "t.yaml").root
    except ParseError:  # pragma: no cover - the text parsed before
        return None
    resources = root.get("Resources") if isinstance(root, dict) else None
    spans = getattr(resources, "key_spans", {})
    return spans[logical_id][0] if logical_id in spans else None


def _line_edit(
    source: Source, line: int, rules: list[str], file: str, reason: str | None
) -> tuple[int, int, str] | None:
    """(start, end, text) adding ``rules`` to the suppression on ``line``, or a new comment at its end."""
    start = source.starts[line - 1]
    line_text = source.line_text(line)
    content = line_text.rstrip("\r\n\x85\u2028\u2029")
    for existing in inline_suppressions(content, file).get(1, ()):
        if existing.selectors is None:
            return None  # "# slint: ignore" covers every rule already
        missing = [rule for rule in rules if rule not in existing.selectors]
        close = content.find("]", existing.column)
        if close < 0:
            return None
        return (start + close, start + close, "".join(f", {rule}" for rule in missing)) if missing else None
    end = start + len(content)
    return (end, end, suppression_text(rules, reason))


def _apply(text: str, edits: dict) -> str:
    for start, end, new in sorted((edit for edit, _ in edits.values()), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _data(text: str, file: str):
    try:
        return parse_text(text, file).root
    except ParseError:
        return None


# -- baseline ---------------------------------------------------------------------------------

BASELINE_VERSION = 1


def baseline_file(file: str, base: Path) -> str:
    """A linted file's name as a baseline records it: relative to the baseline's folder."""
    if file.startswith("<"):  # <stdin>
        return file
    try:
        return Path(os.path.relpath(os.path.abspath(file), base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(file).as_posix()


def baseline_key(finding: Finding, base: Path) -> tuple:
    """What a baseline entry matches: never the line, which moves as the file is edited."""
    return (finding.rule, baseline_file(finding.file, base), finding.resource, tuple(finding.path), finding.message_id)


def write_baseline(findings: Iterable[Finding], path: str | os.PathLike) -> int:
    """Record ``findings`` (one entry a line, so that a stale entry can be pointed at); returns the count."""
    from .output import write_atomic

    base = Path(path).resolve().parent
    counts = Counter(baseline_key(f, base) for f in findings if f.rule not in NOT_SUPPRESSIBLE)
    entries = []
    for (rule, file, resource, property_path, message_id), count in sorted(
        counts.items(), key=lambda item: json.dumps(item[0])
    ):
        entry = {
            "rule": rule,
            "file": file,
            "resource": resource,
            "path": list(property_path),
            "message_id": message_id,
        }
        if count > 1:
            entry["count"] = count
        entries.append(json.dumps(entry))
    body = ",\n".join(f"  {entry}" for entry in entries)
    write_atomic(
        path,
        f'{{"version": {BASELINE_VERSION}, "findings": [\n{body}\n]}}\n'
        if entries
        else f'{{"version": {BASELINE_VERSION}, "findings": []}}\n',
    )
    return sum(counts.values())


@dataclass
class BaselineEntry:
    key: tuple
    count: int
    line: int  # in the baseline file
    used: int = 0


class BaselineError(ValueError):
    pass


def read_baseline(path: str | os.PathLike) -> list[BaselineEntry]:
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {path} is not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    if (
        not isinstance(data, dict)
        or data.get("version") != BASELINE_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise BaselineError(
            f"baseline {path} is not a slint baseline (version {BASELINE_VERSION}); write one with --write-baseline"
        )
    lines = text.splitlines()
    entries = []
    line = 1
    for index, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str) or not isinstance(item.get("file"), str):
            raise BaselineError(f"baseline {path}: entry {index + 1} needs at least 'rule' and 'file'")
        line = next(
            (number for number in range(line, len(lines) + 1) if f'"rule": "{item["rule"]}"' in lines[number - 1]), line
        )
        key = (item["rule"], item["file"], item.get("resource"), tuple(item.get("path") or ()), item.get("message_id"))
        entries.append(BaselineEntry(key, int(item.get("count", 1)), line))
        line += 1
    return entries


def apply_baseline(findings: Iterable[Finding], entries: list[BaselineEntry], path: str | os.PathLike) -> None:
    """Mark the findings a baseline entry records as suppressed ("baseline"), up to its count."""
    base = Path(path).resolve().parent
    by_key = {entry.key: entry for entry in entries}
    for finding in findings:
        if finding.suppressed is not None:
            continue
        entry = by_key.get(baseline_key(finding, base))
        if entry is not None and entry.used < entry.count:
            entry.used += 1
            finding.suppressed = "baseline"


def baseline_suppressor(entries: list[BaselineEntry], path: str | os.PathLike):
    """A function marking one file's findings that the baseline records (for --fix: they are not fixed)."""

    def suppress(findings: list[Finding]) -> None:
        apply_baseline(findings, [BaselineEntry(entry.key, entry.count, entry.line) for entry in entries], path)

    return suppress


def stale_entries(
    entries: list[BaselineEntry], linted_files: Iterable[str], path: str | os.PathLike
) -> list[BaselineEntry]:
    """Entries for files linted in this run that matched fewer findings than they record."""
    base = Path(path).resolve().parent
    linted = {baseline_file(file, base) for file in linted_files}
    return [entry for entry in entries if entry.key[1] in linted and entry.used < entry.count]


def describe_entry(entry: BaselineEntry) -> str:
    rule, file, resource, property_path, message_id = entry.key
    where = ".".join(str(part) for part in property_path) or resource or file
    return f"baseline entry for {rule} ({message_id}) at {where} in {file}"


def apply_baseline_to_report(report, entries: list[BaselineEntry], path: str | os.PathLike) -> None:
    """Suppress what the baseline records; with report_unused_suppressions, report each stale
    entry (SL009) at its line in the baseline file."""
    apply_baseline(report.all_findings, entries, path)
    if not report.settings.report_unused_suppressions:
        return
    unused = next((active for active in report.active_rules if active.rule.id == UnusedSuppression.id), None)
    stale = stale_entries(entries, [result.file for result in report.results if result.is_template], path)
    if unused is None or not stale:
        return
    file = os.fspath(path)
    result = FileResult(
        file, is_template=False, lines=Path(path).read_text(encoding="utf-8").splitlines()
    )  # not counted as a template linted
    for entry in stale:
        result.findings.append(
            unused.finding(
                "unused", {"what": describe_entry(entry)}, file, (entry.line, 1, entry.line, 2), resource=entry.key[2]
            )
        )
    report.results.append(result)


def add_suppressions_to_paths(paths, settings, reason: str | None = None, suppress=None) -> tuple[int, int, int]:
    """Add inline suppressions to the templates under ``paths``; (files changed, findings
    covered, findings left uncovered)."""
    from .api import build_engine, display_path, iter_template_files, read_template
    from .engine import PathMemo
    from .fixes import write_bytes_atomic

    engine = build_engine(settings)
    engine.paths = PathMemo()
    root = settings.config_file.parent if settings.config_file else None
    changed = added = left = 0
    for path in iter_template_files(paths, settings.exclude, root):
        if str(path) == "-":
            continue
        file = display_path(path, engine.real_path(path))
        data = read_template(engine, path, file)
        if isinstance(data, FileResult):
            continue
        outcome = add_suppressions(engine, data, file, path, reason, suppress)
        if outcome.changed:
            write_bytes_atomic(path, outcome.updated)
            changed += 1
        added += outcome.added
        left += len(outcome.left)
    return changed, added, left
