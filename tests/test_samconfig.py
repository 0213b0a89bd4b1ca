"""samconfig.toml / samconfig.yaml next to a template: region and parameter overrides per environment."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from slint.cli import main

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  T: {Type: Number, Default: 30}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !Ref T
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      EndpointConfiguration: {Types: [REGIONAL]}
      RegionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1
"""

SAMCONFIG = {
    "samconfig.toml": """\
version = 0.1
[default.global.parameters]
region = "eu-west-1"
[default.deploy.parameters]
parameter_overrides = "Stage='two words' T=1000"
[staging.deploy.parameters]
parameter_overrides = ["T=45"]
""",
    "samconfig.yaml": """\
version: 0.1
default:
  global:
    parameters:
      region: eu-west-1
  deploy:
    parameters:
      parameter_overrides: Stage='two words' T=1000
staging:
  deploy:
    parameters:
      parameter_overrides:
        - T=45
""",
}


@pytest.fixture(params=sorted(SAMCONFIG))
def project(request, tmp_path, monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / request.param).write_text(SAMCONFIG[request.param])
    return tmp_path / request.param


def findings(*args: str) -> list[tuple[str, int, str]]:
    """(rule, line, message up to its first colon): enough to tell which override caused it."""
    result = CliRunner().invoke(main, ["lint", "--select", "SL101,SL601", "--format", "json", *args, "template.yaml"])
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["line"], f["message"].split(":")[0]) for f in json.loads(result.output)["findings"]]


def test_default_environment_sets_region_and_parameters(project):
    assert findings() == [
        ("SL101", 8, "Timeout 1000 exceeds Lambda's maximum of 900 seconds (from parameter T (override))"),
        ("SL601", 14, "RegionalCertificateArn is a certificate in us-east-1, not eu-west-1"),
    ]


def test_without_samconfig_neither_finding_appears(tmp_path, monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    assert findings() == []


def test_config_env_selects_another_environment(project):
    assert findings("--config-env", "staging") == []  # T=45, no region: nothing to report
    missing = CliRunner().invoke(main, ["lint", "--no-cache", "--config-env", "missing", "template.yaml"])
    assert missing.exit_code == 2  # a typo, not an environment to ignore (test_typos.py has the message)
    assert "--config-env: no environment 'missing' in this samconfig (it has: default, staging)" in missing.stderr


def test_command_line_wins_over_samconfig(project):
    assert findings("--parameter", "T=60", "--region", "us-east-1") == []
