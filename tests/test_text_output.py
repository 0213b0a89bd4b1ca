"""Text output niceties: -q, colour switches, -h, `slint rules` width, the note when nothing was linted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from slint.cli import main

TEMPLATE = """Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 1200
      Environment:
        Variables:
          DB_PASSWORD: hunter2
"""
ERROR_HEADER = "t.yaml:5:16: error SL101 [lambda-timeout-range]"
WARNING_HEADER = "t.yaml:8:24: warning SL106 [lambda-env-plaintext-secret]"


def _lint(tmp_path, monkeypatch, *args: str, env: dict | None = None):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    return CliRunner(env=env).invoke(main, ["lint", "--no-cache", "--select", "SL101,SL106", *args])


def test_quiet_keeps_the_findings_that_fail_the_run_and_drops_the_summary(tmp_path, monkeypatch):
    loud = _lint(tmp_path, monkeypatch, "--no-color", "t.yaml")
    assert (
        ERROR_HEADER in loud.stdout and WARNING_HEADER in loud.stdout and "2 problem(s) in 1 template(s)" in loud.stdout
    )
    quiet = _lint(tmp_path, monkeypatch, "--no-color", "-q", "t.yaml")
    assert quiet.exit_code == 1
    assert ERROR_HEADER in quiet.stdout and WARNING_HEADER not in quiet.stdout and "problem(s)" not in quiet.stdout
    failing_warnings = _lint(tmp_path, monkeypatch, "--no-color", "-q", "--fail-level", "warning", "t.yaml")
    assert ERROR_HEADER in failing_warnings.stdout and WARNING_HEADER in failing_warnings.stdout
    assert "problem(s)" not in failing_warnings.stdout


@pytest.mark.parametrize(
    "args, env, coloured",
    [
        ((), {}, False),  # not a terminal
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (("--color",), {"NO_COLOR": "1"}, True),
        (("--no-color",), {"FORCE_COLOR": "1"}, False),
    ],
    ids=["pipe", "force-color", "no-color-wins", "flag-wins-over-no-color", "flag-wins-over-force-color"],
)
def test_colour_switches(tmp_path, monkeypatch, args, env, coloured):
    env = {"NO_COLOR": None, "FORCE_COLOR": None, **env}
    result = _lint(tmp_path, monkeypatch, *args, "t.yaml", env=env)
    assert ("\x1b[" in result.stdout) is coloured
    assert "Timeout 1200 exceeds Lambda's maximum of 900 seconds" in result.stdout


@pytest.mark.parametrize("args", [["-h"], ["lint", "-h"], ["rules", "-h"]])
def test_h_is_help(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ") and "-h, --help" in result.stdout


def test_rules_table_fits_the_terminal_and_shows_markdown_as_text():
    result = CliRunner(env={"COLUMNS": "72"}).invoke(main, ["rules"])
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Name", "Severity", "Fix", "What", "it", "checks"]
    assert max(len(line) for line in lines) <= 72
    assert "`" not in result.stdout and "**" not in result.stdout
    assert any(line.startswith("SL101  lambda-timeout-range") and " unsafe " in line for line in lines)


def test_a_run_that_lints_no_template_says_so_on_stderr(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "workflow.yml").write_text("on: push\njobs: {}\n")
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--no-color", "."])
    assert result.exit_code == 0
    assert result.stdout == "No problems found in 0 template(s).\n"
    assert (
        result.stderr
        == "slint: none of the 1 file(s) read in . is a CloudFormation/SAM template; --verbose says why each was skipped\n"
    )
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", "empty"])
    assert result.stderr.startswith("slint: no template found in empty (looked for *.yaml, *.yml, *.json, *.template;")
    templated = _lint(tmp_path, monkeypatch, "t.yaml")
    assert templated.stderr == ""
