"""Human output: a code frame at each finding, then a summary by severity.

Colour only on a terminal, and never when NO_COLOR is set or --no-color is given."""

from __future__ import annotations

from ..findings import Severity

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}

Line = list[tuple[str, str | None]]  # (text, style) pieces of one output line


def render(report, *, color: bool = False, verbose: bool = False, quiet: bool = False, width: int = 100) -> str:
    lines: list[Line] = []
    for result in report.results:
        if verbose and not result.is_template:
            lines.append([(f"{result.file}: skipped ({result.note})", "dim")])
        shown = [f for f in result.findings if f.suppressed is None]
        if quiet:
            shown = [f for f in shown if f.severity is Severity.ERROR]
        for finding in shown:
            lines.append([
                (f"{finding.file}:{finding.line}:{finding.column}", "bold"), (": ", None),
                (f"{finding.severity.value} ", _STYLES[finding.severity]), (f"{finding.rule} ", "bold"),
                (f"[{finding.name}] ", "dim"), (finding.message, None),
            ])  # fmt: skip
            for line in code_frame(result.lines, finding):
                lines.append([(line, "dim" if not line.startswith(">") else None)])
            if finding.resource:
                lines.append([(f"    in {finding.resource}" + (f" at {'.'.join(str(p) for p in finding.path)}" if finding.path else ""), "dim")])
            lines.append([])
    summary = report.summary()
    total = summary["error"] + summary["warning"] + summary["info"]
    last: Line = []
    if total == 0:
        last.append((f"No problems found in {summary['templates']} template(s).", "bold green"))
    else:
        last.append((f"{total} problem(s) in {summary['templates']} template(s): ", None))
        for index, severity in enumerate((Severity.ERROR, Severity.WARNING, Severity.INFO)):
            if index:
                last.append((", ", None))
            count = summary[severity.value]
            last.append((f"{count} {severity.value}{'s' if count != 1 else ''}", _STYLES[severity]))
    if summary["suppressed"]:
        last.append((f" ({summary['suppressed']} suppressed)", "dim"))
    lines.append(last)
    return "".join(_paint(line, color) + "\n" for line in lines)


def _paint(line: Line, color: bool) -> str:
    """One line as plain text, or with ANSI styles (what a terminal needs; no rich, no markup)."""
    if not color:
        return "".join(text for text, _ in line)
    out = []
    for text, style in line:
        if style and text:
            codes = ";".join(_ANSI[word] for word in style.split())
            out.append(f"\x1b[{codes}m{text}\x1b[0m")
        else:
            out.append(text)
    return "".join(out)


def code_frame(lines: list[str], finding, context: int = 1) -> list[str]:
    """The offending line with a line before and after, and a marker under the offending span."""
    if not lines or finding.line < 1 or finding.line > len(lines):
        return []
    start = max(1, finding.line - context)
    end = min(len(lines), finding.line + context)
    gutter = len(str(end))
    out = []
    for number in range(start, end + 1):
        text = lines[number - 1].replace("\t", " ")
        if len(text) > 160:
            text = text[:157] + "..."
        marker = ">" if number == finding.line else " "
        out.append(f"{marker} {number:>{gutter}} | {text}")
        if number == finding.line:
            first = finding.column
            last = finding.end_column if finding.end_line == finding.line and finding.end_column > finding.column else len(text) + 1
            last = min(last, len(text) + 1)
            width = max(1, last - first)
            out.append(f"  {' ' * gutter} | {' ' * (first - 1)}{'^' * width}")
    return out
