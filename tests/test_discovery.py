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
    assert (
        "cm.yaml: skipped (does not parse (did not find expected key, line 4) and shows no sign of CloudFormation/SAM)"
        in result.stdout
    )


def test_unparsable_json_naming_a_resource_type_is_still_a_parse_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.json").write_text('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"},}}\n')
    (tmp_path / "package.json").write_text('{"name": "app",}\n')
    code, report, _ = _lint("t.json", "package.json")
    assert code == 1
    assert _located(report) == [("SL001", "t.json", 1)]


def test_exclude_applies_to_paths_named_on_the_command_line_and_to_walks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".slint.yaml").write_text("exclude: [legacy/*.yaml, generated]\n")
    for name in ("legacy/old.yaml", "generated/deep/stack.yaml", "stacks/app.yaml", "stacks/legacy/kept.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TIMEOUT_TEMPLATE)
    named = ("legacy/old.yaml", "generated/deep/stack.yaml", "stacks/app.yaml", "stacks/legacy/kept.yaml")
    _, report, _ = _lint("--select", "SL101", *named)  # what pre-commit passes
    assert _located(report) == [("SL101", "stacks/app.yaml", 4), ("SL101", "stacks/legacy/kept.yaml", 4)]
    _, walked, _ = _lint("--select", "SL101", ".")
    assert _located(walked) == _located(report)


def test_exclude_patterns_are_relative_to_the_configuration_file(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.slint]\nexclude = ["/infra/old.yaml"]\n')
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "old.yaml").write_text(TIMEOUT_TEMPLATE)
    (tmp_path / "infra" / "new.yaml").write_text(TIMEOUT_TEMPLATE)
    monkeypatch.chdir(tmp_path / "infra")
    _, report, _ = _lint("--select", "SL101", "old.yaml", "new.yaml")
    assert _located(report) == [("SL101", "new.yaml", 4)]


def test_folder_walks_skip_what_gitignore_ignores_inside_a_work_tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("# build output\nbuild/\n*.out.yaml\n/top-only.yaml\n")
    (tmp_path / "app" / "build").mkdir(parents=True)
    (tmp_path / "app" / ".gitignore").write_text("!keep.out.yaml\nlocal-*.yaml\n")
    files = ("build/t.yaml", "app/build/t.yaml", "app/x.out.yaml", "app/keep.out.yaml", "top-only.yaml",
             "app/top-only.yaml", "app/local-dev.yaml", "app/t.yaml")  # fmt: skip
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TIMEOUT_TEMPLATE)
    expected = ["app/keep.out.yaml", "app/t.yaml", "app/top-only.yaml"]
    _, report, _ = _lint("--select", "SL101", ".")
    assert sorted(f["file"] for f in report["findings"]) == expected
    _, from_below, _ = _lint("--select", "SL101", "app")  # the .gitignore files above the walked folder count too
    assert sorted(f["file"] for f in from_below["findings"]) == expected
    _, named, _ = _lint(
        "--select", "SL101", "build/t.yaml"
    )  # a file named on the command line is linted: git ignores, you asked
    assert [f["file"] for f in named["findings"]] == ["build/t.yaml"]


def test_gitignore_is_not_read_outside_a_git_work_tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("*.yaml\n")
    (tmp_path / "t.yaml").write_text(TIMEOUT_TEMPLATE)
    _, report, _ = _lint("--select", "SL101", ".")
    assert _located(report) == [("SL101", "t.yaml", 4)]
