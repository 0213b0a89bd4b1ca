"""Suppressions: resource Metadata, inline comments, and per-file configuration.

Suppressed findings are kept (marked with how they were suppressed) so that SARIF can list
them; reporters for people leave them out, and they never change the exit code."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .nodes import NO_SPAN, child_span

_INLINE = re.compile(r"#\s*slint:\s*ignore(?:\[([^\]]*)\])?(?:\s*reason:\s*([^#]*[^#\s]))?")


@dataclass
class Suppression:
    kind: str  # "comment" | "metadata" | "config"
    selectors: tuple[str, ...] | None  # None: every rule
    file: str
    line: int
    column: int = 1
    resource: str | None = None
    used: bool = field(default=False)
    selector_spans: tuple[tuple[int, int], ...] = ()  # (line, column) of each selector where it was written
    reason: str | None = None  # why, as written after "reason:" (inline) or under Metadata.slint.reason

    def located_selectors(self) -> list[tuple[str, int, int]]:
        """Each selector with the line and column it was written at (else the suppression's)."""
        spans = self.selector_spans if len(self.selector_spans) == len(self.selectors or ()) else ()
        return [
            (selector, *(spans[index] if spans else (self.line, self.column)))
            for index, selector in enumerate(self.selectors or ())
        ]

    def matches(self, finding: Finding, renamed: Mapping[str, str] | None = None) -> bool:
        """``renamed`` maps a rule's former names to its name, so old suppressions keep working."""
        if self.selectors is None:
            return True
        renamed = renamed or {}
        return any(
            selector_matches(renamed.get(selector, selector), finding.rule, finding.name) for selector in self.selectors
        )

    def describe(self) -> str:
        what = ", ".join(self.selectors) if self.selectors else "all rules"
        return f"{self.kind} suppression of {what}"


def selector_matches(selector: str, rule_id: str, rule_name: str) -> bool:
    selector = selector.strip()
    return bool(selector) and (
        selector == rule_name or rule_id == selector or rule_id.upper().startswith(selector.upper())
    )


def inline_suppressions(text: str, file: str, literal_spans: Iterable[tuple] = ()) -> dict[int, list[Suppression]]:
    """``# slint: ignore[SL101, lambda-too-many-layers]`` (or ``# slint: ignore`` for every rule), optionally followed by ``reason: why``, by line.

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
            selectors: tuple[str, ...] | None = None
            spans = []
            if ids is not None:
                selectors = ()
                offset = match.start(1)
                for part in ids.split(","):
                    if part.strip():
                        selectors += (part.strip(),)
                        spans.append((number, offset + len(part) - len(part.lstrip()) + 1))
                    offset += len(part) + 1
            reason = match.group(2)
            found.setdefault(number, []).append(
                Suppression(
                    "comment",
                    selectors,
                    file,
                    number,
                    match.start() + 1,
                    selector_spans=tuple(spans),
                    reason=reason.strip() if reason else None,
                )
            )
    return found


METADATA_KEYS = ("ignore", "reason")  # what Metadata.slint may hold


def _within(span: tuple, line: int, column: int) -> bool:
    return (span[0], span[1]) <= (line, column) < (span[2], span[3])


def metadata_suppressions(resources: Iterable, file: str) -> dict[str, list[Suppression]]:
    """``Metadata: {slint: {ignore: [SL101]}}`` on a resource, by logical id."""
    found: dict[str, list[Suppression]] = {}
    for resource in resources:
        suppression = _metadata_suppression(resource.metadata, file, resource.span, resource.logical_id)
        if suppression is not None:
            found.setdefault(resource.logical_id, []).append(suppression)
    return found


def template_suppressions(root: Any, file: str) -> list[Suppression]:
    """The template's own ``Metadata: {slint: {ignore: [...]}}``: it applies to every finding."""
    metadata = root.get("Metadata") if isinstance(root, dict) else None
    suppression = _metadata_suppression(metadata, file, (1, 1), None)
    return [suppression] if suppression is not None else []


def _metadata_suppression(metadata: Any, file: str, fallback_span: tuple, resource: str | None) -> Suppression | None:
    slint_meta = metadata.get("slint") if isinstance(metadata, dict) else None
    if not isinstance(slint_meta, dict):
        return None
    ignore = slint_meta.get("ignore")
    spans = [child_span(slint_meta, "ignore")]
    if isinstance(ignore, str):
        ignore = [ignore]
    elif isinstance(ignore, list):
        spans = [child_span(ignore, index) for index in range(len(ignore))]
    else:
        return None
    span = getattr(slint_meta, "span", fallback_span)
    located = tuple(item_span[:2] for item_span in spans) if all(s is not NO_SPAN for s in spans) else ()
    reason = slint_meta.get("reason")
    reason = str(reason).strip() if isinstance(reason, (str, int, float)) and str(reason).strip() else None
    return Suppression(
        "metadata",
        tuple(str(item) for item in ignore),
        file,
        span[0],
        span[1],
        resource,
        selector_spans=located,
        reason=reason,
    )


def unknown_metadata_keys(metadatas: Iterable[tuple[str | None, Any]]) -> list[tuple[str, tuple, str | None]]:
    """(key, span, logical id) of each key under ``Metadata.slint`` that slint does not know,
    given (logical id or None for the template, Metadata) pairs."""
    found = []
    for owner, metadata in metadatas:
        slint_meta = metadata.get("slint") if isinstance(metadata, dict) else None
        if isinstance(slint_meta, dict):
            spans = getattr(slint_meta, "key_spans", {})
            found.extend((str(key), spans.get(key, (1, 1)), owner) for key in slint_meta if key not in METADATA_KEYS)
    return found


def config_suppressions(per_file_ignores: dict, file: str) -> list[Suppression]:
    found = []
    normalized = file.replace("\\", "/")
    for pattern, selectors in per_file_ignores.items():
        if (
            fnmatch.fnmatch(normalized, pattern)
            or fnmatch.fnmatch(normalized.rsplit("/", 1)[-1], pattern)
            or fnmatch.fnmatch(normalized, "*/" + pattern)
        ):
            found.append(Suppression("config", tuple(selectors), file, 1, 1))
    return found


def apply_suppressions(
    findings: list[Finding],
    *,
    comments: dict[int, list[Suppression]],
    metadata: dict[str, list[Suppression]],
    config: list[Suppression],
    resource_lines: dict[str, int],
    renamed: Mapping[str, str] | None = None,
) -> None:
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
            if suppression.matches(finding, renamed):
                suppression.used = True
                if finding.suppressed is None:
                    finding.suppressed = suppression.kind
