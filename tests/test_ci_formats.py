"""SARIF, GitHub annotations and JUnit: what CI systems read."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from slint.api import lint_paths
from slint.config import Settings
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

    document = json.loads(render(lint_repo(tmp_path, monkeypatch), "sarif"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)


def test_sarif_result_locations_are_relative_to_the_repository_root(tmp_path, monkeypatch):
    run = json.loads(render(lint_repo(tmp_path, monkeypatch), "sarif"))["runs"][0]
    (active,) = [r for r in run["results"] if "suppressions" not in r]
    assert active["ruleId"] == "SL101"
    assert active["level"] == "error"
    assert active["message"]["text"] == "Timeout 1200 exceeds Lambda's maximum of 900 seconds"
    location = active["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "stacks/app.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["physicalLocation"]["region"] == {"startLine": 10, "startColumn": 16, "endLine": 10, "endColumn": 20}
    assert location["logicalLocations"] == [{"name": "Slow", "fullyQualifiedName": "Resources.Slow", "kind": "resource"}]
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
    from_json = [(f["rule"], f["line"], f["column"], f["suppressed"]) for f in document["findings"] + document["suppressed_findings"]]
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    from_sarif = [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["suppressions"][0]["justification"] if "suppressions" in r else None) for r in results]
    assert from_json == [("SL101", 10, 16, None), ("SL101", 18, 16, "comment")]
    assert from_sarif == [("SL101", 10, 16, None), ("SL101", 18, 16, "slint comment suppression")]


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


def test_sarif_fingerprints_survive_unrelated_lines_moving(tmp_path, monkeypatch):
    def fingerprints(text):
        results = json.loads(render(lint_repo(tmp_path, monkeypatch, text), "sarif"))["runs"][0]["results"]
        return {r["partialFingerprints"]["slint/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}

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


def test_junit_has_a_test_case_per_template_and_a_failure_per_finding(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch)
    (tmp_path / "stacks" / "clean.yaml").write_text(TEMPLATE.replace("1200", "30"))
    (tmp_path / "stacks" / "values.yaml").write_text("replicas: 3\n")  # not a template: no test case
    report = lint_paths(["app.yaml", "clean.yaml", "values.yaml"], report.settings)
    root = ET.fromstring(render(report, "junit"))
    suite = root.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {case.get("name"): case.findall("failure") for case in suite.findall("testcase")}
    assert set(cases) == {"app.yaml", "clean.yaml"}
    assert cases["clean.yaml"] == []
    (failure,) = cases["app.yaml"]
    assert failure.get("type") == "error SL101"
    assert failure.get("message") == "SL101 Timeout 1200 exceeds Lambda's maximum of 900 seconds"
    assert failure.text.startswith("app.yaml:10:16 in Slow at Resources.Slow.Properties.Timeout\n")


def test_junit_replaces_characters_xml_cannot_hold(tmp_path, monkeypatch):
    report = lint_repo(tmp_path, monkeypatch)
    report.results[0].findings[0].message = "bad \x01 byte"
    ET.fromstring(render(report, "junit"))  # parses
