"""Human output: a code frame at each finding, then a summary by severity.

Colour only on a terminal, and never when NO_COLOR is set or --no-color is given."""

from __future__ import annotations

import io

from ..findings import Severity

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}


def render(report, *, color: bool = False, verbose: bool = False, quiet: bool = False, width: int = 100) -> str:
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, color_system="standard" if color else None, width=width, highlight=False, soft_wrap=True)
    for result in report.results:
        if verbose and not result.is_template:
            console.print(Text(f"{result.file}: skipped ({result.note})", style="dim"))
        shown = [f for f in result.findings if f.suppressed is None]
        if quiet:
            shown = [f for f in shown if f.severity is Severity.ERROR]
        for finding in shown:
            header = Text()
            header.append(f"{finding.file}:{finding.line}:{finding.column}", style="bold")
            header.append(": ")
            header.append(f"{finding.severity.value} ", style=_STYLES[finding.severity])
            header.append(f"{finding.rule} ", style="bold")
            header.append(f"[{finding.name}] ", style="dim")
            header.append(finding.message)
            console.print(header)
            for line in code_frame(result.lines, finding):
                console.print(line, style="dim" if not line.startswith(">") else None)
            if finding.resource:
                console.print(Text(f"    in {finding.resource}" + (f" at {'.'.join(str(p) for p in finding.path)}" if finding.path else ""), style="dim"))
            console.print()
    summary = report.summary()
    line = Text()
    total = summary["error"] + summary["warning"] + summary["info"]
    if total == 0:
        line.append(f"No problems found in {summary['templates']} template(s).", style="bold green")
    else:
        line.append(f"{total} problem(s) in {summary['templates']} template(s): ")
        parts = []
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            parts.append((f"{summary[severity.value]} {severity.value}{'s' if summary[severity.value] != 1 else ''}", _STYLES[severity]))
        for index, (text, style) in enumerate(parts):
            if index:
                line.append(", ")
            line.append(text, style=style)
    if summary["suppressed"]:
        line.append(f" ({summary['suppressed']} suppressed)", style="dim")
    console.print(line)
    return buffer.getvalue()


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
