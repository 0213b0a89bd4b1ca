"""Suppressions: resource Metadata, inline comments, and per-file configuration.

Suppressed findings are kept (marked with how they were suppressed) so that SARIF can list
them; reporters for people leave them out, and they never change the exit code."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Iterable

from .findings import Finding

_INLINE = re.compile(r"#\s*slint:\s*ignore(?:\[([^\]]*)\])?")


@dataclass
class Suppression:
    kind: str  # "comment" | "metadata" | "config"
    selectors: tuple[str, ...] | None  # None: every rule
    file: str
    line: int
    column: int = 1
    resource: str | None = None
    used: bool = field(default=False)

    def matches(self, finding: Finding) -> bool:
        if self.selectors is None:
            return True
        return any(selector_matches(selector, finding.rule, finding.name) for selector in self.selectors)

    def describe(self) -> str:
        what = ", ".join(self.selectors) if self.selectors else "all rules"
        return f"{self.kind} suppression of {what}"


def selector_matches(selector: str, rule_id: str, rule_name: str) -> bool:
    selector = selector.strip()
    return bool(selector) and (selector == rule_name or rule_id == selector or rule_id.upper().startswith(selector.upper()))


def inline_suppressions(text: str, file: str, literal_spans: Iterable[tuple] = ()) -> dict[int, list[Suppression]]:
    """``# slint: ignore[SL101, lambda-layers-max]`` (or ``# slint: ignore`` for every rule), by line.

    Only comments count: the same text inside a value (a ``Description`` that documents the
    syntax, any JSON string) lies within one of ``literal_spans`` (from the parser) and is skipped."""
    found: dict[int, list[Suppression]] = {}
    if "slint:" not in text:
        return found
    literal_spans = list(literal_spans)
    for number, line in enumerate(text.splitlines(), 1):
        if "slint:" not in line:
            continue
        for match in _INLINE.finditer(line):
            if any(_within(span, number, match.start() + 1) for span in literal_spans):
                continue
            ids = match.group(1)
            selectors = tuple(s.strip() for s in ids.split(",") if s.strip()) if ids is not None else None
            found.setdefault(number, []).append(Suppression("comment", selectors, file, number, match.start() + 1))
    return found


def _within(span: tuple, line: int, column: int) -> bool:
    return (span[0], span[1]) <= (line, column) < (span[2], span[3])


def metadata_suppressions(resources: Iterable, file: str) -> dict[str, list[Suppression]]:
    """``Metadata: {slint: {ignore: [SL101]}}`` on a resource, by logical id."""
    found: dict[str, list[Suppression]] = {}
    for resource in resources:
        slint_meta = resource.metadata.get("slint")
        if not isinstance(slint_meta, dict):
            continue
        ignore = slint_meta.get("ignore")
        if isinstance(ignore, str):
            ignore = [ignore]
        if not isinstance(ignore, list):
            continue
        selectors = tuple(str(item) for item in ignore)
        span = getattr(slint_meta, "span", resource.span)
        found.setdefault(resource.logical_id, []).append(Suppression("metadata", selectors, file, span[0], span[1], resource.logical_id))
    return found


def config_suppressions(per_file_ignores: dict, file: str) -> list[Suppression]:
    found = []
    normalized = file.replace("\\", "/")
    for pattern, selectors in per_file_ignores.items():
        if fnmatch.fnmatch(normalized, pattern) or fnmatch.fnmatch(normalized.rsplit("/", 1)[-1], pattern) or fnmatch.fnmatch(normalized, "*/" + pattern):
            found.append(Suppression("config", tuple(selectors), file, 1, 1))
    return found


def apply_suppressions(findings: list[Finding], *, comments: dict[int, list[Suppression]], metadata: dict[str, list[Suppression]], config: list[Suppression], resource_lines: dict[str, int]) -> None:
    """Mark findings as suppressed (in place) and mark each suppression that matched as used."""
    for finding in findings:
        candidates: list[Suppression] = list(config)
        candidates.extend(comments.get(finding.line, ()))
        if finding.resource:
            candidates.extend(metadata.get(finding.resource, ()))
            resource_line = resource_lines.get(finding.resource)
            if resource_line is not None and resource_line != finding.line:
                candidates.extend(comments.get(resource_line, ()))
        for suppression in candidates:
            if suppression.matches(finding):
                suppression.used = True
                if finding.suppressed is None:
                    finding.suppressed = suppression.kind
