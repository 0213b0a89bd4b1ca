from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from slint.cli import main
from tests.conftest import lint

TOO_LONG = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 1200{comment}
  Other:{other_comment}
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 1000
"""


def run(args, cwd=None):
    runner = CliRunner()
    return runner.invoke(main, args, catch_exceptions=False)


def _ids(report):
    return [(f.rule, f.line, f.resource) for f in report.findings]


def test_inline_comment_suppresses_on_the_offending_line_or_the_resource_line():
    report = lint(
        TOO_LONG.format(comment="  # slint: ignore[SL101]", other_comment="  # slint: ignore[lambda-timeout-range]"),
        select="SL101",
    )
    assert _ids(report) == []
    assert [(f.line, f.suppressed) for f in report.all_findings] == [(6, "comment"), (10, "comment")]


def test_a_finding_on_a_block_list_is_suppressed_on_its_key_line():
    layers = "".join(f"        - arn:aws:lambda:us-east-1:123456789012:layer:l{index}:1\n" for index in range(6))
    text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Layers:{comment}\n" + layers
    assert _ids(lint(text.format(comment=""), select="SL102")) == [("SL102", 5, "Fn")]
    report = lint(text.format(comment="  # slint: ignore[SL102]"), select="SL102")
    assert _ids(report) == []
    assert [(f.rule, f.line, f.suppressed) for f in report.all_findings] == [("SL102", 5, "comment")]


def test_a_former_rule_name_still_selects_and_suppresses():
    layers = "".join(f"        - arn:aws:lambda:us-east-1:123456789012:layer:l{index}:1\n" for index in range(6))
    text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Layers:{comment}\n" + layers
    report = lint(text.format(comment=""), select="lambda-layers-max")  # SL102's name before lambda-too-many-layers
    assert [(f.rule, f.name, f.line) for f in report.findings] == [("SL102", "lambda-too-many-layers", 5)]
    report = lint(text.format(comment="  # slint: ignore[lambda-layers-max]"), select="SL102")
    assert [(f.rule, f.line, f.suppressed) for f in report.all_findings] == [("SL102", 5, "comment")]
    assert [
        f.rule
        for f in lint(text.format(comment=""), select="SL1", ignore=("lambda-layers-max",)).findings
        if f.rule == "SL102"
    ] == []


def test_inline_comment_for_another_rule_does_not_suppress():
    report = lint(TOO_LONG.format(comment="  # slint: ignore[SL102]", other_comment=""), select="SL101")
    assert _ids(report) == [("SL101", 6, "Fn"), ("SL101", 10, "Other")]


def test_metadata_suppression_applies_to_its_resource_only():
    text = TOO_LONG.format(comment="", other_comment="").replace(
        "  Fn:\n    Type: AWS::Lambda::Function\n",
        "  Fn:\n    Type: AWS::Lambda::Function\n    Metadata: {slint: {ignore: [SL1]}}\n",
    )
    report = lint(text, select="SL101")
    assert _ids(report) == [("SL101", 11, "Other")]
    assert report.summary()["suppressed"] == 1


def test_unused_suppressions_are_reported_when_asked():
    report = lint(
        TOO_LONG.format(comment="", other_comment="  # slint: ignore[SL102]"),
        select="SL101",
        report_unused_suppressions=True,
    )
    unused = [f for f in report.findings if f.rule == "SL009"]
    assert [(f.line, f.message) for f in unused] == [(7, "unused comment suppression of SL102")]


@pytest.mark.parametrize(
    "configured, expected",
    [
        ({}, [("SL009", 7, "info")]),
        ({"severity": {"SL009": "warning"}}, [("SL009", 7, "warning")]),
        ({"severity": {"SL009": "off"}}, []),
        ({"ignore": ("SL009",)}, []),
        ({"ignore": ("unused-suppression",)}, []),
    ],
)
def test_unused_suppression_findings_obey_configured_severity_off_and_ignore(configured, expected):
    report = lint(
        TOO_LONG.format(comment="", other_comment="  # slint: ignore[SL102]"),
        select="SL101",
        report_unused_suppressions=True,
        **configured,
    )
    assert [(f.rule, f.line, f.severity.value) for f in report.findings if f.rule == "SL009"] == expected


def test_a_message_with_its_own_severity_yields_to_the_configured_one():
    text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 4000\n"
    found = [(f.rule, f.message_id, f.severity.value) for f in lint(text, select="SL103").findings]
    assert found == [("SL103", "memory_above_reduced_quota", "info")]  # the rule errs; this message only informs
    found = [
        (f.rule, f.message_id, f.severity.value)
        for f in lint(text, select="SL103", severity={"SL103": "warning"}).findings
    ]
    assert found == [("SL103", "memory_above_reduced_quota", "warning")]


def test_per_file_ignores_from_config(tmp_path):
    (tmp_path / "template.yaml").write_text(TOO_LONG.format(comment="", other_comment=""))
    (tmp_path / ".slint.yaml").write_text("select: [SL101]\nper_file_ignores:\n  'template.yaml': [SL101]\n")
    result = run(["lint", "--format", "json", str(tmp_path / "template.yaml")])
    document = json.loads(result.output)
    assert result.exit_code == 0 and document["findings"] == [] and document["summary"]["suppressed"] == 2


def test_config_select_severity_and_options_from_pyproject(tmp_path):
    (tmp_path / "template.yaml").write_text(TOO_LONG.format(comment="", other_comment=""))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.slint]\nselect = ["SL101"]\n[tool.slint.severity]\nlambda-timeout-range = "warning"\n'
    )
    result = run(["lint", "--format", "json", str(tmp_path / "template.yaml")])
    document = json.loads(result.output)
    assert {f["severity"] for f in document["findings"]} == {"warning"}
    assert result.exit_code == 0  # below the default fail level
    assert run(["lint", "--fail-level", "warning", str(tmp_path / "template.yaml")]).exit_code == 1


def test_unknown_config_key_is_an_error_with_a_suggestion_and_line(tmp_path):
    (tmp_path / "template.yaml").write_text(TOO_LONG.format(comment="", other_comment=""))
    (tmp_path / ".slint.yaml").write_text("select: [SL101]\nignor: [SL102]\n")
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "template.yaml")])
    assert result.exit_code == 2
    assert ".slint.yaml:2: unknown configuration key 'ignor'; did you mean 'ignore'?" in result.output


def test_bad_rule_options_are_a_configuration_error(tmp_path):
    (tmp_path / "template.yaml").write_text(TOO_LONG.format(comment="", other_comment=""))
    (tmp_path / ".slint.yaml").write_text("options:\n  SL201: {max_unzipped_bytes: -5}\n")
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "template.yaml")])
    assert result.exit_code == 2
    assert "options for SL201 (lambda-package-too-large) max_unzipped_bytes" in result.output


def test_selector_that_matches_nothing_is_an_error(tmp_path):
    (tmp_path / "t.yaml").write_text(TOO_LONG.format(comment="", other_comment=""))
    result = CliRunner().invoke(main, ["lint", "--select", "SL999", str(tmp_path / "t.yaml")])
    assert result.exit_code == 2 and "no rule matches 'SL999'" in result.output


def test_cli_parameters_and_region_change_the_result(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text(
        "Parameters:\n  T: {Type: Number, Default: 30}\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: !Ref T\n"
    )
    assert run(["lint", "--select", "SL101", str(template)]).exit_code == 0
    result = run(["lint", "--select", "SL101", "--parameter", "T=901", "--format", "json", str(template)])
    (finding,) = json.loads(result.output)["findings"]
    assert finding["message"] == "Timeout 901 exceeds Lambda's maximum of 900 seconds (from parameter T (override))"
    assert (finding["line"], finding["column"]) == (7, 16)


@pytest.mark.parametrize("form", ["toml", "yaml"])
def test_samconfig_overrides_and_region(tmp_path, form):
    template = tmp_path / "template.yaml"
    template.write_text(
        "Parameters:\n  T: {Type: Number, Default: 30}\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: !Ref T\n"
    )
    if form == "toml":
        (tmp_path / "samconfig.toml").write_text(
            'version = 0.1\n[prod.deploy.parameters]\nparameter_overrides = "T=1000"\nregion = "eu-west-1"\n'
        )
    else:
        (tmp_path / "samconfig.yaml").write_text(
            "version: 0.1\nprod:\n  deploy:\n    parameters:\n      parameter_overrides:\n        - T=1000\n"
        )
    assert run(["lint", "--select", "SL101", str(template)]).exit_code == 0
    result = run(["lint", "--select", "SL101", "--config-env", "prod", "--format", "json", str(template)])
    (finding,) = json.loads(result.output)["findings"]
    assert "Timeout 1000" in finding["message"]


def test_opt_in_rules_run_only_when_selected():
    text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12}\n"
    assert "SL109" not in {f.rule for f in lint(text).findings}
    extended = lint(text, extend_select=("lambda-explicit-sizing",))
    assert [(f.rule, f.line) for f in extended.findings if f.rule == "SL109"] == [("SL109", 2)]
    assert "SL109" in {f.rule for f in lint(text, select="SL1").findings}
