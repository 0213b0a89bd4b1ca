"""JUnit XML for CI systems that show test reports, shaped as ESLint's junit formatter is: a
``<testsuite>`` per template, a ``<testcase>`` per finding with at most one ``<failure>``.

Only findings at or above the fail level are failures; a finding below it is a passing test
case whose ``<system-out>`` says what was found, and a suppressed one is ``<skipped>``. A
template without findings is one passing test case. Files that are not templates get nothing.
Elements and attributes stay within the Jenkins JUnit schema."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # characters XML 1.0 cannot hold


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(report, **_options) -> str:
    fail_rank = report.settings.fail_level.rank
    suites = ET.Element("testsuites", name="slint")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for result in report.results:
        if not result.is_template:
            continue
        file = _clean(result.file)
        suite = ET.SubElement(
            suites, "testsuite", name=file, tests="0", failures="0", errors="0", skipped="0", time="0"
        )
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for finding in result.findings:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=file,
                name=_clean(f"{finding.rule} {finding.name} at {finding.line}:{finding.column}"),
                time="0",
            )
            counts["tests"] += 1
            details = _clean(_details(finding))
            if finding.suppressed is not None:
                ET.SubElement(case, "skipped", message=f"suppressed ({finding.suppressed})")
                counts["skipped"] += 1
            elif finding.severity.rank >= fail_rank:
                failure = ET.SubElement(
                    case, "failure", type=f"{finding.severity.value} {finding.rule}", message=_clean(finding.message)
                )
                failure.text = details
                counts["failures"] += 1
            else:
                ET.SubElement(case, "system-out").text = details
        if not result.findings:
            ET.SubElement(suite, "testcase", classname=file, name=file, time="0")
            counts["tests"] += 1
        for key, count in counts.items():
            suite.set(key, str(count))
            totals[key] += count
    for key, count in totals.items():
        suites.set(key, str(count))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _details(finding) -> str:
    where = f"{finding.file}:{finding.line}:{finding.column}"
    if finding.resource:
        where += f" in {finding.resource}" + (f" at {'.'.join(str(p) for p in finding.path)}" if finding.path else "")
    text = f"{where}\n{finding.severity.value} {finding.rule} [{finding.name}] {finding.message}"
    return text + (f"\nSee {finding.source_url}" if finding.source_url else "")
