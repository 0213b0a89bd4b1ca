"""JUnit XML for CI systems without SARIF support: one test case per template, one failure per finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # characters XML 1.0 cannot hold


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(report, **_options) -> str:
    cases = [result for result in report.results if result.is_template]
    failures = sum(1 for result in cases for finding in result.findings if finding.suppressed is None)
    suites = ET.Element("testsuites", name="slint", tests=str(len(cases)), failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="slint", tests=str(len(cases)), failures=str(failures), errors="0", skipped="0")
    for result in cases:
        case = ET.SubElement(suite, "testcase", classname="slint", name=_clean(result.file), file=_clean(result.file))
        for finding in result.findings:
            if finding.suppressed is not None:
                continue
            where = f"{finding.file}:{finding.line}:{finding.column}"
            if finding.resource:
                where += f" in {finding.resource}" + (f" at {'.'.join(str(p) for p in finding.path)}" if finding.path else "")
            failure = ET.SubElement(case, "failure", type=f"{finding.severity.value} {finding.rule}", message=_clean(f"{finding.rule} {finding.message}"))
            failure.text = _clean(f"{where}\n{finding.severity.value} {finding.rule} [{finding.name}] {finding.message}" + (f"\nSee {finding.source_url}" if finding.source_url else ""))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
