"""The composite GitHub Action: action.yml's shell steps, run locally the way a runner would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SLINT = Path(sys.executable).parent / "slint"

BAD = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {S3Bucket: my-bucket, S3Key: app.zip}
      Timeout: 1200
"""


def load_action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def expand(text: str, inputs: dict[str, str], runner_temp: Path, python: str = sys.executable) -> str:
    """The expressions action.yml uses, with what a runner would give them."""
    known = {
        "github.action_path": str(ROOT),
        "runner.temp": str(runner_temp),
        "steps.python.outputs.python-path": python,
        "steps.python.outputs.python-version": "3.12.0",
        "steps.install.outputs.slint": str(runner_temp / "slint"),  # run_action's recording wrapper
    }

    def value(match: re.Match) -> str:
        expression = match.group(1).strip()
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        if expression in known:
            return known[expression]
        raise AssertionError(f"unexpected expression in action.yml: {expression}")

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def action_inputs(**given: str) -> dict[str, str]:
    inputs = {name: spec.get("default", "") for name, spec in load_action()["inputs"].items()}
    inputs.update({name.replace("_", "-"): value for name, value in given.items()})
    return inputs


def run_step(
    name: str, inputs: dict[str, str], env: dict[str, str], cwd: Path, python: str = sys.executable
) -> subprocess.CompletedProcess:
    (step,) = [step for step in load_action()["runs"]["steps"] if step["name"] == name]
    runner_temp = Path(env["RUNNER_TEMP"])
    step_env = {
        **env,
        **{key: expand(str(value), inputs, runner_temp, python) for key, value in step.get("env", {}).items()},
    }
    script = expand(step["run"], inputs, runner_temp, python)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=step_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_action(workspace: Path, **given: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Run every shell step except the install (slint is installed already, and called through a
    wrapper that records each call in ``runner-temp/calls``), as GitHub would."""
    action = load_action()
    inputs = action_inputs(**given)
    runner_temp = workspace.parent / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    wrapper = runner_temp / "slint"
    wrapper.write_text(f'#!/bin/bash\necho "$*" >> "{runner_temp / "calls"}"\nexec "{SLINT}" "$@"\n')
    wrapper.chmod(0o755)
    summary = runner_temp / "step-summary.md"
    env = {
        **os.environ,
        "PATH": "/usr/bin:/bin",  # slint is not on PATH: the action calls it by its full path
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(runner_temp / "output"),
        "RUNNER_OS": "Linux",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_PATH": str(runner_temp / "path"),
        "RUNNER_TEMP": str(runner_temp),
    }
    output = None
    for step in action["runs"]["steps"]:
        if "run" not in step or step["name"] == "Install slint":
            continue
        output = run_step(step["name"], inputs, env, workspace)
        if output.returncode:
            break
    return output, summary


@pytest.fixture
def workspace(tmp_path):
    if shutil.which("bash") is None or not SLINT.exists():
        pytest.skip("needs bash and the slint command next to this Python")
    root = tmp_path / "repo"
    (root / "stacks").mkdir(parents=True)
    (root / "stacks" / "bad.yaml").write_text(BAD)
    (root / "stacks" / "good.yaml").write_text(BAD.replace("Timeout: 1200", "Timeout: 30"))
    return root


def test_action_declares_its_inputs_and_is_composite():
    action = load_action()
    assert set(action["inputs"]) == {"paths", "version", "fail-level", "extra-args", "sarif-file"}
    assert action["runs"]["using"] == "composite"
    assert all(step.get("shell") == "bash" for step in action["runs"]["steps"] if "run" in step)


def test_action_prints_annotations_writes_sarif_and_fails(workspace):
    result, summary = run_action(
        workspace, paths="stacks", sarif_file="reports/slint.sarif", extra_args="--select SL101"
    )
    assert result.returncode == 1, result.stderr
    calls = (workspace.parent / "runner-temp" / "calls").read_text().splitlines()
    assert calls == [
        "lint --format github --fail-level error --sarif-file reports/slint.sarif --select SL101 -- stacks"
    ]  # linted once
    assert not (workspace.parent / "runner-temp" / "path").exists()  # nothing added to the job's PATH
    assert result.stdout.splitlines() == [
        "::error file=stacks/bad.yaml,line=10,endLine=10,col=16,endColumn=20,title=SL101 (lambda-timeout-range)"
        "::Timeout 1200 exceeds Lambda's maximum of 900 seconds%0AResource: Fn"
        "%0ASee https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    ]
    sarif = json.loads((workspace / "reports" / "slint.sarif").read_text())
    (finding,) = sarif["runs"][0]["results"]
    assert finding["ruleId"] == "SL101"
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stacks/bad.yaml"
    assert "| error | SL101 lambda-timeout-range | stacks/bad.yaml:10 | Fn |" in summary.read_text()


def test_action_passes_extra_args_and_fail_level(workspace):
    result, _ = run_action(workspace, paths="stacks/good.yaml stacks/bad.yaml", extra_args="--severity-of-nothing")
    assert result.returncode == 2  # a usage error is never mistaken for "findings"
    result, _ = run_action(workspace, paths="stacks", extra_args="--select SL101,SL102 --ignore SL101")
    assert (result.returncode, result.stdout) == (0, "")


def test_action_fail_level_decides_the_outcome(workspace):
    (workspace / ".slint.yaml").write_text("severity: {SL101: warning}\n")
    result, _ = run_action(workspace, paths="stacks", extra_args="--select SL101")
    assert result.returncode == 0
    assert result.stdout.startswith("::warning file=stacks/bad.yaml,line=10,")
    result, _ = run_action(workspace, paths="stacks", fail_level="warning", extra_args="--select SL101")
    assert result.returncode == 1


def test_action_keeps_its_environment_to_itself():
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert "GITHUB_PATH" not in text  # later steps of the job keep their own python, pip and PATH
    assert "action_repository" not in text  # empty inside composite actions


RECORDING_PYTHON = """#!/bin/bash
# "python -m venv DIR" makes DIR/bin/python, a copy of this script; anything else is recorded
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0; fi
echo "$*" >> "$RUNNER_TEMP/pip-calls"
"""


@pytest.mark.parametrize(
    "version, installed",
    [("", str(ROOT)), ("0.2.0", "slint-sam==0.2.0"), ("v0.2.0", "slint-sam==0.2.0")],
    ids=["the-action-checkout", "a-pypi-version", "a-tag-like-version"],
)
def test_action_install_step_installs_the_requested_version(tmp_path, version, installed):
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    python = tmp_path / "python"
    python.write_text(RECORDING_PYTHON)
    python.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "output")}
    result = run_step("Install slint", action_inputs(version=version), env, tmp_path, python=str(python))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pip-calls").read_text().splitlines() == [
        f"-m pip install --quiet --disable-pip-version-check {installed}"
    ]
    assert (tmp_path / "output").read_text() == f"slint={tmp_path}/slint-venv/bin/slint\n"
