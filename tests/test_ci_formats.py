"""SARIF, GitHub annotations and JUnit: what CI systems read."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from slint.api import lint_paths
from slint.config import Settings
from slint.findings import Severity
from slint.reporters import render
from slint.reporters.github_report import append_step_summary, escape_data, escape_property

from .conftest import SHARED

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Slow:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {S3Bucket: code-bucket, S3Key: fn.zip}
      Timeout: 1200
  Tolerated:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {S3Bucket: code-bucket, S3Key: fn.zip}
      Timeout: 1000  # slint: ignore[SL101]
"""


def lint_repo(tmp_path: Path, monkeypatch, text: str = TEMPLATE, **settings):
    """Lint ``stacks/app.yaml`` in a fake repository at ``tmp_path``, from inside it."""
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "stacks").mkdir(exist_ok=True)
    (tmp_path / "stacks" / "app.yaml").write_text(text)
    monkeypatch.chdir(tmp_path / "stacks")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return lint_paths(["app.yaml"], Settings(use_samconfig=False, **settings))


# -- SARIF ----------------------------------------------------------------------------------------


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="the shared SARIF schema is not available")
def test_sarif_is_valid_against_the_official_schema(tmp_path, monkeypatch):
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    validator.validate(json.loads(render(lint_repo(tmp_path, monkeypatch), "sarif")))  # a finding and a suppressed one
    # cfn-lint's rules and findings, every slint rule's descriptor
    report = lint_repo(
        tmp_path, monkeypatch, TEMPLATE.replace("Timeout: 1200", "MemorySizes: 128"), select=("SL",), cfn_lint=True
    )
    document = json.loads(render(report, "sarif"))
    assert any(result["ruleId"] == "cfn-lint/E3002" for result in document["runs"][0]["results"])
    validator.validate(document)


def test_sarif_result_locations_are_relative_to_the_repository_root(tmp_path, monkeypatch):
    run = json.loads(render(lint_repo(tmp_path, monkeypatch), "sarif"))["runs"][0]
    (active,) = [r for r in run["results"] if "suppressions" not in r]
    assert active["ruleId"] == "SL101"
    assert active["level"] == "error"
    assert active["message"]["text"] == "Timeout 1200 exceeds Lambda's maximum of 900 seconds"
    location = active["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "stacks/app.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["physicalLocation"]["region"] == {
        "startLine": 10,
        "startColumn": 16,
        "endLine": 10,
        "endColumn": 20,
    }
    assert location["logicalLocations"] == [
        {"name": "Slow", "fullyQualifiedName": "Resources.Slow", "kind": "resource"}
    ]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["tool"]["driver"]["rules"][active["ruleIndex"]]["id"] == "SL101"


def test_sarif_lists_suppressed_findings_with_suppressions(tmp_path, monkeypatch):
    run = json.loads(render(lint_repo(tmp_path, monkeypatch), "sarif"))["runs"][0]
    (suppressed,) = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["ruleId"] == "SL101"
    assert suppressed["locations"][0]["physicalLocation"]["region"]["startLine"] == 18
    assert suppressed["suppressions"][0]["kind"] == "inSource"


def test_json_and_sarif_carry_the_same_findings_and_suppressions(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch, select=("SL101",))
    document = json.loads(render(report, "json"))
    from_json = [
        (f["rule"], f["line"], f["column"], f["suppressed"])
        for f in document["findings"] + document["suppressed_findings"]
    ]
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    from_sarif = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["suppressions"][0]["justification"] if "suppressions" in r else None,
        )
        for r in results
    ]
    assert from_json == [("SL101", 10, 16, None), ("SL101", 18, 16, "comment")]
    assert from_sarif == [("SL101", 10, 16, None), ("SL101", 18, 16, "slint comment suppression")]


def test_sarif_rule_descriptions_fit_github_code_scanning(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch, select=("SL",))
    rules = json.loads(render(report, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == {rule.id for rule in report.ruleset}  # opt-in rules too
    for rule in rules:
        full, short = rule["fullDescription"]["text"], rule["shortDescription"]["text"]
        assert 0 < len(full) <= 1024, (rule["id"], len(full))
        assert re.fullmatch(r"[^\n]+?\.", short) and not re.search(r"\.\s+[A-Z`]", short), (
            rule["id"],
            short,
        )  # one sentence
    runtime = next(rule for rule in rules if rule["id"] == "SL210")  # its "What it does" is longer than 1,024
    assert runtime["fullDescription"]["text"].endswith(".") and runtime["fullDescription"]["text"] in " ".join(
        runtime["help"]["text"].split()
    )


def test_sarif_within_cuts_after_a_whole_sentence():
    from slint.reporters.sarif_report import within

    assert within("One. Two. Three.", 16) == "One. Two. Three."
    assert within("One. Two. Three.", 12) == "One. Two."
    assert within("A very long sentence", 12) == "A very…"  # never half a word


def test_sarif_fingerprints_leave_primary_location_line_hash_to_upload_sarif(tmp_path, monkeypatch):
    # GitHub code scanning matches alerts by primaryLocationLineHash, which upload-sarif computes
    # from the source when absent; slint/v1 is slint's own line-independent identity
    run = json.loads(render(lint_repo(tmp_path, monkeypatch), "sarif"))["runs"][0]
    assert [set(result["partialFingerprints"]) for result in run["results"]] == [{"slint/v1"}, {"slint/v1"}]


def test_sarif_driver_lists_every_rule_that_ran_with_its_metadata(tmp_path, monkeypatch):
    from slint.api import build_engine

    report = lint_repo(tmp_path, monkeypatch, severity={"SL102": "warning"}, ignore=("SL601",))
    rules = {rule["id"]: rule for rule in json.loads(render(report, "sarif"))["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == set(build_engine(report.settings).active)
    assert "SL601" not in rules
    timeout = rules["SL101"]
    assert timeout["name"] == "lambda-timeout-range"
    assert timeout["helpUri"] == "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    assert timeout["defaultConfiguration"] == {"level": "error"}
    assert timeout["shortDescription"]["text"]
    assert timeout["fullDescription"]["text"]
    assert rules["SL102"]["defaultConfiguration"] == {"level": "warning"}
    memory = rules["SL103"]  # errs on a hard limit; one message only informs
    assert memory["defaultConfiguration"] == {"level": "error"}
    assert memory["messageStrings"]["memory_above_reduced_quota"]["properties"] == {"level": "note"}
    assert "properties" not in memory["messageStrings"]["memory_out_of_range"]


def test_sarif_fingerprints_survive_unrelated_lines_moving(tmp_path, monkeypatch):
    def fingerprints(text):
        results = json.loads(render(lint_repo(tmp_path, monkeypatch, text), "sarif"))["runs"][0]["results"]
        return {
            r["partialFingerprints"]["slint/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in results
        }

    before = fingerprints(TEMPLATE)
    shifted = TEMPLATE.replace("Resources:\n", "Description: three more\n# lines\n# here\nResources:\n")
    after = fingerprints(shifted)
    assert set(before) == set(after)
    assert all(after[key] == line + 3 for key, line in before.items())


# -- GitHub annotations ---------------------------------------------------------------------------


def test_github_escaping_follows_the_documented_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"


def test_github_annotations_are_relative_to_the_workspace(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    assert render(report, "github") == (
        "::error file=stacks/app.yaml,line=10,endLine=10,col=16,endColumn=20,title=SL101 (lambda-timeout-range)"
        "::Timeout 1200 exceeds Lambda's maximum of 900 seconds%0AResource: Slow"
        "%0ASee https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html\n"
    )


def test_github_uses_warning_and_notice_by_severity(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch, severity={"SL101": "info"})
    assert render(report, "github").startswith("::notice file=app.yaml,line=10,")
    report = lint_repo(tmp_path, monkeypatch, severity={"SL101": "warning"})
    assert render(report, "github").startswith("::warning file=app.yaml,line=10,")


def test_github_step_summary_is_appended(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    append_step_summary(report)
    text = summary.read_text()
    assert text.startswith("earlier step\n## slint\n")
    assert "**1 error(s)**" in text and "1 suppressed" in text
    assert "| error | SL101 lambda-timeout-range | app.yaml:10 | Slow | Timeout 1200 exceeds" in text


# -- JUnit ----------------------------------------------------------------------------------------


# The Jenkins JUnit schema (junit-10.xsd): the elements each element may hold, and its attributes.
JUNIT_CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"properties", "testcase", "system-out", "system-err"},
    "testcase": {"skipped", "error", "failure", "system-out", "system-err"},
    "failure": set(), "error": set(), "skipped": set(), "system-out": set(), "system-err": set(),
}  # fmt: skip
JUNIT_ATTRIBUTES = {
    "testsuites": {"name", "time", "tests", "failures", "disabled", "errors", "skipped"},
    "testsuite": {"name", "tests", "failures", "errors", "time", "disabled", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url", "version"},
    "testcase": {"name", "assertions", "time", "classname", "status"},
    "failure": {"message", "type"}, "error": {"message", "type"}, "skipped": {"message"},
    "system-out": set(), "system-err": set(),
}  # fmt: skip
JUNIT_REQUIRED = {"testsuite": {"name", "tests"}, "testcase": {"name"}}


def assert_jenkins_junit(element: ET.Element) -> None:
    assert set(element.attrib) <= JUNIT_ATTRIBUTES[element.tag], (element.tag, element.attrib)
    assert JUNIT_REQUIRED.get(element.tag, set()) <= set(element.attrib), element.tag
    for child in element:
        assert child.tag in JUNIT_CHILDREN[element.tag], (element.tag, child.tag)
        assert_jenkins_junit(child)
    if element.tag == "testcase":
        assert len(element.findall("failure")) + len(element.findall("error")) + len(element.findall("skipped")) <= 1
    if element.tag in ("testsuite", "testsuites"):
        cases = element.findall(".//testcase")
        assert int(element.get("tests")) == len(cases)
        assert int(element.get("failures")) == sum(len(case.findall("failure")) for case in cases)
        assert int(element.get("skipped")) == sum(len(case.findall("skipped")) for case in cases)
        assert element.get("errors") == "0"


def test_junit_has_a_test_suite_per_template_and_a_test_case_per_finding(tmp_path, monkeypatch):
    report = lint_repo(
        tmp_path,
        monkeypatch,
        _functions(2, MIXED),
        select=("SL101", "SL102", "SL103"),
        severity={"SL102": "warning", "SL103": "info"},
    )
    (tmp_path / "stacks" / "clean.yaml").write_text(_functions(1, "      Timeout: 30\n"))
    (tmp_path / "stacks" / "suppressed.yaml").write_text(TEMPLATE)  # Slow: a failure; Tolerated: skipped
    (tmp_path / "stacks" / "values.yaml").write_text("replicas: 3\n")  # not a template: no test suite
    report = lint_paths(
        ["app.yaml", "clean.yaml", "suppressed.yaml", "values.yaml"],
        report.settings.with_overrides(fail_level=Severity.WARNING),
    )
    root = ET.fromstring(render(report, "junit"))
    assert_jenkins_junit(root)
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert list(suites) == ["app.yaml", "clean.yaml", "suppressed.yaml"]
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("9", "5", "1")

    cases = suites["app.yaml"].findall("testcase")
    # two functions, each with an error, a warning (both fail at --fail-level warning) and an info (passes)
    outcomes = sorted((case.get("name").split(" ")[0], case[0].tag) for case in cases)
    assert outcomes == [("SL101", "failure")] * 2 + [("SL102", "failure")] * 2 + [("SL103", "system-out")] * 2
    timeout = next(case for case in cases if case.get("name").startswith("SL101"))
    assert timeout.get("classname") == "app.yaml"
    failure = timeout.find("failure")
    assert (failure.get("type"), failure.get("message")) == (
        "error SL101",
        "Timeout 1200 exceeds Lambda's maximum of 900 seconds",
    )
    assert failure.text.startswith("app.yaml:") and " in Fn00 at Resources.Fn00.Properties.Timeout\n" in failure.text

    (clean,) = suites["clean.yaml"].findall("testcase")
    assert (clean.get("name"), list(clean)) == ("clean.yaml", [])
    suppressed = [
        (case.get("name"), [(child.tag, child.get("message")) for child in case])
        for case in suites["suppressed.yaml"].findall("testcase")
    ]
    assert suppressed == [("SL101 lambda-timeout-range at 10:16", [("failure", "Timeout 1200 exceeds Lambda's maximum of 900 seconds")]),
                          ("SL101 lambda-timeout-range at 18:16", [("skipped", "suppressed (comment)")])]  # fmt: skip


def test_junit_fails_only_at_or_above_the_fail_level(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch, severity={"SL101": "info"})
    root = ET.fromstring(render(report, "junit"))
    assert_jenkins_junit(root)
    (case, _) = root.find("testsuite").findall("testcase")
    assert [child.tag for child in case] == ["system-out"] and root.get("failures") == "0"


def test_junit_replaces_characters_xml_cannot_hold(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch)
    report.results[0].findings[0].message = "bad \x01 byte"
    ET.fromstring(render(report, "junit"))  # parses


def _functions(count: int, extra: str) -> str:
    function = """\
  Fn{index:02d}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {{S3Bucket: b, S3Key: k}}
{extra}"""
    return 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' + "".join(
        function.format(index=index, extra=extra) for index in range(count)
    )


MIXED = (
    "      Timeout: 1200\n      MemorySize: 99999\n      Layers: [a, b, c, d, e, f]\n"  # SL101, SL103, SL102 on each
)


def test_github_annotations_go_errors_first_and_stop_at_the_per_step_cap(tmp_path, monkeypatch):
    report = lint_repo(
        tmp_path,
        monkeypatch,
        _functions(12, MIXED),
        select=("SL101", "SL102", "SL103"),
        severity={"SL102": "warning", "SL103": "info"},
    )
    lines = render(report, "github").splitlines()
    commands = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    # 10 errors, 10 warnings, 9 notices: the tenth notice slot is the overflow notice
    assert commands == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * 10
    assert all("title=SL101" in line for line in lines[:10]) and all("title=SL102" in line for line in lines[10:20])
    plain = lines[29:-1]
    assert [line.split(": ", 1)[1].split(" ", 2)[:2] for line in plain] == [["error", "SL101"]] * 2 + [
        ["warning", "SL102"]
    ] * 2 + [["info", "SL103"]] * 3
    assert plain[0].startswith("app.yaml:") and plain[0].endswith(
        "Timeout 1200 exceeds Lambda's maximum of 900 seconds"
    )
    assert lines[-1].startswith(
        "::notice title=slint%3A more findings than annotations::7 more finding(s) (2 error, 2 warning, 3 info) are not shown"
    )
    assert "job summary" in lines[-1]


def test_github_below_the_cap_prints_annotations_only(tmp_path, monkeypatch):
    report = lint_repo(
        tmp_path,
        monkeypatch,
        _functions(10, MIXED),
        select=("SL101", "SL102", "SL103"),
        severity={"SL102": "warning", "SL103": "info"},
    )
    lines = render(report, "github").splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * 10


def test_github_step_summary_stays_under_one_mebibyte(tmp_path, monkeypatch):
    from slint.reporters.github_report import SUMMARY_LIMIT, step_summary

    report = lint_repo(tmp_path, monkeypatch, _functions(3, "      Timeout: 1200\n"), select=("SL101",))
    for finding in report.findings:
        finding.message = "x" * 400_000  # three rows would make 1.2 MB
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n" * 1000)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    append_step_summary(report)
    text = summary.read_text()
    assert len(text.encode()) <= SUMMARY_LIMIT
    assert text.count("| error | SL101 ") == 2
    assert "1 more finding(s) not listed: a step summary holds at most 1 MiB" in text
    assert step_summary(report).count("| error | SL101 ") == 2


def test_one_run_prints_annotations_and_writes_sarif(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from slint.cli import main

    lint_repo(tmp_path, monkeypatch)
    annotated = CliRunner().invoke(
        main, ["lint", "--no-cache", "--format", "github", "--sarif-file", "out/slint.sarif", "app.yaml"]
    )
    assert annotated.exit_code == 1
    assert annotated.output.startswith("::error file=app.yaml,line=10,")
    alone = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "sarif", "app.yaml"])
    assert json.loads((tmp_path / "stacks" / "out" / "slint.sarif").read_text()) == json.loads(alone.output)
