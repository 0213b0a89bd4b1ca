"""Typos are caught with a location and a suggestion, never passed over in silence."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from slint.cli import main

SUPPRESSIONS = """Metadata:
  slint:
    ignore: [SL107, SL1O9]
    ignroe: [SL101]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Metadata: {slint: {ignore: [lamda-timeout-range], why: legacy}}
    Properties:
      Timeout: 1200  # slint: ignore[SL1O1]
      MemorySize: 128  # slint: ignore[SL103, cfn-lint/Q1]
"""


def _run(tmp_path, monkeypatch, *args: str, template: str = SUPPRESSIONS, config: str | None = None):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(template)
    if config is not None:
        (tmp_path / ".slint.yaml").write_text(config)
    return CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", *args])


def test_suppressions_naming_no_rule_and_unknown_metadata_keys_are_reported_where_written(tmp_path, monkeypatch):
    result = _run(tmp_path, monkeypatch, "--select", "SL005,SL101,SL107", "t.yaml")
    report = json.loads(result.stdout)
    found = [(f["rule"], f["line"], f["column"], f["resource"], f["message"]) for f in report["findings"]]
    assert found == [
        ("SL005", 3, 21, None, "Metadata.slint.ignore: no rule matches 'SL1O9'; did you mean 'SL109'?"),
        ("SL005", 4, 5, None, "unknown key 'ignroe' under Metadata.slint; did you mean 'ignore'?"),
        (
            "SL005",
            8,
            33,
            "Fn",
            "Metadata.slint.ignore: no rule matches 'lamda-timeout-range'; did you mean 'lambda-timeout-range'?",
        ),
        ("SL005", 8, 55, "Fn", "unknown key 'why' under Metadata.slint; the keys are 'ignore', 'reason'"),
        ("SL101", 10, 16, "Fn", "Timeout 1200 exceeds Lambda's maximum of 900 seconds"),
        ("SL005", 10, 38, None, "inline suppression: no rule matches 'SL1O1'; did you mean 'SL101'?"),
        (
            "SL005",
            11,
            47,
            None,
            "inline suppression: 'cfn-lint/Q1' is not a cfn-lint rule id or prefix (like cfn-lint/E3012, cfn-lint/W or cfn-lint)",
        ),
    ]
    # the template's own Metadata.slint.ignore applies to every finding in it
    assert [(f["rule"], f["suppressed"]) for f in report["suppressed_findings"]] == [("SL107", "metadata")]


def test_template_metadata_ignore_suppresses_findings_anywhere_in_the_template(tmp_path, monkeypatch):
    template = "Metadata:\n  slint: {ignore: [SL101]}\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1200}\n"
    result = _run(tmp_path, monkeypatch, "--select", "SL101", "t.yaml", template=template)
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(f["rule"], f["line"], f["suppressed"]) for f in report["suppressed_findings"]] == [
        ("SL101", 6, "metadata")
    ]


@pytest.mark.parametrize(
    "options, config, expected",
    [
        (("--select", "SL1O1"), None, "--select: no rule matches 'SL1O1'; did you mean 'SL101'?"),
        (
            ("--ignore", "lambda-timout-range"),
            None,
            "--ignore: no rule matches 'lambda-timout-range'; did you mean 'lambda-timeout-range'?",
        ),
        (
            (),
            "region: eu-west-1\nper_file_ignores:\n  legacy/*.yaml: [SL999, SL1O1]\n",
            ".slint.yaml:2: no rule matches 'SL999'",
        ),
        (
            (),
            "per_file_ignores: {legacy/*.yaml: [SL1O1]}\n",
            ".slint.yaml:1: no rule matches 'SL1O1'; did you mean 'SL101'?",
        ),
        (
            (),
            "severity: {lambda-timeout-rnage: off}\n",
            ".slint.yaml:1: no rule matches 'lambda-timeout-rnage'; did you mean 'lambda-timeout-range'?",
        ),
    ],
    ids=["select", "ignore", "per-file-ignores-no-suggestion", "per-file-ignores", "severity"],
)
def test_unknown_rule_selectors_are_configuration_errors_with_a_suggestion(
    tmp_path, monkeypatch, options, config, expected
):
    result = _run(tmp_path, monkeypatch, *options, "t.yaml", config=config)
    assert result.exit_code == 2
    assert result.stderr.strip().replace(str(tmp_path) + "/", "") == f"slint: configuration error: {expected}"


def test_unknown_config_env_in_an_existing_samconfig_is_an_error_with_a_suggestion(tmp_path, monkeypatch):
    (tmp_path / "samconfig.toml").write_text(
        'version = 0.1\n[prod.deploy.parameters]\nregion = "eu-west-1"\n[staging.deploy.parameters]\nregion = "eu-west-1"\n'
    )
    result = _run(tmp_path, monkeypatch, "--config-env", "prd", "t.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip().replace(f"{tmp_path.resolve()}/", "") == (
        "slint: configuration error: samconfig.toml: --config-env: no environment 'prd' in this samconfig (it has: prod, staging); did you mean 'prod'?"
    )
    assert (
        _run(tmp_path, monkeypatch, "--config-env", "prod", "--select", "SL101", "t.yaml").exit_code == 1
    )  # SL101 on Fn
    assert (
        _run(tmp_path, monkeypatch, "--select", "SL101", "t.yaml").exit_code == 1
    )  # default may be left out of samconfig


def test_samconfig_parameter_overrides_are_checked_against_the_template(tmp_path, monkeypatch):
    template = "Parameters:\n  Stage:\n    Type: String\n    AllowedValues: [dev, prod]\nResources:\n  Queue: {Type: AWS::SQS::Queue}\n"
    (tmp_path / "samconfig.toml").write_text(
        'version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "Stage=Prod Stge=dev"\n'
    )
    result = _run(tmp_path, monkeypatch, "--select", "SL006", "t.yaml", template=template)
    found = [(f["line"], f["severity"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [
        (
            1,
            "warning",
            "parameter override 'Stge' (from samconfig) names no parameter of this template; did you mean 'Stage'?",
        ),
        (
            4,
            "error",
            "Parameter Stage value 'Prod' (from samconfig) is not one of AllowedValues [dev, prod]; did you mean 'prod'?",
        ),
    ]
    assert result.exit_code == 1
