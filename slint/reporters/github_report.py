"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

Escaping follows GitHub's documented rules: ``%``, CR and LF in the message; also ``:`` and ``,``
in properties; before that, every value is made printable (control characters, terminal escapes
and ``##[`` escaped), so a template can neither end an annotation nor smuggle a workflow command
into it. Paths are relative to ``GITHUB_WORKSPACE`` when it is set, so annotations land on the
pull request's files. GitHub shows only 10 annotations of each kind per step, in the order they
are printed: errors go first, then warnings, then notices, and past the cap the findings are
printed as plain log lines, followed by one notice saying how many more there are and where.
:func:`append_step_summary` writes a Markdown job summary, kept under GitHub's 1 MiB."""

from __future__ import annotations

import os
from pathlib import Path

from ..findings import Finding, Severity
from ..output import encoded, printable, printable_path
from ._paths import real_path, relative_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
ANNOTATIONS_PER_KIND = 10  # per step, for each of error, warning and notice (actions/toolkit, problem-matchers.md)
SUMMARY_LIMIT = 1024 * 1024  # bytes GitHub accepts in one step's summary


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report, *, workspace: str | None = None, **_options) -> str:
    root = workspace or os.environ.get("GITHUB_WORKSPACE")
    root_path = real_path(root) if root else None
    shown, hidden = within_cap(by_severity(report.findings))
    lines = [annotation(finding, root_path) for finding in shown]
    if hidden:
        lines += [plain_line(finding, root_path) for finding in hidden]
        lines.append(overflow_notice(hidden))
    return "".join(line + "\n" for line in lines)


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Errors, then warnings, then infos; file order within each (the sort is stable)."""
    return sorted(findings, key=lambda finding: -finding.severity.rank)


def within_cap(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings GitHub will show as annotations, and the rest. When some are left over, one
    notice slot is kept for :func:`overflow_notice`."""
    counts = {severity: 0 for severity in COMMANDS}
    for finding in findings:
        counts[finding.severity] += 1
    caps = {severity: ANNOTATIONS_PER_KIND for severity in COMMANDS}
    if any(count > ANNOTATIONS_PER_KIND for count in counts.values()):
        caps[Severity.INFO] = ANNOTATIONS_PER_KIND - 1
    shown, hidden = [], []
    for finding in findings:
        if caps[finding.severity] > 0:
            caps[finding.severity] -= 1
            shown.append(finding)
        else:
            hidden.append(finding)
    return shown, hidden


def plain_line(finding: Finding, workspace: Path | None = None) -> str:
    file = (relative_path(finding.file, workspace) if workspace else None) or finding.file
    message = printable(finding.message)  # a plain line too must not become a workflow command
    return f"{printable_path(file)}:{finding.line}:{finding.column}: {finding.severity.value} {finding.rule} [{finding.name}] {message}"


def overflow_notice(hidden: list[Finding]) -> str:
    counts = {severity: sum(1 for finding in hidden if finding.severity is severity) for severity in COMMANDS}
    kinds = ", ".join(f"{count} {severity.value}" for severity, count in counts.items() if count)
    message = (
        f"{len(hidden)} more finding(s) ({kinds}) are not shown as annotations: GitHub shows {ANNOTATIONS_PER_KIND} errors, "
        f"{ANNOTATIONS_PER_KIND} warnings and {ANNOTATIONS_PER_KIND} notices per step. Every finding is in this step's log "
        "and the job summary, and in the SARIF report when one is written."
    )
    return f"::notice title={escape_property('slint: more findings than annotations')}::{escape_data(message)}"


def annotation(finding: Finding, workspace: Path | None = None) -> str:
    file = (relative_path(finding.file, workspace) if workspace else None) or finding.file
    properties = {
        "file": printable(file),
        "line": finding.line,
        "endLine": max(finding.end_line, finding.line),
        "col": finding.column,
        "endColumn": finding.end_column,
        "title": printable(f"{finding.rule} ({finding.name})"),
    }
    if properties["endLine"] != finding.line:
        del properties["endColumn"]  # GitHub only honours columns on single-line annotations
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = printable(finding.message)
    if finding.resource:
        message += f"\nResource: {printable(finding.resource)}"
    if finding.source_url:
        message += f"\nSee {printable(finding.source_url)}"
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def step_summary(report, limit: int = SUMMARY_LIMIT) -> str:
    """A Markdown summary for the job page: totals, then a table of the findings (errors first),
    cut to ``limit`` bytes with a line saying how many findings were left out."""
    summary = report.summary()
    head = "\n".join([
        "## slint",
        "",
        f"{summary['templates']} template(s): **{summary['error']} error(s)**, {summary['warning']} warning(s), "
        f"{summary['info']} info, {summary['suppressed']} suppressed.",
        "",
        "",
    ])  # fmt: skip
    if len(head.encode("utf-8")) > limit:
        return ""
    if not report.findings:
        return head
    lines = ["| Severity | Rule | Location | Resource | Message |", "|---|---|---|---|---|"]
    findings = by_severity(report.findings)
    tail_room = 300  # for the table's end and the "left out" line
    used = len(head.encode("utf-8")) + sum(len(line.encode("utf-8")) + 1 for line in lines) + tail_room
    listed = 0
    for finding in findings:
        cells = [
            finding.severity.value,
            f"{finding.rule} {finding.name}",
            f"{finding.file}:{finding.line}",
            finding.resource or "",
            finding.message,
        ]
        row = "| " + " | ".join(cell.replace("|", "\\|").replace("\r", " ").replace("\n", " ") for cell in cells) + " |"
        size = len(row.encode("utf-8")) + 1
        if used + size > limit:
            break
        lines.append(row)
        used += size
        listed += 1
    if listed < len(findings):
        lines += [
            "",
            f"{len(findings) - listed} more finding(s) not listed: a step summary holds at most 1 MiB. The step's log has them all.",
        ]
    return head + "\n".join(lines) + "\n\n"


def append_step_summary(report, path: str | os.PathLike | None = None) -> None:
    """Append the summary to ``GITHUB_STEP_SUMMARY`` (or ``path``) in one write, so concurrent
    steps appending to the same file cannot interleave inside it; what the step wrote before
    counts towards GitHub's 1 MiB."""
    target = path or os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        written = os.path.getsize(target)
    except OSError:
        written = 0
    data = encoded(step_summary(report, max(SUMMARY_LIMIT - written, 0)))
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
