"""Adopting slint on an existing repository: suppressions with reasons (and a setting that
requires them), --add-suppressions, and a baseline."""

from __future__ import annotations

import json

from click.testing import CliRunner

from slint.cli import main
from slint.suppressions import inline_suppressions

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: s3://b/k
      Timeout: 1200  # seconds
      MemorySize: 20000
"""


def lint(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["lint", "--no-cache", "--no-color", "--select", "SL005,SL009,SL101,SL103", *args])


def json_findings(result) -> list[tuple]:
    return [(f["rule"], f["line"], f["message_id"]) for f in json.loads(result.stdout)["findings"]]


# -- reasons ------------------------------------------------------------------------------------


def test_an_inline_suppression_carries_its_reason():
    (suppression,) = inline_suppressions(
        "Timeout: 1200  # slint: ignore[SL101] reason: nightly batch is measured\n", "t.yaml"
    )[1]
    assert suppression.selectors == ("SL101",) and suppression.reason == "nightly batch is measured"
    (bare,) = inline_suppressions("Timeout: 1200  # slint: ignore[SL101]\n", "t.yaml")[1]
    assert bare.reason is None


def test_require_suppression_reason_reports_suppressions_without_one(tmp_path, monkeypatch):
    (tmp_path / ".slint.yaml").write_text("require_suppression_reason: true\n")
    template = TEMPLATE.replace("# seconds", "# slint: ignore[SL101]").replace(
        "MemorySize: 20000", "MemorySize: 20000  # slint: ignore[SL103] reason: measured"
    )
    (tmp_path / "t.yaml").write_text(template)
    result = lint(tmp_path, monkeypatch, "--format", "json", "t.yaml")
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["line"], finding["column"], finding["severity"], finding["message_id"]) == (
        "SL005",
        9,
        22,
        "error",
        "no_reason",
    )
    assert finding["message"].startswith("inline suppression gives no reason, and require_suppression_reason is set")
    assert [f["rule"] for f in json.loads(result.stdout)["suppressed_findings"]] == [
        "SL101",
        "SL103",
    ]  # both still apply
    assert result.exit_code == 1


def test_metadata_suppressions_take_a_reason_too(tmp_path, monkeypatch):
    (tmp_path / ".slint.yaml").write_text("require_suppression_reason: true\n")
    template = TEMPLATE.replace(
        "  Fn:\n", "  Fn:\n    Metadata: {slint: {ignore: [SL101, SL103], reason: load tested in 2025}}\n"
    )
    (tmp_path / "t.yaml").write_text(template)
    result = lint(tmp_path, monkeypatch, "--format", "json", "t.yaml")
    assert json_findings(result) == [] and result.exit_code == 0


# -- --add-suppressions -------------------------------------------------------------------------


def test_add_suppressions_comments_each_finding_and_keeps_the_rest(tmp_path, monkeypatch):
    template = TEMPLATE.replace("MemorySize: 20000", "MemorySize: 20000  # slint: ignore[SL102]")
    (tmp_path / "t.yaml").write_bytes(template.replace("\n", "\r\n").encode())
    result = lint(tmp_path, monkeypatch, "--add-suppressions", "--reason", "adopted 2026-11", "t.yaml")
    expected = template.replace("# seconds", "# seconds  # slint: ignore[SL101] reason: adopted 2026-11").replace(
        "ignore[SL102]", "ignore[SL102, SL103]"
    )
    assert (tmp_path / "t.yaml").read_bytes() == expected.replace("\n", "\r\n").encode()
    assert result.exit_code == 0 and "Added suppressions for 2 finding(s) in 1 file(s)." in result.stderr
    assert "No problems found in 1 template(s). (2 suppressed)" in result.stdout
    again = lint(tmp_path, monkeypatch, "--add-suppressions", "t.yaml")
    assert "Added suppressions for 0 finding(s) in 0 file(s)." in again.stderr
    assert (tmp_path / "t.yaml").read_bytes() == expected.replace("\n", "\r\n").encode()


def test_a_finding_on_a_multiline_quoted_string_is_suppressed_on_its_resource_line(tmp_path, monkeypatch):
    template = 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: "1200\n        "\n'
    (tmp_path / "t.yaml").write_text(template)
    lint(tmp_path, monkeypatch, "--add-suppressions", "t.yaml")
    assert (tmp_path / "t.yaml").read_text() == template.replace("  Fn:\n", "  Fn:  # slint: ignore[SL101]\n")


def test_json_templates_are_left_for_the_baseline(tmp_path, monkeypatch):
    template = '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 1200}}}}\n'
    (tmp_path / "t.json").write_text(template)
    result = lint(tmp_path, monkeypatch, "--add-suppressions", "t.json")
    assert (tmp_path / "t.json").read_text() == template
    assert "1 finding(s) cannot take an inline comment" in result.stderr and result.exit_code == 1


def test_reason_needs_add_suppressions_and_one_plain_line(tmp_path, monkeypatch):
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    assert lint(tmp_path, monkeypatch, "--reason", "x", "t.yaml").exit_code == 2
    result = lint(tmp_path, monkeypatch, "--add-suppressions", "--reason", "see #12", "t.yaml")
    assert result.exit_code == 2 and "without '#'" in result.stderr
    assert (tmp_path / "t.yaml").read_text() == TEMPLATE


# -- baseline -----------------------------------------------------------------------------------


def test_baseline_hides_recorded_findings_by_place_not_line_and_reports_new_and_stale(tmp_path, monkeypatch):
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    written = lint(tmp_path, monkeypatch, "--write-baseline", "baseline.json", "t.yaml")
    assert written.exit_code == 1 and "Wrote 2 finding(s) to baseline.json." in written.stderr
    entries = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert entries[0] == {
        "rule": "SL101",
        "file": "t.yaml",
        "resource": "Fn",
        "path": ["Resources", "Fn", "Properties", "Timeout"],
        "message_id": "too_long",
    }
    assert "line" not in entries[0]

    moved = "# a comment that moves every line\n" + TEMPLATE.replace(
        "      Handler", "      Description: moved\n      Handler"
    )
    (tmp_path / "t.yaml").write_text(moved)
    clean = lint(tmp_path, monkeypatch, "--baseline", "baseline.json", "--format", "json", "t.yaml")
    assert clean.exit_code == 0 and json_findings(clean) == []
    assert [f["suppressed"] for f in json.loads(clean.stdout)["suppressed_findings"]] == ["baseline", "baseline"]

    changed = (
        moved.replace("MemorySize: 20000", "MemorySize: 512")
        + "  Other:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1000}\n"
    )
    (tmp_path / "t.yaml").write_text(changed)
    result = lint(
        tmp_path,
        monkeypatch,
        "--baseline",
        "baseline.json",
        "--report-unused-suppressions",
        "--format",
        "json",
        "t.yaml",
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["resource"], f["message_id"]) for f in findings] == [
        ("SL101", "Other", "too_long"),
        ("SL009", "Fn", "unused"),
    ]
    stale = findings[1]
    assert (stale["file"], stale["line"]) == ("baseline.json", 3)
    assert (
        stale["message"]
        == "unused baseline entry for SL103 (memory_out_of_range) at Resources.Fn.Properties.MemorySize in t.yaml"
    )


def test_a_baseline_that_is_not_one_is_a_usage_error(tmp_path, monkeypatch):
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    (tmp_path / "baseline.json").write_text("{not json")
    result = lint(tmp_path, monkeypatch, "--baseline", "baseline.json", "t.yaml")
    assert result.exit_code == 2 and "baseline baseline.json is not JSON (line 1, column 2)" in result.stderr
    (tmp_path / "baseline.json").write_text('{"findings": []}')
    assert "is not a slint baseline" in lint(tmp_path, monkeypatch, "--baseline", "baseline.json", "t.yaml").stderr


def test_findings_in_the_baseline_are_neither_fixed_nor_commented(tmp_path, monkeypatch):
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    lint(tmp_path, monkeypatch, "--write-baseline", "baseline.json", "t.yaml")
    grown = TEMPLATE + "  Other:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1000}\n"
    (tmp_path / "t.yaml").write_text(grown)
    result = lint(tmp_path, monkeypatch, "--baseline", "baseline.json", "--diff", "--unsafe-fixes", "t.yaml")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if line.startswith(("-  ", "+  "))] == [
        "-    Properties: {Timeout: 1000}",
        "+    Properties: {Timeout: 900}",
    ]
    lint(tmp_path, monkeypatch, "--baseline", "baseline.json", "--add-suppressions", "t.yaml")
    assert (tmp_path / "t.yaml").read_text() == grown.replace(
        "{Timeout: 1000}", "{Timeout: 1000}  # slint: ignore[SL101]"
    )
