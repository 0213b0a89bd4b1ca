"""Which files a run lints: other tools' YAML is skipped, `exclude` and `.gitignore` are respected."""

from __future__ import annotations

import json

from click.testing import CliRunner

from slint.cli import main

BROKEN_TEMPLATE = "Resources:\n  Fn: {Type: AWS::Lambda::Function\n"
HELM_CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n"
ANSIBLE_JINJA = "- hosts: all\n  vars:\n    packages: {% for p in pkgs %}{{ p }} {% endfor %}\n"
TIMEOUT_TEMPLATE = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1200}\n"


def _lint(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout), result.stderr


def _located(report: dict) -> list[tuple]:
    return [(f["rule"], f["file"], f["line"]) for f in report["findings"]]


def test_unparsable_yaml_without_template_signs_is_skipped_and_a_broken_template_still_fails(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chart" / "templates").mkdir(parents=True)
    (tmp_path / "chart" / "templates" / "cm.yaml").write_text(HELM_CONFIGMAP)
    (tmp_path / "playbook.yml").write_text(ANSIBLE_JINJA)
    code, report, _ = _lint("chart/templates/cm.yaml", "playbook.yml")
    assert (code, report["findings"], report["summary"]["templates"]) == (0, [], 0)

    (tmp_path / "broken.yaml").write_text(BROKEN_TEMPLATE)
    code, report, _ = _lint(".")
    assert code == 1
    assert _located(report) == [("SL001", "broken.yaml", 3)]


def test_verbose_says_why_unparsable_yaml_was_skipped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cm.yaml").write_text(HELM_CONFIGMAP)
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--no-color", "--verbose", "cm.yaml"])
    assert result.exit_code == 0
    assert "cm.yaml: skipped (does not parse (did not find expected key, line 4) and shows no sign of CloudFormation/SAM)" in result.stdout


def test_unparsable_json_naming_a_resource_type_is_still_a_parse_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.json").write_text('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"},}}\n')
    (tmp_path / "package.json").write_text('{"name": "app",}\n')
    code, report, _ = _lint("t.json", "package.json")
    assert code == 1
    assert _located(report) == [("SL001", "t.json", 1)]
