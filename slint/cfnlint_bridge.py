"""cfn-lint's own checks, run in-process on the templates slint lints and merged into its report.

cfn-lint is imported on first use and its rules are loaded once per process. Its findings become
ordinary slint findings with ids namespaced ``cfn-lint/<id>``, so slint's suppressions (inline
comments, resource Metadata, per-file configuration) apply to them too. Where one of slint's
rules already reported the same problem at the same place, cfn-lint's finding is dropped.

Selectors ``cfn-lint``, ``cfn-lint/W`` or ``cfn-lint/E3012`` in ``select``, ``extend_select``,
``ignore`` and ``severity`` choose among cfn-lint's findings (:class:`CfnLintSelection`); they are
checked for shape only, so cfn-lint is never imported to check them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .core_rules import InternalError
from .findings import Finding, Severity
from .suppressions import selector_matches

PREFIX = "cfn-lint/"
DEFAULT_REGION = "us-east-1"  # cfn-lint needs a region for its specs; slint does not guess one
SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "informational": Severity.INFO}

# cfn-lint checks that one of slint's rules makes too: a cfn-lint finding is dropped when one of
# these slint rules reported on the same line, or on the same property of the same resource.
OVERLAPS: dict[str, tuple[str, ...]] = {
    "E0000": ("SL001", "SL002", "SL003", "SL004"),  # template cannot be parsed / duplicate keys / YAML features
    "E3034": ("SL101",),  # number out of range: Lambda Timeout
    "W1030": ("SL101",),  # a Ref resolves out of range: Lambda Timeout from a parameter
    "E3032": ("SL102",),  # array too long: Lambda Layers
}

_RESOLVED_AT = re.compile(r"resolved at '([^']+)'")  # where W1030/W1031 say the reference lands
_SELECTOR = re.compile(r"cfn-lint(?:/[EWI][0-9]*)?", re.IGNORECASE)  # every cfn-lint rule, a kind, an id prefix or an id


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
    def from_settings(cls, settings) -> "CfnLintSelection":
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
        if self.select is not None and not any(selector_matches(selector, rule_id, rule_id) for selector in self.select):
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


def cfn_lint_findings(template, slint_findings: Iterable[Finding], selection: CfnLintSelection = EVERY_RULE) -> list[Finding]:
    """cfn-lint's findings on ``template`` (a :class:`slint.model.Template`) that ``selection``
    keeps, minus those that repeat one of ``slint_findings``. A failure inside cfn-lint becomes
    one internal-error finding."""
    try:
        matches = _run(template.text, template.region)
    except Exception as exc:  # cfn-lint's bug must not cost the user slint's findings
        message = InternalError.messages["failed"].format(rule="cfn-lint", error=f"{type(exc).__name__}: {exc}")
        return [Finding(InternalError.id, InternalError.name, Severity.ERROR, message, template.filename, 1, 1, 1, 2, None, (), "", "failed")]
    own = list(slint_findings)
    written_at: dict[int, str] = {}  # line -> the first resource written there
    for resource in template.resources.values():
        written_at.setdefault(resource.span[0], resource.logical_id)
    findings = []
    for match in matches:
        finding = _to_finding(match, template, written_at)
        severity = selection.severity_of(finding.rule, finding.severity)
        if severity is not None and not _repeats(finding, match, own):
            finding.severity = severity
            findings.append(finding)
    return findings


def _run(text: str, region: str | None) -> list:
    from cfnlint.config import ConfigMixIn
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner import run_template_by_data

    decoded, errors = decode_str(text)
    if errors:
        return list(errors)
    if decoded is None:
        return []
    region = region if region in _regions() else DEFAULT_REGION
    return list(run_template_by_data(decoded, ConfigMixIn(regions=[region]), _rules()))


def _to_finding(match: Any, template, written_at: dict[int, str]) -> Finding:
    rule = match.rule
    path = tuple(getattr(match, "path", None) or ())
    return Finding(
        PREFIX + rule.id, rule.shortdesc or rule.id, SEVERITIES.get(rule.severity, Severity.WARNING), match.message, template.filename,
        match.linenumber, match.columnnumber, match.linenumberend, match.columnnumberend,
        _resource_of(path, match.linenumber, template, written_at), path, rule.source_url or "", None,
    )  # fmt: skip


def _resource_of(path: tuple, line: int, template, written_at: dict[int, str]) -> str | None:
    """The template's resource a match is about; SAM-generated resources map to the one written
    at the match's line (cfn-lint points there for resources the transform created)."""
    if len(path) >= 2 and path[0] == "Resources" and path[1] in template.resources:
        return path[1]
    return written_at.get(line)


def _repeats(finding: Finding, match: Any, own: list[Finding]) -> bool:
    slint_ids = OVERLAPS.get(match.rule.id)
    if not slint_ids:
        return False
    places = [finding.path] + [tuple(found.split("/")) for found in _RESOLVED_AT.findall(finding.message)]
    for other in own:
        if other.rule not in slint_ids:
            continue
        if other.line == finding.line:
            return True
        for path in places:
            resource = path[1] if len(path) >= 2 and path[0] == "Resources" else finding.resource
            if resource == other.resource and _property_name(path) is not None and _property_name(path) == _property_name(other.path):
                return True
    return False


def _property_name(path: tuple) -> str | None:
    """The innermost named key of a path (list indices skipped): ``Timeout`` in ``Resources.Fn.Properties.Timeout``."""
    for part in reversed(path):
        if isinstance(part, str) and not part.isdigit():
            return part
    return None
