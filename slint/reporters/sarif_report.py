"""SARIF 2.1.0, the format GitHub code scanning (and most security dashboards) read.

Paths are relative to the repository root (``%SRCROOT%``); fingerprints hash what a finding is
about (rule, file, resource, property path, message id), never its line, so a finding keeps its
identity when unrelated lines move. Suppressed findings are listed with ``suppressions``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from ..findings import Finding, Severity
from ..rule import severity_of
from ._paths import real_path, relative_path, repository_root

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT_BASE_ID = "%SRCROOT%"
FINGERPRINT_KEY = "slint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SUPPRESSION_KINDS = {"comment": "inSource", "metadata": "inSource", "config": "external"}
MAX_FULL_DESCRIPTION = 1024  # characters GitHub code scanning accepts in a rule's fullDescription


def render(report, *, root: str | Path | None = None, **_options) -> str:
    return json.dumps(to_document(report, real_path(root) if root else repository_root()), indent=2) + "\n"


def to_document(report, root: Path) -> dict:
    from ..version import __version__

    descriptors = rule_descriptors(report)
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    fingerprints = FingerprintCounter()
    results = []
    for finding in report.all_findings:
        uri = relative_path(finding.file, root)
        results.append(result_for(finding, uri, index.get(finding.rule), fingerprints))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "slint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {ROOT_BASE_ID: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "results": results,
            }
        ],
    }


def rule_descriptors(report) -> list[dict]:
    """Every rule that ran (with its configured level, and each message's own when it differs),
    then cfn-lint rules that reported something."""
    descriptors = []
    for active in report.active_rules:
        rule = active.rule
        docs = rule.docs()
        descriptor = {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary() or rule.name},
            "fullDescription": {
                "text": within(
                    " ".join(docs.get("What it does", rule.summary()).split()) or rule.name, MAX_FULL_DESCRIPTION
                )
            },
            "help": {"text": help_text(docs), "markdown": help_text(docs)},
            "defaultConfiguration": {"level": LEVELS[active.severity]},
        }
        if rule.source_url:
            descriptor["helpUri"] = rule.source_url
        descriptor["messageStrings"] = {message_id: {"text": str(text)} for message_id, text in rule.messages.items()}
        for message_id, strings in descriptor["messageStrings"].items():
            level = LEVELS[active.severity if active.configured else severity_of(rule, message_id)]
            if level != LEVELS[active.severity]:  # this message's findings have their own level
                strings["properties"] = {"level": level}
        descriptors.append(descriptor)
    known = {descriptor["id"] for descriptor in descriptors}
    for finding in report.all_findings:
        if finding.rule not in known:
            known.add(finding.rule)
            descriptors.append(foreign_descriptor(finding))
    return descriptors


def within(text: str, limit: int) -> str:
    """``text`` cut after its last whole sentence that fits in ``limit`` characters (the whole
    text stays in ``help``), or at a word with an ellipsis when not even one sentence fits."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind(".\n"))
    if end > 0:
        return head[: end + 1]
    return head[: limit - 1].rsplit(" ", 1)[0] + "…"


def help_text(docs: dict[str, str]) -> str:
    return "\n\n".join(f"## {title}\n{body}" for title, body in docs.items()) or "(no documentation)"


def foreign_descriptor(finding: Finding) -> dict:
    """A rule slint does not own (cfn-lint's): described by cfn-lint's own description when it
    has one, else by the finding it produced."""
    from ..cfnlint_bridge import describe_rule

    description = describe_rule(finding.rule) or finding.name
    help_lines = [description] + ([f"See {finding.source_url}"] if finding.source_url else [])
    descriptor = {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "fullDescription": {"text": within(description, MAX_FULL_DESCRIPTION)},
        "help": {"text": "\n\n".join(help_lines), "markdown": "\n\n".join(help_lines)},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }
    if finding.source_url:
        descriptor["helpUri"] = finding.source_url
    return descriptor


class FingerprintCounter:
    """Hashes a finding's identity; a second finding with the same identity gets ``:2`` appended."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, finding: Finding, uri: str) -> str:
        identity = "\0".join(
            [
                finding.rule,
                uri,
                finding.resource or "",
                "/".join(str(p) for p in finding.path),
                finding.message_id or finding.message,
            ]
        )
        digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[
            :32
        ]  # any string, same digest as before for valid text
        count = self.seen[digest] = self.seen.get(digest, 0) + 1
        return digest if count == 1 else f"{digest}:{count}"


def _quote(uri: str) -> str:
    try:
        return quote(uri, errors="surrogateescape")  # a file name that is not UTF-8: its own bytes
    except UnicodeEncodeError:  # a lone surrogate from a JSON string: escaped, never a crash
        return quote(uri, errors="backslashreplace")


def result_for(finding: Finding, uri: str | None, rule_index: int | None, fingerprint: FingerprintCounter) -> dict:
    if uri is not None:
        artifact = {"uri": _quote(uri), "uriBaseId": ROOT_BASE_ID}
    else:
        artifact = {"uri": real_path(finding.file).as_uri()}
    end_line = max(finding.end_line, finding.line)
    end_column = finding.end_column if end_line > finding.line else max(finding.end_column, finding.column + 1)
    location: dict = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": finding.line,
                "startColumn": finding.column,
                "endLine": end_line,
                "endColumn": end_column,
            },
        }
    }
    if finding.resource:
        location["logicalLocations"] = [
            {"name": finding.resource, "fullyQualifiedName": f"Resources.{finding.resource}", "kind": "resource"}
        ]
    result: dict = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, uri or finding.file)},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if finding.path:
        result["properties"] = {"propertyPath": ".".join(str(p) for p in finding.path)}
    if finding.suppressed is not None:
        result["suppressions"] = [
            {
                "kind": SUPPRESSION_KINDS.get(finding.suppressed, "external"),
                "status": "accepted",
                "justification": f"slint {finding.suppressed} suppression",
            }
        ]
    return result
