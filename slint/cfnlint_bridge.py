"""cfn-lint's own checks, run in-process on the templates slint lints and merged into its report.

cfn-lint is imported on first use and its rules are loaded once per process. Its findings become
ordinary slint findings with ids namespaced ``cfn-lint/<id>``, so slint's suppressions (inline
comments, resource Metadata, per-file configuration) apply to them too. A cfn-lint finding on
the same resource and property path as one of slint's is dropped, whichever rules made them: the
user sees slint's, which says more (Globals provenance, parameter source), and no table of rule
ids has to follow cfn-lint's renumbering (E3034 became E3717 for Lambda Timeout).

Selectors ``cfn-lint``, ``cfn-lint/W`` or ``cfn-lint/E3012`` in ``select``, ``extend_select``,
``ignore`` and ``severity`` choose among cfn-lint's findings (:class:`CfnLintSelection`); they are
checked for shape only, so cfn-lint is never imported to check them.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .findings import Finding, Severity
from .suppressions import selector_matches

PREFIX = "cfn-lint/"
DEFAULT_REGION = "us-east-1"  # cfn-lint needs a region for its specs; slint does not guess one
SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "informational": Severity.INFO}

_RESOLVED_AT = re.compile(r"resolved at '([^']+)'")  # where W1030/W1031 say the reference lands
_SELECTOR = re.compile(
    r"cfn-lint(?:/[EWI][0-9]*)?", re.IGNORECASE
)  # every cfn-lint rule, a kind, an id prefix or an id


def names_cfn_lint(selector: str) -> bool:
    """Whether a selector is about cfn-lint's rules (``cfn-lint`` or ``cfn-lint/...``), well formed or not."""
    return selector.split("/", 1)[0].lower() == PREFIX.rstrip("/")


def is_cfn_lint_selector(selector: str) -> bool:
    return _SELECTOR.fullmatch(selector) is not None


@dataclass(frozen=True)
class CfnLintSelection:
    """Which of cfn-lint's findings a run keeps, and at what severity. Without a cfn-lint
    selector in ``select`` every cfn-lint rule is selected (``--cfn-lint`` turned them on)."""

    select: tuple[str, ...] | None  # None: every rule
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (selector, level), the last match wins as for slint's rules

    @classmethod
    def from_settings(cls, settings) -> CfnLintSelection:
        def own(selectors: Iterable[str]) -> tuple[str, ...]:
            return tuple(selector for selector in selectors if names_cfn_lint(selector))

        select = own(settings.select)
        return cls(
            select + own(settings.extend_select) if select else None,
            own(settings.ignore),
            tuple((selector, level) for selector, level in settings.severity.items() if names_cfn_lint(selector)),
        )

    def severity_of(self, rule_id: str, default: Severity) -> Severity | None:
        """The severity of a cfn-lint rule's findings (``cfn-lint/E3012``), or None when it is not selected."""
        if self.select is not None and not any(
            selector_matches(selector, rule_id, rule_id) for selector in self.select
        ):
            return None
        if any(selector_matches(selector, rule_id, rule_id) for selector in self.ignore):
            return None
        level = None
        for selector, configured in self.severity:
            if selector_matches(selector, rule_id, rule_id):
                level = configured
        if level == "off":
            return None
        return Severity.parse(level) if level else default


EVERY_RULE = CfnLintSelection(None)


@functools.cache
def _rules():
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn(regions=[DEFAULT_REGION])).rules


@functools.cache
def _regions() -> frozenset[str]:
    from cfnlint.helpers import REGIONS

    return frozenset(REGIONS)


def describe_rule(rule_id: str) -> str | None:
    """cfn-lint's description of one of its rules (``cfn-lint/E3002``); None for other ids, or
    when cfn-lint cannot be loaded."""
    if not rule_id.startswith(PREFIX):
        return None
    try:
        rule = _rules().get(rule_id.removeprefix(PREFIX))
    except Exception:  # a report must render even when cfn-lint is broken or absent
        return None
    return (rule.description or None) if rule is not None else None


def cfn_lint_findings(
    template, slint_findings: Iterable[Finding], selection: CfnLintSelection = EVERY_RULE
) -> list[Finding]:
    """cfn-lint's findings on ``template`` (a :class:`slint.model.Template`) that ``selection``
    keeps, minus those that repeat one of ``slint_findings``. A failure inside cfn-lint is raised
    for the engine to report as an internal error."""
    matches = _run(template.text, template.region)
    own_places = _places(slint_findings)
    written_at: dict[int, str] = {}  # line -> the first resource written there
    for resource in template.resources.values():
        written_at.setdefault(resource.span[0], resource.logical_id)
    findings = []
    for match in matches:
        finding = _to_finding(match, template, written_at)
        severity = selection.severity_of(finding.rule, finding.severity)
        if severity is not None and not _repeats(finding, own_places):
            finding.severity = severity
            findings.append(finding)
    return findings


def _run(text: str, region: str | None) -> list:
    from cfnlint.api import lint  # its public API, the same from 1.20 to today (run_template_by_data is absent in 1.35)

    saved = os.environ.copy()
    try:
        return lint(text, _rules(), [region if region in _regions() else DEFAULT_REGION])
    finally:  # cfn-lint 1.20 sets AWS_DEFAULT_REGION for its SAM transform, which would become the next template's region
        if os.environ != saved:
            os.environ.clear()
            os.environ.update(saved)


def _to_finding(match: Any, template, written_at: dict[int, str]) -> Finding:
    rule = match.rule
    # plain str and int: cfn-lint's path keys are its own str subclass, made in a function, which
    # pickle cannot send back from a --jobs worker (the worker died and the file was linted again)
    path = tuple(_plain(part) for part in getattr(match, "path", None) or ())
    resource = _resource_of(path, match.linenumber, template, written_at)
    return Finding(
        PREFIX + str(rule.id), str(rule.shortdesc or rule.id), SEVERITIES.get(rule.severity, Severity.WARNING), str(match.message), template.filename,
        int(match.linenumber), int(match.columnnumber), int(match.linenumberend), int(match.columnnumberend),
        None if resource is None else str(resource), path, str(rule.source_url or ""), None,
    )  # fmt: skip


def _plain(part: Any) -> str | int:
    return int(part) if isinstance(part, int) and not isinstance(part, bool) else str(part)


def _resource_of(path: tuple, line: int, template, written_at: dict[int, str]) -> str | None:
    """The template's resource a match is about; SAM-generated resources map to the one written
    at the match's line (cfn-lint points there for resources the transform created)."""
    if len(path) >= 2 and path[0] == "Resources" and path[1] in template.resources:
        return path[1]
    return written_at.get(line)


def _repeats(finding: Finding, own_places: set) -> bool:
    """Whether one of slint's findings is on the same resource and property path as ``finding``
    (or as a place its message says a reference resolves at); a finding without a path (cfn-lint
    could not decode the template) repeats one of slint's on the same line."""
    if not finding.path:
        return ("line", finding.line) in own_places
    places = [finding.path] + [tuple(found.split("/")) for found in _RESOLVED_AT.findall(finding.message)]
    return any(place[1] and place in own_places for place in (_place(finding.resource, path) for path in places))


def _place(resource: str | None, path: tuple) -> tuple:
    """(resource, path within it): ``Resources.Fn.Properties.Timeout`` and SAM's
    ``Globals.Function.Timeout`` (as applied to Fn) are both ``(Fn, ("Properties", "Timeout"))``.
    A place with an empty path within (the resource as a whole) never counts as a repeat: two
    findings about a whole resource are rarely about the same problem."""
    if len(path) >= 2 and path[0] == "Resources":
        return (path[1], tuple(str(part) for part in path[2:]))
    if len(path) >= 2 and path[0] == "Globals":
        return (resource, ("Properties",) + tuple(str(part) for part in path[2:]))
    return (resource, tuple(str(part) for part in path))


def _places(findings: Iterable[Finding]) -> set:
    places = set()
    for finding in findings:
        places.add(("line", finding.line))
        if finding.path:
            places.add(_place(finding.resource, finding.path))
    return places
