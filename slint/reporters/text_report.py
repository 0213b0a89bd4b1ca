"""Human output: a code frame at each finding, then a summary by severity.

Colour only on a terminal, and never when NO_COLOR is set or --no-color is given."""

from __future__ import annotations

from ..findings import Severity
from ..output import printable, printable_path

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
FRAME_WIDTH = 160  # characters of a line a code frame shows at most
_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def render(
    report,
    *,
    color: bool = False,
    verbose: bool = False,
    quiet: bool = False,
    width: int = 100,
    files: list[str] | None = None,
    fail_level: Severity | None = None,
) -> str:
    """The whole report. ``files`` are the results already rendered by :func:`render_file` with
    the same options (a run renders each file as soon as it is linted), in the report's order.
    ``quiet`` keeps only the findings that fail the run (at or above ``fail_level``, default the
    report's) and drops the summary."""
    paint = _styled if color else _plain
    fail_level = fail_level or report.settings.fail_level
    if files is None:
        files = [
            render_file(result, color=color, verbose=verbose, quiet=quiet, fail_level=fail_level)
            for result in report.results
        ]
    out = list(files)
    if quiet:
        return "".join(out)
    summary = report.summary()
    total = summary["error"] + summary["warning"] + summary["info"]
    if total == 0:
        last = paint(f"No problems found in {summary['templates']} template(s).", "bold green")
    else:
        last = f"{total} problem(s) in {summary['templates']} template(s): "
        for index, severity in enumerate((Severity.ERROR, Severity.WARNING, Severity.INFO)):
            if index:
                last += ", "
            count = summary[severity.value]
            last += paint(f"{count} {severity.value}{'s' if count != 1 else ''}", _STYLES[severity])
    if summary["suppressed"]:
        last += paint(f" ({summary['suppressed']} suppressed)", "dim")
    out.append(last + "\n")
    return "".join(out)


def render_file(
    result,
    *,
    color: bool = False,
    verbose: bool = False,
    quiet: bool = False,
    fail_level: Severity = Severity.ERROR,
    **_options,
) -> str:
    """One file's part of the output: a header and code frame per finding, each followed by a
    blank line. ``quiet``: only the findings at or above ``fail_level``, those that fail the run."""
    paint = _styled if color else _plain
    out: list[str] = []
    if verbose and not result.is_template:
        out.append(paint(f"{printable_path(result.file)}: skipped ({printable(result.note or '')})", "dim"))
    shown = [f for f in result.findings if f.suppressed is None]
    if quiet:
        shown = [f for f in shown if f.severity.rank >= fail_level.rank]
    for finding in shown:  # built as strings directly: thousands of findings render in a blink
        # everything from a template is escaped: no value or file name can start a line or a terminal sequence
        out.append(
            paint(f"{printable_path(finding.file)}:{finding.line}:{finding.column}", "bold") + ": "
            + paint(f"{finding.severity.value} ", _STYLES[finding.severity]) + paint(f"{printable(finding.rule)} ", "bold")
            + paint(f"[{printable(finding.name)}] ", "dim") + printable(finding.message)
        )  # fmt: skip
        frame = code_frame(result.lines, finding)
        out.extend(
            frame if paint is _plain else (line if line.startswith(">") else paint(line, "dim") for line in frame)
        )
        if finding.resource:
            where = f"    in {finding.resource}" + (f" at {'.'.join(map(str, finding.path))}" if finding.path else "")
            out.append(paint(printable(where), "dim"))
        out.append("")
    return "".join(line + "\n" for line in out)


def _plain(text: str, style: str | None) -> str:
    return text


def _styled(text: str, style: str | None) -> str:
    """Text with ANSI styles (what a terminal needs; no rich, no markup)."""
    if not style or not text:
        return text
    return f"\x1b[{';'.join(_ANSI[word] for word in style.split())}m{text}\x1b[0m"


def code_frame(lines: list[str], finding, context: int = 1) -> list[str]:
    """The offending line with a line before and after, and a marker under the offending span.

    A line shows at most FRAME_WIDTH characters, "..." where it is cut; when the column lies
    beyond them, a window around the column (the same window on every line of the frame), so
    output never grows with the column."""
    if not lines or finding.line < 1 or finding.line > len(lines):
        return []
    start = max(1, finding.line - context)
    end = min(len(lines), finding.line + context)
    gutter = len(str(end))
    offending = lines[finding.line - 1]
    first = min(max(finding.column, 1), len(offending) + 1)
    last = finding.end_column if finding.end_line == finding.line and finding.end_column > first else len(offending) + 1
    shown_from_start = last <= FRAME_WIDTH - 2 or first <= FRAME_WIDTH // 2  # the span, or enough of it, fits
    left = 0 if shown_from_start else max(0, min(first - 1 - FRAME_WIDTH // 3, len(offending) - (FRAME_WIDTH - 3)))
    out = []
    for number in range(start, end + 1):
        lead, visible, cut = _cut(lines[number - 1], left)
        out.append(f"{'>' if number == finding.line else ' '} {number:>{gutter}} | {lead}{_shown(visible)}{cut}")
        if number == finding.line:
            caret = len(lead) + len(_shown(visible[: first - 1 - left]))
            span_end = (
                len(lead)
                + len(_shown(visible[: last - 1 - left]))
                + (len(cut) if last - 1 - left > len(visible) else 0)
            )
            width = max(1, span_end - caret)
            out.append(f"  {' ' * gutter} | {' ' * caret}{'^' * width}")
    return out


def _cut(text: str, left: int) -> tuple[str, str, str]:
    """``text`` from ``left``, fitted to FRAME_WIDTH: ("..." or "", the part shown, "..." or "")."""
    lead = "..." if left else ""
    part = text[left:]
    if len(lead) + len(part) <= FRAME_WIDTH:
        return lead, part, ""
    return lead, part[: FRAME_WIDTH - len(lead) - 3], "..."


def _shown(text: str) -> str:
    return printable(text.replace("\t", " "))
