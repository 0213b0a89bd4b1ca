"""Configuration that does what it says: YAML booleans as severities, policies beside `select`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from slint.cli import main

TEMPLATE = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1200}\n"
POLICY = """policies:
  - id: ORG001
    name: memory-set
    resource_types: [AWS::Lambda::Function]
    property: MemorySize
    require: {present: true}
"""


def _rules(tmp_path, monkeypatch, config: str, *options: str) -> set[str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    (tmp_path / "policies.yaml").write_text(POLICY)
    (tmp_path / ".slint.yaml").write_text(config)
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", *options, "t.yaml"])
    assert result.exit_code in (0, 1), result.stderr
    return {finding["rule"] for finding in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize("word", ["off", "Off", "no", "false"])
def test_yaml_booleans_that_read_as_false_turn_a_rule_off(tmp_path, monkeypatch, word):
    assert "SL101" in _rules(tmp_path, monkeypatch, "severity: {SL101: warning}\n")
    assert "SL101" not in _rules(tmp_path, monkeypatch, f"severity: {{SL101: {word}}}\n")


@pytest.mark.parametrize(
    "config, options, expected",
    [
        ("policies: [policies.yaml]\nselect: [SL101]\n", (), {"SL101", "ORG001"}),
        ("policies: [policies.yaml]\n", ("--select", "SL101"), {"SL101", "ORG001"}),
        ("policies: [policies.yaml]\nselect: [SL101, ORG001]\n", (), {"SL101", "ORG001"}),
        ("policies: [policies.yaml]\nselect: [ORG]\n", (), {"ORG001"}),
        ("policies: [policies.yaml]\nselect: [SL101]\nignore: [memory-set]\n", (), {"SL101"}),
        ("policies: [policies.yaml]\nselect: [SL101]\nseverity: {ORG001: off}\n", (), {"SL101"}),
    ],
    ids=[
        "select-keeps-policies",
        "cli-select-keeps-policies",
        "select-naming-a-policy",
        "select-only-policies",
        "ignored-policy",
        "policy-off",
    ],
)
def test_select_never_silently_drops_declared_policies(tmp_path, monkeypatch, config, options, expected):
    assert _rules(tmp_path, monkeypatch, config, *options) == expected
