"""JSON output: a stable, documented interface (see README, "JSON output")."""

from __future__ import annotations

import json

SCHEMA_VERSION = 1


def to_document(report) -> dict:
    from ..version import __version__

    return {
        "version": SCHEMA_VERSION,
        "slint_version": __version__,
        "findings": [finding.to_dict() for finding in report.findings],
        # kept apart so that every entry of "findings" counts, as before; SARIF lists these with "suppressions"
        "suppressed_findings": [finding.to_dict() for finding in report.all_findings if finding.suppressed is not None],
        "summary": report.summary(),
    }


def render(report, **_options) -> str:
    return json.dumps(to_document(report), indent=2) + "\n"
