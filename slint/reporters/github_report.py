"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

Escaping follows GitHub's documented rules: ``%``, CR and LF in the message; also ``:`` and ``,``
in properties; before that, every value is made printable (control characters, terminal escapes
and ``##[`` escaped), so a template can neither end an annotation nor smuggle a workflow command
into it. Paths are relative to ``GITHUB_WORKSPACE`` when it is set, so annotations land on the
pull request's files. :func:`append_step_summary` writes a Markdown job summary."""

from __future__ import annotations

import os
from pathlib import Path

from ..findings import Finding, Severity
from ..output import encoded, printable
from ._paths import real_path, relative_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report, *, workspace: str | None = None, **_options) -> str:
    root = workspace or os.environ.get("GITHUB_WORKSPACE")
    root_path = real_path(root) if root else None
    return "".join(annotation(finding, root_path) + "\n" for finding in report.findings)


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


def step_summary(report) -> str:
    """A Markdown summary for the job page: totals, then a table of the findings."""
    summary = report.summary()
    lines = [
        "## slint",
        "",
        f"{summary['templates']} template(s): **{summary['error']} error(s)**, {summary['warning']} warning(s), "
        f"{summary['info']} info, {summary['suppressed']} suppressed.",
        "",
    ]
    if report.findings:
        lines += ["| Severity | Rule | Location | Resource | Message |", "|---|---|---|---|---|"]
        for finding in report.findings:
            cells = [finding.severity.value, f"{finding.rule} {finding.name}", f"{finding.file}:{finding.line}", finding.resource or "", finding.message]
            lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


def append_step_summary(report, path: str | os.PathLike | None = None) -> None:
    """Append the summary to ``GITHUB_STEP_SUMMARY`` (or ``path``) in one write, so concurrent
    steps appending to the same file cannot interleave inside it."""
    target = path or os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    data = encoded(step_summary(report))
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
