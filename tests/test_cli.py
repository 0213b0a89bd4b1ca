from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from slint import __version__
from slint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "sample.yaml"


def test_sample_template_text_report_has_code_frames_and_summary():
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--no-color", "--today", "2026-11-23", str(SAMPLE)])
    assert result.exit_code == 1
    assert (
        "sample.yaml:37:16: error SL101 [lambda-timeout-range] Timeout 1200 exceeds Lambda's maximum of 900 seconds"
        in result.output
    )
    assert "> 37 |       Timeout: !Ref WorkerTimeout" in result.output
    assert "     |                ^^^^^^^^^^^^^^^^^^" in result.output
    assert (
        "Environment.Variables (1 variables) is not supported by Lambda@Edge (viewer-request association on Site) (set in Globals, applies to EdgeRewrite)"
        in result.output
    )
    assert "Queue Jobs VisibilityTimeout 30 (default) is less than function JobRunner Timeout 60" in result.output


def test_json_output_follows_the_documented_schema():
    result = CliRunner().invoke(
        main,
        [
            "lint",
            "--no-cache",
            "--format",
            "json",
            "--today",
            "2026-11-23",
            "--select",
            "SL101,SL102,SL601,SL801",
            str(SAMPLE),
        ],
    )
    document = json.loads(result.output)
    assert list(document) == ["version", "slint_version", "findings", "suppressed_findings", "summary"]
    finding = document["findings"][0]
    assert list(finding) == [
        "rule",
        "name",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "resource",
        "path",
        "source_url",
        "message_id",
        "suppressed",
        "fix",
    ]
    assert (finding["rule"], finding["message_id"], finding["suppressed"], finding["fix"]) == (
        "SL601",
        "wrong_region",
        None,
        None,
    )
    timeout = document["findings"][1]
    assert timeout["fix"] == {
        "title": "Set Timeout to 900",
        "safety": "unsafe",
        "edits": [{"line": 8, "column": 14, "end_line": 8, "end_column": 18, "text": "900"}],
    }
    assert [f["rule"] for f in document["findings"]] == ["SL601", "SL101", "SL102", "SL801"]
    assert document["summary"] == {"files": 1, "templates": 1, "error": 4, "warning": 0, "info": 0, "suppressed": 0}


def test_json_lists_suppressed_findings_apart_with_how_they_were_suppressed(tmp_path):
    (tmp_path / "t.yaml").write_text(
        "Resources:\n"
        "  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1200}\n"
        "  Quiet:\n    Type: AWS::Lambda::Function\n    Metadata: {slint: {ignore: [SL101]}}\n    Properties: {Timeout: 1000}\n"
        "  Hushed:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 950  # slint: ignore[lambda-timeout-range]\n"
    )
    result = CliRunner().invoke(
        main, ["lint", "--no-cache", "--format", "json", "--select", "SL101", str(tmp_path / "t.yaml")]
    )
    document = json.loads(result.output)
    assert result.exit_code == 1
    fields = ("rule", "line", "column", "resource", "message_id", "suppressed")
    assert [tuple(f[key] for key in fields) for f in document["findings"]] == [("SL101", 4, 27, "Fn", "too_long", None)]
    assert [tuple(f[key] for key in fields) for f in document["suppressed_findings"]] == [
        ("SL101", 8, 27, "Quiet", "too_long", "metadata"),
        ("SL101", 12, 16, "Hushed", "too_long", "comment"),
    ]
    assert document["summary"]["suppressed"] == 2


def test_stdin_and_non_templates(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["lint", "--format", "json", "--stdin-filename", "piped.yaml", "-"], input=SAMPLE.read_text()
    )
    assert {f["file"] for f in json.loads(result.output)["findings"]} == {"piped.yaml"}
    (tmp_path / "workflow.yml").write_text("on: push\njobs: {}\n")
    result = runner.invoke(main, ["lint", "--verbose", "--no-color", str(tmp_path)])
    assert result.exit_code == 0 and "workflow.yml: skipped (not a CloudFormation/SAM template" in result.output


def test_one_broken_template_does_not_hide_the_others(tmp_path):
    (tmp_path / "a_broken.yaml").write_text("Resources:\n  Fn: {Type: AWS::Lambda::Function\n")
    (tmp_path / "b_good.yaml").write_text(SAMPLE.read_text())
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(tmp_path)])
    findings = json.loads(result.output)["findings"]
    assert findings[0]["rule"] == "SL001" and findings[0]["file"].endswith("a_broken.yaml") and findings[0]["line"] == 3
    assert "SL101" in {f["rule"] for f in findings if f["file"].endswith("b_good.yaml")}


def test_rules_listing_and_rule_docs():
    runner = CliRunner()
    listing = json.loads(runner.invoke(main, ["rules", "--format", "json"]).output)
    timeout = next(r for r in listing if r["id"] == "SL101")
    assert timeout["name"] == "lambda-timeout-range" and timeout["source_url"].startswith(
        "https://docs.aws.amazon.com/"
    )
    page = runner.invoke(main, ["rule", "lambda-timeout-range"]).output
    assert page.startswith("SL101 lambda-timeout-range (error)") and "## Why is this bad?" in page
    missing = runner.invoke(main, ["rule", "SL10"])
    assert missing.exit_code == 2 and "no rule 'SL10'" in missing.output
    typo = runner.invoke(main, ["rule", "SL1O1"])  # the same suggestion as for selectors and suppressions
    assert typo.exit_code == 2 and "no rule 'SL1O1'; did you mean 'SL101'?" in typo.output


def test_graph_command_prints_mermaid():
    result = CliRunner().invoke(main, ["graph", str(SAMPLE)])
    assert result.exit_code == 0 and result.output.startswith("graph LR")


def test_version_and_python_dash_m():
    out = subprocess.run([sys.executable, "-m", "slint", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"slint, version {__version__}"


def test_usage_error_exits_2():
    result = CliRunner().invoke(main, ["lint", "--format", "nope", str(SAMPLE)])
    assert result.exit_code == 2
